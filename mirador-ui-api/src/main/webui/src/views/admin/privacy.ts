// The privacy report of the admin pages: what the core counted as redacted (by detector and
// action, signal, OTLP location, and over time when the answer has buckets) and the scan of the
// stored telemetry for values a detector still matches. Both answers carry counts and places only,
// never a value (core contract of issue 17); every string is still rendered as a text node.
import { corePath, getOptional, postJson, ApiError } from '../../lib/api';
import { lineChart, type Series } from '../../lib/charts/line';
import { h, replace } from '../../lib/dom';
import { formatCount } from '../../lib/format';
import { chooseStep, formatTime } from '../../lib/time';
import { announce, empty, errorPanel, isAbort, loading, section, table } from '../../lib/ui';
import { isHexId, pathWithQuery, seg } from '../../lib/url';
import { build as traceUrl } from '../trace/url';

type Json = Record<string, unknown>;

export interface RedactionRow {
  detector: string;
  action: string;
  signal: string;
  location: string;
  count: number;
  /** epoch ms of the bucket when the report was asked with a step */
  bucket: number | null;
}

export interface ScanMatch {
  detector: string;
  signal: string;
  location: string;
  key: string | null;
  count: number;
  examples: { traceId?: string; spanId?: string; timestamp?: string }[];
}

const DIMENSIONS = ['detector', 'action', 'signal', 'location'] as const;
type Dimension = (typeof DIMENSIONS)[number];

/** The most series the time chart draws; smaller detectors are summed into "other". */
export const MAX_SERIES = 6;

const text = (v: unknown): string => (typeof v === 'string' && v !== '' ? v : v === null || v === undefined || v === '' ? '—' : String(v));
const count = (v: unknown): number => {
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : 0;
};

/** The rows of a /privacy/redactions answer, checked field by field (a bad row counts as 0). */
export function redactionRows(body: Json): RedactionRow[] {
  const rows = body['redactions'];
  if (!Array.isArray(rows)) return [];
  return rows.filter((r): r is Json => r !== null && typeof r === 'object').map((r) => {
    const bucket = typeof r['bucketStart'] === 'string' ? Date.parse(r['bucketStart']) : NaN;
    return {
      detector: text(r['detector']), action: text(r['action']), signal: text(r['signal']), location: text(r['location']),
      count: count(r['count']), bucket: Number.isFinite(bucket) ? bucket : null,
    };
  });
}

/** Sums of count per value of the given dimensions, largest first (ties by name). */
export function groupBy(rows: RedactionRow[], dims: readonly Dimension[]): { keys: string[]; count: number }[] {
  const sums = new Map<string, { keys: string[]; count: number }>();
  for (const r of rows) {
    const keys = dims.map((d) => r[d]);
    const id = keys.join('\u0000');
    const g = sums.get(id);
    if (g) g.count += r.count;
    else sums.set(id, { keys, count: r.count });
  }
  return [...sums.values()].sort((a, b) => b.count - a.count || a.keys.join('\u0000').localeCompare(b.keys.join('\u0000')));
}

/** One series per detector (the largest MAX_SERIES - 1, the rest as "other"), zero-filled per bucket. */
export function detectorSeries(rows: RedactionRow[], from: number, to: number, stepMs: number): Series[] {
  const timed = rows.filter((r) => r.bucket !== null);
  if (!timed.length || stepMs <= 0) return [];
  const order = groupBy(timed, ['detector']).map((g) => g.keys[0]!);
  const shown = order.length > MAX_SERIES ? order.slice(0, MAX_SERIES - 1) : order;
  const names = order.length > MAX_SERIES ? [...shown, 'other'] : shown;
  const start = Math.floor(from / stepMs) * stepMs;
  const buckets: number[] = [];
  for (let t = start; t < to && buckets.length < 2000; t += stepMs) buckets.push(t);
  const sums = new Map<string, Map<number, number>>(names.map((n) => [n, new Map<number, number>()]));
  for (const r of timed) {
    const name = shown.includes(r.detector) ? r.detector : 'other';
    const m = sums.get(name)!;
    const b = Math.floor(r.bucket! / stepMs) * stepMs;
    m.set(b, (m.get(b) ?? 0) + r.count);
  }
  return names.map((name) => ({ name, points: buckets.map((t) => ({ t, v: sums.get(name)!.get(t) ?? 0 })) }));
}

function countsTable(title: string, dims: readonly Dimension[], rows: RedactionRow[], testid: string): HTMLElement {
  const groups = groupBy(rows, dims);
  return section(title, table([
    ...dims.map((d, i) => ({ header: d[0]!.toUpperCase() + d.slice(1), cell: (g: { keys: string[] }) => g.keys[i]! })),
    { header: 'Count', className: 'n', cell: (g: { count: number }) => formatCount(g.count) },
  ], groups, { caption: title, testid }));
}

/** The rendered report: total, the three groupings, the time series when bucketed, every count. */
export function redactionReport(body: Json, range: { from: number; to: number; stepMs: number }): HTMLElement {
  const rows = redactionRows(body);
  const total = body['total'] !== undefined ? count(body['total']) : rows.reduce((s, r) => s + r.count, 0);
  if (!rows.length) return h('div', { 'data-testid': 'redaction-report' }, empty('No redaction recorded in this range.'));
  const series = detectorSeries(rows, range.from, range.to, range.stepMs);
  return h('div', { 'data-testid': 'redaction-report' },
    h('p', { class: 'count', 'data-testid': 'redaction-total' },
      `${formatCount(total)} redaction${total === 1 ? '' : 's'} from ${formatTime(range.from, false)} to ${formatTime(range.to, false)}`),
    series.length ? h('div', { 'data-testid': 'redaction-series' },
      lineChart({ title: 'Redactions per detector over time', series, from: range.from, to: range.to, yFormat: (v) => formatCount(v), width: 1200, height: 220, testid: 'redaction-chart' }),
      // the chart draws a legend for two series or more
      series.length === 1 ? h('ul', { class: 'legend' }, h('li', null, h('span', { class: 'swatch series-0', 'aria-hidden': 'true' }), series[0]!.name)) : null) : null,
    h('div', { class: 'grid3' },
      countsTable('By detector and action', ['detector', 'action'], rows, 'redaction-by-detector'),
      countsTable('By signal', ['signal'], rows, 'redaction-by-signal'),
      countsTable('By location', ['location'], rows, 'redaction-by-location')),
    countsTable('Every count', DIMENSIONS, rows, 'redaction-detail-row'));
}

/** The matches of a /privacy/scan answer, checked field by field. */
export function scanMatches(body: Json): ScanMatch[] {
  const matches = body['matches'];
  if (!Array.isArray(matches)) return [];
  return matches.filter((m): m is Json => m !== null && typeof m === 'object').map((m) => ({
    detector: text(m['detector']), signal: text(m['signal']), location: text(m['location']),
    key: typeof m['key'] === 'string' ? m['key'] : null,
    count: count(m['count']),
    examples: (Array.isArray(m['examples']) ? m['examples'] : []).slice(0, 5)
      .filter((e): e is Json => e !== null && typeof e === 'object')
      .map((e) => ({
        ...(typeof e['traceId'] === 'string' ? { traceId: e['traceId'] } : {}),
        ...(typeof e['spanId'] === 'string' ? { spanId: e['spanId'] } : {}),
        ...(typeof e['timestamp'] === 'string' ? { timestamp: e['timestamp'] } : {}),
      })),
  }));
}

/** An example as a link to its trace (ids checked, so the link cannot point elsewhere) or a time. */
function exampleOf(e: ScanMatch['examples'][number], tenant: string): HTMLElement | string {
  if (e.traceId !== undefined && isHexId(e.traceId)) {
    const span = e.spanId !== undefined && isHexId(e.spanId, 16) ? e.spanId : '';
    return h('a', { href: traceUrl({ tenant, traceId: e.traceId, span }), 'data-testid': 'scan-example' }, `trace ${e.traceId.slice(0, 8)}…`);
  }
  if (e.timestamp !== undefined && Number.isFinite(Date.parse(e.timestamp))) return h('span', { 'data-testid': 'scan-example' }, formatTime(Date.parse(e.timestamp)));
  return '—';
}

/** The scan's verdict: clean, or where matching values are stored (never the values). */
export function scanResult(body: Json, tenant: string): HTMLElement {
  const matches = scanMatches(body);
  const scanned = (body['scanned'] && typeof body['scanned'] === 'object' ? body['scanned'] : {}) as Json;
  const read = `${formatCount(count(scanned['spans']))} spans, ${formatCount(count(scanned['logs']))} logs, ${formatCount(count(scanned['dataPoints']))} data points (${formatCount(count(scanned['values']))} values) read`;
  const truncated = body['truncated'] === true
    ? h('p', { class: 'banner warn', 'data-testid': 'scan-truncated' }, 'The scan stopped at its value limit: the rest of the range was not read. Narrow the range to scan all of it.')
    : null;
  if (body['clean'] === true && !matches.length) {
    return h('div', { 'data-testid': 'scan-result' },
      h('p', { class: 'banner ok', 'data-testid': 'scan-clean' }, `Clean: no stored value matches a detector the tenant's policy enables. ${read}.`),
      truncated);
  }
  const total = matches.reduce((s, m) => s + m.count, 0);
  return h('div', { 'data-testid': 'scan-result' },
    h('p', { class: 'banner warn', role: 'alert', 'data-testid': 'scan-dirty' },
      `Not clean: ${formatCount(total)} stored value${total === 1 ? '' : 's'} match a detector. Where they are is listed; the values are not shown. ${read}.`),
    truncated,
    table([
      { header: 'Detector', cell: (m: ScanMatch) => m.detector },
      { header: 'Signal', cell: (m: ScanMatch) => m.signal },
      { header: 'Location', cell: (m: ScanMatch) => m.location },
      // null: a text field (span or event name, status message, log body); '*': the core's row for
      // keys beyond its 1,000 rows
      { header: 'Key', cell: (m: ScanMatch) => (m.key === null ? h('span', { class: 'muted' }, '(name, message or body)') : m.key === '*' ? h('span', { class: 'muted' }, '(further keys)') : h('code', null, m.key)) },
      { header: 'Count', className: 'n', cell: (m: ScanMatch) => formatCount(m.count) },
      { header: 'Examples', cell: (m: ScanMatch) => (m.examples.length ? m.examples.flatMap((e, i) => (i ? [' ', exampleOf(e, tenant)] : [exampleOf(e, tenant)])) : '—') },
    ], matches, { caption: 'Stored values that match a detector', testid: 'scan-match-row' }));
}

/** The step asked of the core for the time series: about 48 buckets, at least a minute. */
export function reportStepSeconds(from: number, to: number): number {
  return chooseStep(to - from, 48);
}

/**
 * Loads the report into {@code box}; admins also get the "Scan stored data" button. 404/501: the
 * core of this build has no endpoint. A 400 on the step retries without it (an older core).
 */
export async function privacyReport(box: HTMLElement, o: { tenant: string; from: string; to: string; fromMs: number; toMs: number; admin: boolean; signal: AbortSignal }): Promise<void> {
  const stepSeconds = reportStepSeconds(o.fromMs, o.toMs);
  const url = (step: boolean) => corePath(pathWithQuery(`tenants/${seg(o.tenant)}/privacy/redactions`, { from: o.from, to: o.to, step: step ? `PT${stepSeconds}S` : '' }));
  let body: Json | null;
  let stepMs = stepSeconds * 1000;
  try {
    body = await getOptional<Json>(url(true), [404, 501], { signal: o.signal });
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 400)) throw e;
    body = await getOptional<Json>(url(false), [404, 501], { signal: o.signal });
    stepMs = 0;
  }
  if (!body) {
    replace(box, h('p', { class: 'banner muted', 'data-testid': 'privacy-unavailable' }, 'Redaction counts are not available in this build (the core has no /privacy/redactions endpoint).'));
    return;
  }
  const scanBox = h('div', { 'aria-live': 'polite', 'data-testid': 'scan-box' });
  const scan = h('button', { type: 'button', 'data-testid': 'scan-stored', onclick: async () => {
    scan.disabled = true;
    replace(scanBox, loading('the scan of the stored telemetry (every value of the range is read)'));
    try {
      const res = await postJson<Json>(corePath(pathWithQuery(`tenants/${seg(o.tenant)}/privacy/scan`, { from: o.from, to: o.to })), undefined, { signal: o.signal });
      if (!res) throw new ApiError(204, 'No answer', 'the core answered without a scan result');
      replace(scanBox, scanResult(res, o.tenant));
      announce(res['clean'] === true ? 'Scan finished: clean' : 'Scan finished: matches found');
    } catch (e) {
      if (isAbort(e)) return;
      replace(scanBox, e instanceof ApiError && e.status === 404
        ? h('p', { class: 'banner muted', 'data-testid': 'scan-unavailable' }, 'The scan is not available in this build (the core has no /privacy/scan endpoint).')
        : errorPanel(e, 'the scan of the stored telemetry'));
    } finally {
      scan.disabled = false;
    }
  } }, 'Scan stored data');
  replace(box,
    redactionReport(body, { from: o.fromMs, to: o.toMs, stepMs }),
    section('Scan of the stored telemetry',
      h('p', { class: 'hint' }, 'Reads the telemetry stored for this tenant in the range and looks for values that a detector of the tenant\'s policy still matches (what got past the agent and the core). Shows where, never what.'),
      o.admin ? h('p', null, scan) : h('p', { class: 'hint' }, 'Only administrators can run the scan.'),
      scanBox));
}
