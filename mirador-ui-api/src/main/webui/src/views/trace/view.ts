// Trace waterfall with span details (attributes, events, links, status; redaction tokens marked)
// and the way to the trace's logs.
import { corePath, getJson } from '../../lib/api';
import { h, replace, valueText } from '../../lib/dom';
import { formatDurationNanos } from '../../lib/format';
import { formatTime } from '../../lib/time';
import type { Span } from '../../lib/types';
import { router } from '../../lib/router';
import { errorPanel, isAbort, keyValues, loading, table } from '../../lib/ui';
import { isHexId, seg } from '../../lib/url';
import { waterfall } from '../../lib/waterfall/view';
import type { ViewContext } from '../view';
import { build as logsUrl } from '../logs/url';
import { build as serviceUrl } from '../service/url';
import { build, parse } from './url';

interface TraceResponse {
  traceId: string;
  spans: Span[];
  truncated: boolean;
}

function attrTable(attrs: Record<string, string>, caption: string): HTMLElement {
  const entries = Object.entries(attrs).sort(([a], [b]) => (a < b ? -1 : 1));
  if (!entries.length) return h('p', { class: 'hint' }, 'none');
  return table([
    { header: 'Key', cell: ([k]) => k },
    { header: 'Value', className: 'body', cell: ([, v]) => valueText(v) },
  ], entries, { caption, testid: 'attribute-row' });
}

export async function traceView(ctx: ViewContext): Promise<void> {
  const state = parse(ctx.params[0] ?? '', ctx.query);
  state.tenant = ctx.tenant;
  if (!isHexId(state.traceId)) {
    replace(ctx.root, h('h1', null, 'Trace'), errorPanel(new Error('a trace id is 32 lower-case hex digits'), 'the trace'));
    return;
  }
  replace(ctx.root, h('h1', null, 'Trace'), loading('the trace'));
  const t0 = performance.now();
  let trace: TraceResponse;
  try {
    trace = await getJson<TraceResponse>(corePath(`tenants/${seg(ctx.tenant)}/traces/${seg(state.traceId)}`), { signal: ctx.signal });
  } catch (e) {
    if (!isAbort(e)) replace(ctx.root, h('h1', null, 'Trace'), errorPanel(e, 'this trace'));
    return;
  }
  const spans = trace.spans;
  const start = Math.min(...spans.map((s) => s.startTimeUnixNano));
  const end = Math.max(...spans.map((s) => s.startTimeUnixNano + s.durationNanos));
  const services = [...new Set(spans.map((s) => s.serviceName))].sort();
  const errors = spans.filter((s) => s.statusCode === 'Error').length;
  const startMs = start / 1e6;
  const around = { kind: 'absolute' as const, from: Math.floor(startMs / 1000) * 1000 - 60_000, to: Math.ceil(end / 1e9) * 1000 + 60_000 };
  const details = h('aside', { class: 'wf-details', 'aria-label': 'Span details', hidden: true, 'data-testid': 'span-details' });

  // selecting a span changes the URL in place: no reload of a 5,000-span trace
  const showDetails = (s: Span | null) => {
    router.replaceQuietly(build({ ...state, span: s?.spanId ?? '' }));
    renderDetails(s);
  };
  const renderDetails = (s: Span | null) => {
    if (!s) {
      details.hidden = true;
      replace(details);
      return;
    }
    details.hidden = false;
    const close = h('button', { type: 'button', class: 'close', 'aria-label': 'Close span details', onclick: () => select(null) }, '×');
    replace(details,
      h('header', null, h('h2', null, valueText(s.name)), close),
      keyValues([
        ['Service', h('a', { href: serviceUrl({ tenant: ctx.tenant, service: s.serviceName, range: around }) }, s.serviceName)],
        ['Kind', s.kind],
        ['Status', [h('span', { class: s.statusCode === 'Error' ? 'badge badge-bad' : 'badge badge-muted', 'data-testid': 'span-status' }, s.statusCode || 'Unset'), s.statusMessage ? [' ', valueText(s.statusMessage)] : null]],
        ['Start', `${formatTime(s.startTimeUnixNano / 1e6)} (+${formatDurationNanos(s.startTimeUnixNano - start)})`],
        ['Duration', formatDurationNanos(s.durationNanos)],
        ['Span id', h('code', null, s.spanId)],
        ['Parent', s.parentSpanId ? h('code', null, s.parentSpanId) : 'root'],
        ['Scope', `${s.scopeName}${s.scopeVersion ? ' ' + s.scopeVersion : ''}`],
      ]),
      h('p', null, h('a', { href: logsUrl({ tenant: ctx.tenant, range: around, service: '', severity: '', q: '', traceId: state.traceId }), 'data-testid': 'span-logs-link' }, 'Logs of this trace')),
      h('h3', null, 'Attributes'), attrTable(s.attributes, 'Span attributes'),
      h('h3', null, `Events (${s.events.length})`),
      s.events.length ? h('ol', { class: 'events' }, s.events.map((ev) => h('li', { 'data-testid': 'span-event' },
        h('strong', null, valueText(ev.name)), ` +${formatDurationNanos(ev.timeUnixNano - s.startTimeUnixNano)}`,
        Object.keys(ev.attributes).length ? attrTable(ev.attributes, 'Event attributes') : null))) : h('p', { class: 'hint' }, 'none'),
      h('h3', null, `Links (${s.links.length})`),
      s.links.length ? h('ul', { class: 'plain' }, s.links.map((l) => h('li', { 'data-testid': 'span-link' },
        isHexId(l.traceId) ? h('a', { href: build({ tenant: ctx.tenant, traceId: l.traceId, span: /^[0-9a-f]{16}$/.test(l.spanId) ? l.spanId : '' }) }, `${l.traceId.slice(0, 12)}… / ${l.spanId}`) : valueText(`${l.traceId} / ${l.spanId}`),
        Object.keys(l.attributes).length ? attrTable(l.attributes, 'Link attributes') : null))) : h('p', { class: 'hint' }, 'none'),
      h('h3', null, 'Resource'), attrTable(s.resourceAttributes, 'Resource attributes'));
  };
  const wf = waterfall({ spans, selected: state.span, onSelect: (s) => showDetails(s) });
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const select = (s: Span | null) => {
    showDetails(s);
    wf.select(s?.spanId ?? '');
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !details.hidden) {
      e.preventDefault();
      select(null);
    }
  };
  document.addEventListener('keydown', onKey);
  ctx.onLeave(() => document.removeEventListener('keydown', onKey));

  replace(ctx.root,
    h('h1', null, 'Trace ', h('code', { 'data-testid': 'trace-id' }, state.traceId)),
    keyValues([
      ['Started', formatTime(startMs)],
      ['Duration', formatDurationNanos(end - start)],
      ['Spans', h('span', { 'data-testid': 'span-count' }, String(spans.length))],
      ['Errors', String(errors)],
      ['Services', services.join(', ')],
    ]),
    trace.truncated ? h('p', { class: 'banner warn', role: 'status' }, `Only the first ${spans.length} spans of this trace are shown (the core's limit).`) : null,
    h('p', { class: 'links' },
      h('a', { href: logsUrl({ tenant: ctx.tenant, range: around, service: '', severity: '', q: '', traceId: state.traceId }), 'data-testid': 'trace-logs-link' }, 'Logs of this trace'),
      h('span', { class: 'hint' }, ' · bars with a dark outline are on the critical path; ↑↓ move, ←→ collapse/expand, Enter opens a span, Esc closes it')),
    h('div', { class: 'wf-layout' }, wf.element, details));
  const sel = state.span ? byId.get(state.span) ?? null : null;
  renderDetails(sel);
  if (sel) wf.select(sel.spanId);
  performance.measure?.('mirador:trace-render', { start: t0 });
}
