// Findings: open and closed incidents, the detection loop's state, filters; refreshes while open.
import { corePath, getJson, getOptional, rcaPath } from '../../lib/api';
import { h, replace } from '../../lib/dom';
import { formatDurationMs, formatPercent } from '../../lib/format';
import { formatTime } from '../../lib/time';
import { featureLabel } from '../../lib/features';
import type { Detection, Finding, PageOf } from '../../lib/types';
import { announce, badge, empty, errorPanel, field, isAbort, loading, table } from '../../lib/ui';
import { pathWithQuery, seg } from '../../lib/url';
import { apiRange, type ViewContext } from '../view';
import { build as findingUrl } from '../finding/url';
import { build as serviceUrl } from '../service/url';
import { build, parse, STATES, type FindingsState } from './url';

const PAGE = 500;
/** The first page of a page load: small, so the first screen does not wait for 1,000 findings. */
const FIRST_PAGE = 100;
const AUTO_LOAD = 1000;
const REFRESH_MS = 30_000;
/** Rows built before the first paint (more than a screen holds), then this many per task. */
const FIRST_ROWS = 60;
const ROWS_PER_TASK = 150;
/** The longest window the core lists findings over: open incidents older than the range come from it. */
const OPEN_LOOKBACK_MS = 90 * 86_400_000;

/** The findings of the range, then any still-open finding that opened before it, each once. */
export function mergeOpen(inRange: Finding[], open: Finding[]): Finding[] {
  const ids = new Set(inRange.map((f) => f.id));
  return inRange.concat(open.filter((f) => f.status === 'OPEN' && !ids.has(f.id)));
}

export function topCause(f: Finding): { service: string; confidence: number; score: number } | null {
  const c = f.causes[0];
  return c ? c : null;
}

export function detectedAt(f: Finding): string | null {
  return f.detectedAt ?? f.evidence?.detectedAt ?? null;
}

/** Whether a finding concerns the service: symptom, a cause or a member of the incident. */
export function concerns(f: Finding, service: string): boolean {
  if (!service) return true;
  return f.symptom.service === service || f.causes.some((c) => c.service === service)
    || (f.evidence?.services ?? []).includes(service);
}

function detectionBanner(d: Detection | null): HTMLElement {
  if (!d) {
    return h('div', { class: 'banner muted', 'data-testid': 'detection-banner', 'data-state': 'unknown' },
      'The detection loop\'s state is not available in this build.');
  }
  const parts: (string | HTMLElement)[] = [];
  if (d.state === 'learning') {
    parts.push(h('strong', null, 'Learning the baseline: '), `${d.baselineMinutes} of ${d.requiredMinutes} minutes. `,
      'No finding can open before the baseline is complete.');
  } else if (d.state === 'watching') {
    parts.push(h('strong', null, 'Watching. '), d.openIncidents > 0 ? `${d.openIncidents} incident${d.openIncidents === 1 ? '' : 's'} open.` : 'No incident open.');
  } else if (d.state === 'off') {
    parts.push(h('strong', null, 'Detection is off'), ' for this tenant: findings come only from on-demand RCA.');
  } else {
    parts.push(`Detection: ${d.state}`);
  }
  if (d.lastRunAt) parts.push(h('span', { class: 'hint' }, ` Last run ${formatTime(Date.parse(d.lastRunAt))}.`));
  if (d.lastError) parts.push(h('div', { class: 'hint error-text' }, `Last error: ${d.lastError}`));
  return h('div', { class: `banner ${d.state === 'learning' ? 'info' : d.openIncidents > 0 ? 'warn' : 'ok'}`, role: 'status', 'data-testid': 'detection-banner', 'data-state': d.state }, parts);
}

export async function findingsView(ctx: ViewContext): Promise<void> {
  const state = parse(ctx.query);
  state.tenant = ctx.tenant;
  const banner = h('div', null);
  const results = h('div', { 'aria-busy': 'true' }, loading('findings'));
  const serviceIn = h('input', { type: 'search', value: state.service, placeholder: 'any service', 'data-search': '', 'data-testid': 'filter-service', list: 'finding-services' });
  const stateIn = h('select', { 'data-testid': 'filter-state' },
    STATES.map((s) => h('option', { value: s, selected: s === state.state }, s === '' ? 'open and closed' : s)));
  const services = h('datalist', { id: 'finding-services' });
  const form = h('form', { class: 'filters', role: 'search', onsubmit: (e: Event) => {
    e.preventDefault();
    ctx.navigate(build({ ...state, service: serviceIn.value.trim(), state: stateIn.value as FindingsState['state'] }));
  } }, field('Service', serviceIn), field('State', stateIn), h('button', { type: 'submit' }, 'Filter'), services);
  replace(ctx.root, h('h1', null, 'Findings'), banner, form, results);

  const loadDetection = async () => {
    try {
      const d = await getOptional<Detection>(rcaPath(pathWithQuery('detection', { tenant: ctx.tenant })), [404], { signal: ctx.signal });
      replace(banner, detectionBanner(d));
    } catch (e) {
      if (!isAbort(e)) replace(banner, errorPanel(e, 'the detection state'));
    }
  };

  let items: Finding[] = [];
  let cursor: string | null = null;
  const fetchPage = async (after: string | null, limit = PAGE) => {
    const r = apiRange(state.range);
    const page = await getJson<PageOf<Finding>>(corePath(pathWithQuery(`tenants/${seg(ctx.tenant)}/findings`, {
      from: r.from, to: r.to, status: state.state ? state.state.toUpperCase() : null, limit, cursor: after,
    })), { signal: ctx.signal });
    return page;
  };
  // the rows still being appended by the previous show() stop when it is replaced
  let rendering: AbortController | null = null;
  ctx.onLeave(() => rendering?.abort());
  let firstShow = true;
  /** Whether the rest of the list is still being fetched after the first small page. */
  let loadingMore = false;
  let allMeasured = false;
  const show = () => {
    rendering?.abort();
    const current = new AbortController();
    rendering = current;
    const shown = items.filter((f) => concerns(f, state.service));
    // a refresh keeps the reader's place: the height stays until every row is back, and the
    // focused row gets the focus again once it exists
    const focusedId = (document.activeElement as HTMLElement | null)?.closest?.('[data-testid="finding-row"]')?.getAttribute('data-finding-id') ?? null;
    const lockedHeight = firstShow ? 0 : results.getBoundingClientRect?.().height ?? 0;
    if (lockedHeight > 0) results.style.minHeight = `${Math.round(lockedHeight)}px`;
    let attached = false;
    const refocus = () => {
      if (!focusedId || !attached) return false;
      const row = results.querySelector<HTMLElement>(`[data-testid="finding-row"][data-finding-id="${CSS.escape(focusedId)}"]`);
      row?.focus({ preventScroll: true });
      return !!row;
    };
    replace(services, [...new Set(items.flatMap((f) => [f.symptom.service, ...f.causes.map((c) => c.service)]))].sort().map((s) => h('option', { value: s })));
    results.setAttribute('aria-busy', 'false');
    if (shown.length === 0) {
      replace(results, empty(items.length ? 'No finding concerns this service in this range.' : 'No finding in this range.',
        'Findings open when the detection loop sees an incident, or when an RCA is run for a window.'));
      results.style.minHeight = '';
      return;
    }
    const measureFirst = firstShow;
    const measureAll = !loadingMore && !allMeasured;
    firstShow = false;
    if (measureAll) allMeasured = true;
    let refocused = false;
    const now = Date.now();
    const more = cursor
      ? h('button', { type: 'button', 'data-testid': 'load-more', onclick: async () => {
          const page = await fetchPage(cursor);
          items = items.concat(page.items);
          cursor = page.nextCursor;
          show();
        } }, 'Load more')
      : null;
    replace(results,
      h('p', { class: 'count', id: 'findings-count', 'data-testid': 'findings-count', 'data-value': shown.length }, `${shown.length.toLocaleString('en')} finding${shown.length === 1 ? '' : 's'}${loadingMore ? ' so far, loading more…' : cursor ? ' (more available)' : ''}`),
      table([
        { header: 'State', cell: (f) => badge(f.status, f.status === 'OPEN' ? 'bad' : 'ok', 'finding-state') },
        { header: 'First seen', cell: (f) => h('a', { href: findingUrl({ tenant: ctx.tenant, id: f.id, rcaFrom: null, rcaTo: null }), 'data-testid': 'finding-link' }, formatTime(Date.parse(f.symptom.from))) },
        { header: 'Detected', cell: (f) => { const d = detectedAt(f); return d ? formatTime(Date.parse(d)) : '—'; } },
        { header: 'Duration', cell: (f) => {
            const start = Date.parse(f.symptom.from);
            const endMs = f.closedAt ? Date.parse(f.closedAt) : now;
            return `${formatDurationMs(endMs - start)}${f.closedAt ? '' : ' (ongoing)'}`;
          } },
        { header: 'Symptom', cell: (f) => [h('a', { href: serviceUrl({ tenant: ctx.tenant, range: { kind: 'absolute', from: Date.parse(f.symptom.from) - 3_600_000, to: Math.max(Date.parse(f.symptom.to), Date.parse(f.symptom.from) + 60_000) + 900_000 }, service: f.symptom.service }) }, f.symptom.service), ' ', h('span', { class: 'metric' }, featureLabel(f.symptom.metric))] },
        { header: 'Top cause', cell: (f) => {
            const c = topCause(f);
            return c ? h('span', { 'data-testid': 'top-cause', 'data-service': c.service, 'data-confidence': String(c.confidence) }, c.service, ' ', h('span', { class: 'confidence' }, formatPercent(c.confidence))) : '—';
          } },
        { header: 'Resolution', cell: (f) => {
            const r = f.evidence?.resolution;
            return r ? badge(r, r === 'RECOVERED' ? 'ok' : 'warn', 'finding-resolution') : f.status === 'OPEN' ? '—' : 'not recorded';
          } },
      ], shown, {
        caption: `Findings: ${shown.length.toLocaleString('en')} rows`, testid: 'finding-row',
        rowAttrs: (f) => ({ 'data-finding-id': f.id, 'data-status': f.status }),
        onOpen: (f) => ctx.navigate(findingUrl({ tenant: ctx.tenant, id: f.id, rcaFrom: null, rcaTo: null })),
        progressive: {
          first: FIRST_ROWS, chunk: ROWS_PER_TASK, signal: current.signal,
          schedule: (task) => {
            if (!refocused) refocused = refocus();
            setTimeout(task, 0);
          },
          done: () => {
            if (current.signal.aborted) return;
            results.style.minHeight = '';
            if (!refocused) refocus();
            if (measureAll) performance.measure?.('mirador:findings-all-rows', { start: 0 });
          },
        },
      }),
      more);
    attached = true;
    refocused = refocus();
    if (measureFirst) performance.measure?.('mirador:findings-first-rows', { start: 0 });
  };
  const load = async (quiet: boolean) => {
    try {
      // a live range still lists incidents that are open now but opened before it; asked for
      // beside the pages, not after them
      const r = apiRange(state.range);
      const openLookup = state.range.kind === 'relative' && state.state !== 'closed'
        ? getJson<PageOf<Finding>>(corePath(pathWithQuery(`tenants/${seg(ctx.tenant)}/findings`, {
            from: new Date(r.toMs - OPEN_LOOKBACK_MS).toISOString(), to: r.to, status: 'OPEN', limit: PAGE,
          })), { signal: ctx.signal })
        : null;
      openLookup?.catch(() => {}); // awaited below; a failure is reported there
      // a page load shows a first small page at once, then the whole list (a refresh swaps the
      // whole list in one go, so the reader sees no shorter interim list)
      let page = await fetchPage(null, quiet ? PAGE : FIRST_PAGE);
      let all = page.items;
      if (!quiet && page.nextCursor) {
        items = all;
        cursor = null;
        loadingMore = true;
        show();
      }
      while (page.nextCursor && all.length < AUTO_LOAD) {
        page = await fetchPage(page.nextCursor, Math.min(PAGE, AUTO_LOAD - all.length));
        all = all.concat(page.items);
      }
      if (openLookup) all = mergeOpen(all, (await openLookup).items);
      items = all;
      cursor = page.nextCursor;
      loadingMore = false;
      show();
      if (quiet) announce(`Findings refreshed at ${formatTime(Date.now())}`);
    } catch (e) {
      loadingMore = false;
      if (!isAbort(e)) replace(results, errorPanel(e, 'the findings'));
    }
  };
  await Promise.all([loadDetection(), load(false)]);
  const timer = setInterval(() => {
    if (items.some((f) => f.status === 'OPEN') || state.range.kind === 'relative') {
      void loadDetection();
      void load(true);
    }
  }, REFRESH_MS);
  ctx.onLeave(() => clearInterval(timer));
}
