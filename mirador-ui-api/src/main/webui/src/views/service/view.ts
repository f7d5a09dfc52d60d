// Service page: rate, errors and latency over time with anomaly markers, top operations, recent
// error traces and recent logs.
import { corePath, getJson, rcaPath } from '../../lib/api';
import { lineChart, type Marker } from '../../lib/charts/line';
import { sparkline } from '../../lib/charts/small';
import { h, replace, valueText } from '../../lib/dom';
import { featureSeries } from '../../lib/features';
import { formatCount, formatDurationNanos, formatNumber, formatPercent, formatRate } from '../../lib/format';
import { formatTime } from '../../lib/time';
import type { Anomaly, Features, LogRecord, OperationMinute, PageOf, TraceSummary } from '../../lib/types';
import { empty, isAbort, loading, notAvailableOr, section, table } from '../../lib/ui';
import { pathWithQuery, seg } from '../../lib/url';
import { apiRange, type ViewContext } from '../view';
import { build as logsUrl } from '../logs/url';
import { build as mapUrl } from '../map/url';
import { build as tracesUrl } from '../traces/url';
import { build as traceUrl } from '../trace/url';
import { parse } from './url';

const DAY = 86_400_000;
const ANOMALY_MAX = 6 * 3_600_000;

export interface OperationTotal {
  operation: string;
  kind: string;
  spans: number;
  errors: number;
  p95: number | null;
  /** spans per minute, by minute start (ms) */
  perMinute: Map<number, number>;
}

/** Per operation over the window: spans, errors, span-weighted mean of the minutes' p95. */
export function operationTotals(rows: OperationMinute[], service: string): OperationTotal[] {
  const by = new Map<string, OperationTotal & { w: number; sum: number }>();
  for (const r of rows) {
    if (r.service !== service) continue;
    const k = `${r.operation}\u0000${r.kind}`;
    let t = by.get(k);
    if (!t) by.set(k, (t = { operation: r.operation, kind: r.kind, spans: 0, errors: 0, p95: null, perMinute: new Map(), w: 0, sum: 0 }));
    const minute = Math.round(r.minuteStartUnixNano / 1e6);
    t.perMinute.set(minute, (t.perMinute.get(minute) ?? 0) + r.spans);
    t.spans += r.spans;
    t.errors += r.errors;
    if (r.latencyP95Nanos !== null && r.spans > 0) {
      t.sum += r.latencyP95Nanos * r.spans;
      t.w += r.spans;
    }
  }
  return [...by.values()].map(({ w, sum, ...t }) => ({ ...t, p95: w ? sum / w : null })).sort((a, b) => b.spans - a.spans);
}

function anomalyLabel(a: Anomaly): string {
  const top = [...a.contributions].sort((x, y) => y.contribution - x.contribution).slice(0, 3)
    .map((c) => `${c.feature} ${formatNumber(c.value, 3)} (baseline ${formatNumber(c.reference, 3)}, +${formatNumber(c.contribution, 2)})`);
  return `${formatTime(Date.parse(a.minute))}: anomaly score ${formatNumber(a.score, 3)} (alarm ${formatNumber(a.alarmLevel, 3)}, ${formatNumber(a.relativeScore, 3)}× the alarm level)${top.length ? '; ' + top.join('; ') : ''}`;
}

export async function serviceView(ctx: ViewContext): Promise<void> {
  const state = parse(ctx.params[0] ?? '', ctx.query);
  state.tenant = ctx.tenant;
  const service = state.service;
  const r = apiRange(state.range);
  const from = Math.max(r.fromMs, r.toMs - DAY);
  const to = r.toMs;
  const clipped = from > r.fromMs;
  const charts = h('div', null, loading('the service\'s series'));
  const ops = h('div', null, loading('operations'));
  const traces = h('div', null, loading('error traces'));
  const logs = h('div', null, loading('logs'));
  replace(ctx.root,
    h('h1', null, 'Service ', h('span', { 'data-testid': 'service-name' }, service)),
    clipped ? h('p', { class: 'hint' }, 'Charts cover the last 24 hours of the range (the most the core serves per-minute features for).') : null,
    h('p', { class: 'links' },
      h('a', { href: tracesUrl({ tenant: ctx.tenant, range: state.range, service, operation: '', status: '', minDuration: '', attr: [] }) }, 'Traces of this service'), ' · ',
      h('a', { href: logsUrl({ tenant: ctx.tenant, range: state.range, service, severity: '', q: '', traceId: '' }) }, 'Logs of this service'), ' · ',
      h('a', { href: mapUrl({ tenant: ctx.tenant, range: state.range, focus: service }) }, 'Map around this service')),
    section('Rate, errors, latency', charts),
    section('Top operations', ops),
    section('Recent error traces', traces),
    section('Recent logs', logs));
  const iso = (ms: number) => new Date(ms).toISOString();
  const base = `tenants/${seg(ctx.tenant)}`;
  const load = async () => {
    const [features, anomalies] = await Promise.all([
      getJson<Features>(corePath(pathWithQuery(`${base}/features`, { from: iso(from), to: iso(to) })), { signal: ctx.signal }),
      getJson<{ anomalies: Anomaly[] }>(rcaPath(pathWithQuery('anomalies', { tenant: ctx.tenant, from: iso(Math.max(from, to - ANOMALY_MAX)), to: iso(to) })), { signal: ctx.signal })
        .then((a) => ({ list: a.anomalies, error: null as unknown }))
        .catch((e: unknown) => ({ list: [] as Anomaly[], error: e })),
    ]);
    const mine = anomalies.list.filter((a) => a.service === service);
    const markers: Marker[] = mine.map((a) => ({ t: Date.parse(a.minute), label: anomalyLabel(a), severity: a.relativeScore >= 2 ? 'bad' : 'warn' }));
    const series = (f: string) => featureSeries(features.services, service, f, from, to);
    if (!features.services.some((m) => m.service === service)) {
      replace(charts, empty('This service had no requests in this range.'));
      return;
    }
    const rate = series('requests').map((p) => ({ t: p.t, v: p.v === null ? null : p.v / 60 }));
    replace(charts,
      anomalies.error ? h('p', { class: 'hint' }, 'Anomaly markers unavailable: ', anomalies.error instanceof Error ? anomalies.error.message : 'error') : mine.length
        ? h('p', { class: 'hint', 'data-testid': 'anomaly-count' }, `${mine.length} anomalous minute${mine.length === 1 ? '' : 's'} in the last ${Math.round(Math.min(to - from, ANOMALY_MAX) / 60_000)} minutes (markers: hover or focus for the score and features).`)
        : h('p', { class: 'hint', 'data-testid': 'anomaly-count' }, 'No anomalous minute.'),
      h('div', { class: 'charts' },
        lineChart({ title: 'Requests per second', series: [{ name: 'rate', points: rate }], from, to, yFormat: (v) => formatRate(v), markers, area: true, testid: 'chart-rate' }),
        lineChart({ title: 'Error rate', series: [{ name: 'errors', points: series('error_rate') }], from, to, yFormat: (v) => formatPercent(v), markers, markersFocusable: false, area: true, testid: 'chart-errors' }),
        lineChart({ title: 'Latency', series: [
          { name: 'p50', points: series('latency_p50') },
          { name: 'p95', points: series('latency_p95') },
          { name: 'p99', points: series('latency_p99') },
        ], from, to, yFormat: (v) => formatDurationNanos(v), markers, markersFocusable: false, testid: 'chart-latency' })));
  };
  const loadOps = async () => {
    const o = await getJson<{ operations: OperationMinute[] }>(corePath(pathWithQuery(`${base}/features/operations`, { from: iso(from), to: iso(to) })), { signal: ctx.signal });
    const totals = operationTotals(o.operations, service).slice(0, 20);
    replace(ops, totals.length ? table([
      { header: 'Operation', cell: (t) => h('a', { href: tracesUrl({ tenant: ctx.tenant, range: state.range, service, operation: t.operation, status: '', minDuration: '', attr: [] }) }, valueText(t.operation)) },
      { header: 'Kind', cell: (t) => t.kind },
      { header: 'Spans', className: 'n', cell: (t) => formatCount(t.spans) },
      { header: 'Rate', className: 'n', cell: (t) => formatRate(t.spans / ((to - from) / 1000)) },
      { header: 'Spans per minute', cell: (t) => {
          const points = [];
          for (let m = Math.floor(from / 60_000) * 60_000; m < to; m += 60_000) points.push({ t: m, v: t.perMinute.get(m) ?? 0 });
          return points.length > 1 ? sparkline(points, `${t.operation}: spans per minute`) : '—';
        } },
      { header: 'Error rate', className: 'n', cell: (t) => formatPercent(t.spans ? t.errors / t.spans : 0) },
      { header: 'p95', className: 'n', cell: (t) => formatDurationNanos(t.p95) },
    ], totals, { caption: 'Top operations', testid: 'operation-row' }) : empty('No operations in this range.'));
  };
  const loadTraces = async () => {
    const p = await getJson<PageOf<TraceSummary>>(corePath(pathWithQuery(`${base}/traces`, { from: iso(r.fromMs), to: iso(r.toMs), service, status: 'Error', limit: 10 })), { signal: ctx.signal });
    replace(traces, p.items.length ? table([
      { header: 'Trace', cell: (t) => h('a', { href: traceUrl({ tenant: ctx.tenant, traceId: t.traceId, span: '' }), 'data-testid': 'trace-link' }, t.traceId.slice(0, 16) + '…') },
      { header: 'Started', cell: (t) => formatTime(t.startTimeUnixNano / 1e6) },
      { header: 'Root', cell: (t) => [t.rootServiceName, ' ', valueText(t.rootSpanName)] },
      { header: 'Duration', className: 'n', cell: (t) => formatDurationNanos(t.durationNanos) },
      { header: 'Errors', className: 'n', cell: (t) => `${t.errorSpanCount} of ${t.spanCount}` },
    ], p.items, { caption: 'Recent error traces', testid: 'trace-row' }) : empty('No error trace in this range.'));
  };
  const loadLogs = async () => {
    const p = await getJson<PageOf<LogRecord>>(corePath(pathWithQuery(`${base}/logs`, { from: iso(r.fromMs), to: iso(r.toMs), service, limit: 20 })), { signal: ctx.signal });
    replace(logs, p.items.length ? logTable(ctx.tenant, p.items) : empty('No log record in this range.'));
  };
  const guard = (box: HTMLElement, what: string, f: () => Promise<void>) => f().catch((e) => {
    if (!isAbort(e)) replace(box, notAvailableOr(e, what));
  });
  await Promise.all([guard(charts, 'per-minute series', load), guard(ops, 'per-operation figures', loadOps), guard(traces, 'error traces', loadTraces), guard(logs, 'logs', loadLogs)]);
}

const SEVERITY_CLASS = (n: number) => (n >= 17 ? 'bad' : n >= 13 ? 'warn' : n >= 9 ? 'ok' : 'muted');

/** Log records as a table (also used by the logs view). */
export function logTable(tenant: string, items: LogRecord[]): HTMLTableElement {
  return table([
    { header: 'Time', cell: (l) => h('time', null, formatTime(l.timeUnixNano / 1e6)) },
    { header: 'Severity', cell: (l) => h('span', { class: `badge badge-${SEVERITY_CLASS(l.severityNumber)}` }, l.severityText || String(l.severityNumber)) },
    { header: 'Service', cell: (l) => l.serviceName },
    { header: 'Body', className: 'body', cell: (l) => valueText(l.body) },
    { header: 'Trace', cell: (l) => (l.traceId ? h('a', { href: traceUrl({ tenant, traceId: l.traceId, span: l.spanId && /^[0-9a-f]{16}$/.test(l.spanId) ? l.spanId : '' }), 'data-testid': 'log-trace-link' }, l.traceId.slice(0, 12) + '…') : '—') },
  ], items, { caption: 'Log records', testid: 'log-row' });
}
