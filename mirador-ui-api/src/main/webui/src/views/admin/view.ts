// Admin: audit log (filters, CSV export), agents, the core's keys, tenants, privacy report.
// The server refuses non-admins; the menu only hides what would be refused.
import { corePath, getJson, getOptional, postJson } from '../../lib/api';
import { download, toCsv } from '../../lib/csv';
import { h, replace, valueText } from '../../lib/dom';
import { formatCount } from '../../lib/format';
import { formatTime, toIso } from '../../lib/time';
import type { AuditRecord, PageOf } from '../../lib/types';
import { announce, empty, errorPanel, field, isAbort, loading, section, table } from '../../lib/ui';
import { pathWithQuery, seg } from '../../lib/url';
import { apiRange, isAdmin, type ViewContext } from '../view';
import { privacyReport } from './privacy';
import { build, parse, TABS, type AdminState } from './url';

const LABELS: Record<string, string> = { audit: 'Audit log', agents: 'Agents', keys: 'Keys', tenants: 'Tenants', privacy: 'Privacy report' };

type Json = Record<string, unknown>;

const str = (v: unknown): string => (v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));
const when = (v: unknown): string => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? formatTime(Date.parse(v)) : str(v));

export function auditCsv(rows: AuditRecord[]): string {
  return toCsv(['time', 'actor', 'tenant', 'action', 'parameters', 'outcome', 'resultCount'],
    rows.map((r) => [r.time, r.actor, r.tenant, r.action, Object.entries(r.parameters ?? {}).map(([k, v]) => `${k}=${v}`).join('; '), r.outcome, r.resultCount]));
}

async function audit(ctx: ViewContext, s: AdminState, box: HTMLElement): Promise<void> {
  const r = apiRange(s.range);
  const actorIn = h('input', { type: 'search', value: s.actor, placeholder: 'e.g. local-admin', 'data-search': '', 'data-testid': 'filter-actor' });
  const actionIn = h('input', { type: 'search', value: s.action, placeholder: 'e.g. query.spans.search', 'data-testid': 'filter-action' });
  const results = h('div', null, loading('the audit log'));
  replace(box, h('form', { class: 'filters', role: 'search', onsubmit: (e: Event) => {
    e.preventDefault();
    ctx.navigate(build({ ...s, actor: actorIn.value.trim(), action: actionIn.value.trim() }));
  } }, field('Actor', actorIn), field('Action', actionIn), h('button', { type: 'submit' }, 'Filter')), results);
  const page = await getJson<PageOf<AuditRecord>>(corePath(pathWithQuery(`tenants/${seg(ctx.tenant)}/audit`, {
    from: r.from, to: r.to, actor: s.actor, action: s.action, limit: 1000,
  })), { signal: ctx.signal });
  if (!page.items.length) {
    replace(results, empty('No audit record in this range.'));
    return;
  }
  replace(results,
    h('p', { class: 'count' }, `${page.items.length} record${page.items.length === 1 ? '' : 's'}${page.nextCursor ? ' (the newest 1,000: narrow the range for older ones)' : ''} `,
      h('button', { type: 'button', 'data-testid': 'audit-csv', onclick: () => {
        download(`mirador-audit-${ctx.tenant}-${toIso(r.fromMs)}-${toIso(r.toMs)}.csv`.replace(/:/g, ''), auditCsv(page.items));
        announce('Audit CSV downloaded');
      } }, 'Export CSV')),
    table([
      { header: 'Time', cell: (a) => formatTime(Date.parse(a.time)) },
      { header: 'Actor', cell: (a) => a.actor },
      { header: 'Action', cell: (a) => a.action },
      { header: 'Parameters', className: 'body', cell: (a) => valueText(Object.entries(a.parameters ?? {}).map(([k, v]) => `${k}=${v}`).join(', ')) },
      { header: 'Outcome', cell: (a) => h('span', { class: `badge badge-${a.outcome === 'ok' ? 'ok' : a.outcome === 'denied' ? 'bad' : 'warn'}` }, a.outcome) },
      { header: 'Results', className: 'n', cell: (a) => String(a.resultCount) },
    ], page.items, { caption: 'Audit records', testid: 'audit-row' }));
}

async function agents(ctx: ViewContext, box: HTMLElement): Promise<void> {
  const list = await getJson<Json[] | { agents: Json[] }>(corePath(pathWithQuery('admin/agents', { tenant: ctx.tenant })), { signal: ctx.signal });
  const rows = Array.isArray(list) ? list : list.agents;
  replace(box, rows.length ? [table([
    { header: 'Agent', cell: (a) => str(a['agentId']) },
    { header: 'Tenant', cell: (a) => str(a['tenant']) },
    { header: 'Registered by', cell: (a) => str(a['source']) },
    { header: 'Last batch', cell: (a) => (a['lastBatchAt'] ? when(a['lastBatchAt']) : 'none since the core started') },
    { header: 'Batches', className: 'n', cell: (a) => (a['batches'] === null || a['batches'] === undefined ? '—' : formatCount(Number(a['batches']))) },
    { header: 'Last sequence', className: 'n', cell: (a) => str(a['lastSequence']) },
    { header: 'Public key', cell: (a) => h('code', { class: 'key' }, str(a['publicKey'])) },
  ], rows, { caption: 'Registered agents', testid: 'agent-row' }),
  h('p', { class: 'hint' }, 'Last batch and counts cover the time since the core started.')] : empty('No agent is registered for this tenant.'));
}

async function keys(ctx: ViewContext, box: HTMLElement): Promise<void> {
  const res = await getJson<{ keys: Json[] }>(corePath('admin/keys'), { signal: ctx.signal });
  const status = h('div', { 'aria-live': 'polite' });
  const rotate = h('button', { type: 'button', class: 'danger', 'data-testid': 'rotate-key', onclick: async () => {
    if (!window.confirm('Rotate the core\'s recipient key? Agents pick up the new key; the former one keeps opening batches until retired.')) return;
    rotate.disabled = true;
    try {
      await postJson(corePath('admin/keys/rotate'), undefined, { signal: ctx.signal });
      announce('Key rotated');
      ctx.navigate(location.pathname + location.search, true);
    } catch (e) {
      rotate.disabled = false;
      if (!isAbort(e)) replace(status, errorPanel(e, 'the key rotation'));
    }
  } }, 'Rotate the recipient key');
  replace(box, res.keys.length ? table([
    { header: 'Key id', cell: (k) => h('code', null, str(k['keyId'])) },
    { header: 'Purpose', cell: (k) => str(k['purpose']) },
    { header: 'Scope', cell: (k) => str(k['scope']) },
    { header: 'State', cell: (k) => h('span', { class: `badge badge-${k['state'] === 'active' ? 'ok' : k['state'] === 'retiring' ? 'warn' : 'muted'}` }, str(k['state'])) },
    { header: 'Created', cell: (k) => when(k['createdAt']) },
    { header: 'Replaced', cell: (k) => (k['replacedAt'] ? when(k['replacedAt']) : '—') },
], res.keys, { caption: 'The core\'s recipient keys', testid: 'key-row' }) : empty('No key reported.'), h('p', null, rotate, ' ', h('span', { class: 'hint' }, 'Rotates the recipient key agents seal to; pseudonymization keys are not affected.')), status);
}

async function tenants(ctx: ViewContext, box: HTMLElement): Promise<void> {
  const res = await getJson<{ tenants: Json[] }>(corePath('admin/tenants'), { signal: ctx.signal });
  const policy = (t: Json) => (t['policy'] ?? {}) as Json;
  replace(box, res.tenants.length ? table([
    { header: 'Tenant', cell: (t) => str(t['id']) },
    { header: 'Region', cell: (t) => [str(t['region']), policy(t)['storedHere'] === false ? h('span', { class: 'badge badge-warn' }, 'stored elsewhere') : null] },
    { header: 'Retention (days)', cell: (t) => {
        const r = (t['retention'] ?? {}) as Json;
        return `traces ${str(r['traces'])} · logs ${str(r['logs'])} · metrics ${str(r['metrics'])}`;
      } },
    { header: 'Agents', className: 'n', cell: (t) => str(t['agents']) },
    { header: 'Redaction policy', cell: (t) => (policy(t)['redactionPolicy'] ? h('code', null, str(policy(t)['redactionPolicy'])) : 'built-in safe default') },
    { header: 'OTLP API keys', cell: (t) => {
        const k = policy(t)['apiKeys'];
        return Array.isArray(k) && k.length ? k.map(String).join(', ') : 'none';
      } },
  ], res.tenants, { caption: 'Tenants', testid: 'tenant-row' }) : empty('No tenant configured.'));
}

async function privacy(ctx: ViewContext, s: AdminState, box: HTMLElement): Promise<void> {
  const r = apiRange(s.range);
  const red = h('div', null, loading('redaction counts'));
  const res = h('div', null, loading('residency refusals'));
  replace(box, section('Redactions', red), section('Batches refused for residency', res));
  const redactions = privacyReport(red, { tenant: ctx.tenant, ...r, admin: isAdmin(ctx.session), signal: ctx.signal })
    .catch((e) => { if (!isAbort(e)) replace(red, errorPanel(e, 'redaction counts')); });
  const refusals = getOptional<{ refusals: Json[]; total: number; source?: string }>(corePath(pathWithQuery('admin/residency-refusals', { tenant: ctx.tenant, from: r.from, to: r.to })), [404, 501], { signal: ctx.signal })
    .then((body) => {
      if (!body) {
        replace(res, h('p', { class: 'banner muted', 'data-testid': 'residency-unavailable' }, 'Residency refusals are not available in this build.'));
        return;
      }
      replace(res, body.refusals.length
        ? [h('p', { class: 'count', 'data-testid': 'residency-total' }, `${body.total} refused batch${body.total === 1 ? '' : 'es'}`),
           table([
             { header: 'Time', cell: (x) => when(x['at']) },
             { header: 'Tenant', cell: (x) => str(x['tenant']) },
             { header: 'Agent', cell: (x) => str(x['agent']) },
             { header: 'Region', cell: (x) => str(x['region']) },
             { header: 'Reason', className: 'body', cell: (x) => valueText(str(x['reason'])) },
           ], body.refusals, { caption: 'Residency refusals', testid: 'residency-row' })]
        : empty(body.total ? `${body.total} refused batches, none listed.` : 'No batch was refused for residency in this range.'));
      if (body.source) res.append(h('p', { class: 'hint' }, `Source: ${body.source}`));
    })
    .catch((e) => { if (!isAbort(e)) replace(res, errorPanel(e, 'residency refusals')); });
  await Promise.all([redactions, refusals]);
}

export async function adminView(ctx: ViewContext): Promise<void> {
  const s = parse(ctx.params[0] ?? 'audit', ctx.query);
  s.tenant = ctx.tenant;
  const box = h('div', null, loading(LABELS[s.tab]!.toLowerCase()));
  replace(ctx.root,
    h('h1', null, 'Admin'),
    isAdmin(ctx.session) ? null : h('p', { class: 'banner warn' }, 'Your session has no admin role: the server refuses these pages.'),
    h('nav', { class: 'tabs', 'aria-label': 'Admin sections' }, h('ul', null, TABS.map((t) =>
      h('li', null, h('a', { href: build({ ...s, tab: t }), 'aria-current': t === s.tab ? 'page' : null, class: t === s.tab ? 'active' : null, 'data-testid': `admin-tab-${t}` }, LABELS[t]!))))),
    h('div', { 'data-testid': `admin-${s.tab}` }, box));
  try {
    if (s.tab === 'audit') await audit(ctx, s, box);
    else if (s.tab === 'agents') await agents(ctx, box);
    else if (s.tab === 'keys') await keys(ctx, box);
    else if (s.tab === 'tenants') await tenants(ctx, box);
    else await privacy(ctx, s, box);
  } catch (e) {
    if (!isAbort(e)) replace(box, errorPanel(e, LABELS[s.tab]!.toLowerCase()));
  }
}
