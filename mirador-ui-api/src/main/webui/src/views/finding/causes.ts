// Ranked causes with their measured evidence: shared by the stored finding and a re-run's answer.
import { lineChart } from '../../lib/charts/line';
import { bar } from '../../lib/charts/small';
import { h, valueText } from '../../lib/dom';
import { featureLabel, featureSeries, isSelfTime, selfTimeSeries } from '../../lib/features';
import { formatCount, formatDurationNanos, formatFeature, formatNumber, formatPercent } from '../../lib/format';
import { layoutGraph } from '../../lib/graph/layout';
import { graphSvg } from '../../lib/graph/render';
import { formatTime } from '../../lib/time';
import type { EdgeEvidence, EngineCause, EngineFinding, Example, SelfTimeMinute, ServiceMinute } from '../../lib/types';
import { empty, keyValues, table } from '../../lib/ui';
import { build as logsUrl } from '../logs/url';
import { build as serviceUrl } from '../service/url';
import { build as traceUrl } from '../trace/url';

export interface EvidenceContext {
  tenant: string;
  /** per-minute features covering baseline and window, null when they could not be read */
  features: ServiceMinute[] | null;
  /** per-minute self times, for self_time_* evidence; null when not read */
  selfTimes: SelfTimeMinute[] | null;
  from: number;
  to: number;
  window: { from: number; to: number };
}

/** A number shown formatted, with the API's exact value in data-value for checks. */
function num(value: number, shown: string, testid: string): HTMLElement {
  return h('span', { class: 'num', 'data-testid': testid, 'data-value': String(value) }, shown);
}

function evidenceChart(ec: EvidenceContext, service: string, e: { metric: string; baselineMedian: number; baselineIqr: number }): HTMLElement | null {
  const points = isSelfTime(e.metric)
    ? ec.selfTimes ? selfTimeSeries(ec.selfTimes, service, e.metric, ec.from, ec.to) : null
    : ec.features ? featureSeries(ec.features, service, e.metric, ec.from, ec.to) : null;
  if (!points) return null;
  if (!points.some((p) => p.v !== null)) return null;
  return lineChart({
    title: `${service}: ${featureLabel(e.metric)}`,
    series: [{ name: featureLabel(e.metric), points }],
    from: ec.from,
    to: ec.to,
    yFormat: (v) => formatFeature(e.metric, v),
    window: { ...ec.window, label: 'incident window' },
    band: {
      lo: e.baselineMedian - e.baselineIqr,
      hi: e.baselineMedian + e.baselineIqr,
      label: `baseline median ${formatFeature(e.metric, e.baselineMedian)} ± IQR ${formatFeature(e.metric, e.baselineIqr)}`,
    },
    height: 140,
    testid: 'evidence-chart',
  });
}

/** A JSON number, or NaN: the engine's non-finite doubles may arrive as strings ("NaN"). */
function finite(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : NaN;
}

/** A change of latency with its sign: +1.2 ms, -300 µs, 0 ns. */
function signedDuration(nanos: number): string {
  const shown = formatDurationNanos(nanos);
  return nanos > 0 ? `+${shown}` : shown;
}

/**
 * Whether the edge's wire gap moved: its window median at least one robust scale above the
 * baseline's (`gapDeviation` >= 1). The scale is the baseline's IQR, floored at 1 % of the whole
 * call (EdgeLatencies.gapDeviation), so a move under one scale is inside the baseline's own spread.
 * The engine splits only a positive move between the edge's two ends (half each when neither end's
 * other edges moved); an edge that did not move has nothing charged to anyone, and its `share`
 * (0.5 then) is not a share of anything.
 */
export function gapMoved(e: Pick<EdgeEvidence, 'gapDeviation'>): boolean {
  return finite(e.gapDeviation) >= 1;
}

/** The share charged to this cause, or a dash (with the reason on hover) when the gap did not move. */
function shareCell(e: EdgeEvidence): HTMLElement {
  const share = finite(e.share);
  if (gapMoved(e)) return num(share, formatPercent(share), 'edge-share');
  const deviation = finite(e.gapDeviation);
  const cell = num(share, '—', 'edge-share');
  cell.setAttribute('data-moved', 'false');
  cell.title = Number.isFinite(deviation)
    ? `The gap did not move (${formatNumber(deviation, 3)} robust scales from its baseline, under 1): nothing to charge`
    : 'The gap\'s move was not measured: nothing to charge';
  return cell;
}

/**
 * The share of the edge's calls its caller made again (a retry of an answer it could not use, or a
 * loop over items), baseline → window: a callee that answers wrongly or fails shows here when its
 * latency does not move. A dash where a finding predates the field.
 */
function repeatCell(e: EdgeEvidence): HTMLElement {
  const base = finite(e.baselineRepeatShare);
  const now = finite(e.windowRepeatShare);
  const text = Number.isFinite(base) || Number.isFinite(now) ? `${formatPercent(base)} → ${formatPercent(now)}` : '—';
  return num(now, text, 'edge-repeats');
}

/** Per call edge at the cause, as the engine ordered them: what the wire and the callee added. */
function edgesOf(cause: EngineCause): HTMLElement[] | null {
  const edges = Array.isArray(cause.edges) ? cause.edges.filter((e): e is EdgeEvidence => typeof e === 'object' && e !== null) : [];
  if (!edges.length) return null;
  const from = (base: unknown, now: unknown) => `${formatDurationNanos(finite(base))} → ${formatDurationNanos(finite(now))}`;
  return [
    h('h4', null, 'Latency added per call'),
    table<EdgeEvidence>([
      { header: 'Call', cell: (e) => [valueText(String(e.caller)), ' → ', valueText(String(e.callee))] },
      { header: 'Calls', className: 'n', cell: (e) => num(finite(e.calls), formatCount(finite(e.calls)), 'edge-calls') },
      {
        header: 'Wire gap p50, baseline → window',
        className: 'n',
        cell: (e) => h('span', { title: `p95 ${from(e.baselineGapP95Nanos, e.windowGapP95Nanos)}` },
          num(finite(e.windowGapP50Nanos), from(e.baselineGapP50Nanos, e.windowGapP50Nanos), 'edge-gap'), ' (',
          num(finite(e.addedGapNanos), signedDuration(finite(e.addedGapNanos)), 'edge-added'), ')'),
      },
      {
        header: 'Server time p50, baseline → window',
        className: 'n',
        cell: (e) => h('span', { title: `p95 ${from(e.baselineServerP95Nanos, e.windowServerP95Nanos)}` },
          num(finite(e.windowServerP50Nanos), from(e.baselineServerP50Nanos, e.windowServerP50Nanos), 'edge-server')),
      },
      { header: 'Repeated calls, baseline → window', className: 'n', cell: repeatCell },
      { header: 'Share charged here', className: 'n', cell: shareCell },
    ], edges, { caption: `Latency added per call at ${cause.service}`, testid: 'edge-row', rowAttrs: (e) => ({ 'data-caller': String(e.caller), 'data-callee': String(e.callee) }) }),
  ];
}

function examplesOf(ec: EvidenceContext, examples: Example[]): HTMLElement | null {
  if (!examples.length) return null;
  const spans = examples.filter((x) => x.kind === 'ERROR_SPAN');
  const logs = examples.filter((x) => x.kind === 'ERROR_LOG');
  const slow = examples.filter((x) => x.kind === 'SLOW_CALL');
  const around = (x: Example) => {
    const t = Date.parse(x.time);
    return { kind: 'absolute' as const, from: t - 15 * 60_000, to: t + 15 * 60_000 };
  };
  return h('div', { class: 'examples' },
    spans.length ? h('div', null, h('h4', null, 'Example error traces'), h('ul', { class: 'plain' }, spans.map((x) =>
      h('li', { 'data-testid': 'example-trace' },
        h('time', null, formatTime(Date.parse(x.time))), ' ',
        x.traceId ? h('a', { href: traceUrl({ tenant: ec.tenant, traceId: x.traceId, span: '' }), 'data-testid': 'example-trace-link' }, x.traceId.slice(0, 12) + '…') : null, ' ',
        valueText(x.text))))) : null,
    logs.length ? h('div', null, h('h4', null, 'Error log lines'), h('ul', { class: 'plain' }, logs.map((x) =>
      h('li', { 'data-testid': 'example-log' },
        h('time', null, formatTime(Date.parse(x.time))), ' ',
        valueText(x.text), ' ',
        x.traceId ? h('a', { href: logsUrl({ tenant: ec.tenant, range: around(x), service: '', severity: '', q: '', traceId: x.traceId }), 'data-testid': 'example-log-link' }, 'logs of this trace') : null)))) : null,
    slow.length ? h('div', null, h('h4', null, 'Slow calls'), h('ul', { class: 'plain' }, slow.map((x) =>
      h('li', { 'data-testid': 'example-slow' },
        h('time', null, formatTime(Date.parse(x.time))), ' ',
        x.traceId ? h('a', { href: traceUrl({ tenant: ec.tenant, traceId: x.traceId, span: '' }), 'data-testid': 'example-slow-link' }, x.traceId.slice(0, 12) + '…') : null, ' ',
        valueText(x.text))))) : null);
}

function causeBlock(ec: EvidenceContext, cause: EngineCause, rank: number, examples: Example[]): HTMLElement {
  const evidence = [...(cause.evidence ?? [])];
  const code = cause.codePath ?? [];
  const ownExamples = examples.filter((x) => x.service === cause.service);
  const body = h('div', { class: 'cause-body' },
    evidence.length
      ? [
          h('h4', null, 'Measured metrics'),
          table([
            { header: 'Metric', cell: (e) => featureLabel(e.metric) },
            { header: 'Baseline median', className: 'n', cell: (e) => num(e.baselineMedian, formatFeature(e.metric, e.baselineMedian), 'evidence-median') },
            { header: 'Baseline IQR', className: 'n', cell: (e) => num(e.baselineIqr, formatFeature(e.metric, e.baselineIqr), 'evidence-iqr') },
            { header: 'Observed', className: 'n', cell: (e) => num(e.observed, formatFeature(e.metric, e.observed), 'evidence-observed') },
            { header: 'Deviation', className: 'n', cell: (e) => num(e.deviation, formatNumber(e.deviation, 3), 'evidence-deviation') },
          ], evidence, { caption: `Metric evidence for ${cause.service}`, testid: 'evidence-row', rowAttrs: (e) => ({ 'data-metric': e.metric }) }),
          h('div', { class: 'charts' }, evidence.slice(0, 6).map((e) => evidenceChart(ec, cause.service, e))),
        ]
      : h('p', { class: 'hint' }, 'No metric evidence was recorded for this cause.'),
    edgesOf(cause),
    code.length
      ? [h('h4', null, 'Code-path changes'), table([
          { header: 'After', cell: (c) => valueText(c.source) },
          { header: 'Next', cell: (c) => valueText(c.target) },
          { header: 'Baseline share', className: 'n', cell: (c) => num(c.baselineShare, `${formatPercent(c.baselineShare)} of ${c.baselineOccurrences}`, 'codepath-baseline') },
          { header: 'Window share', className: 'n', cell: (c) => num(c.windowShare, `${formatPercent(c.windowShare)} of ${c.windowOccurrences}`, 'codepath-window') },
          { header: 'z', className: 'n', cell: (c) => num(c.z, formatNumber(c.z, 3), 'codepath-z') },
        ], code, { caption: `Code-path changes at ${cause.service}`, testid: 'codepath-row' })]
      : null,
    examplesOf(ec, ownExamples),
    cause.callPath && cause.callPath.length > 1 ? h('p', { class: 'hint' }, 'Call path: ', cause.callPath.join(' → ')) : null);
  const details = h('details', { class: 'cause', open: rank === 1, 'data-testid': 'cause', 'data-service': cause.service, 'data-rank': String(rank) },
    h('summary', null,
      h('span', { class: 'rank' }, `#${rank}`),
      h('a', { href: serviceUrl({ tenant: ec.tenant, service: cause.service, range: { kind: 'absolute', from: ec.from, to: ec.to } }), class: 'svc', 'data-testid': 'cause-service' }, cause.service),
      h('span', { class: 'score' }, 'score ', num(cause.score, formatNumber(cause.score, 4), 'cause-score')),
      h('span', { class: 'conf' }, bar(cause.confidence, `confidence ${formatPercent(cause.confidence)}`, 'cause-confidence'),
        h('span', { class: 'sr-only', 'data-testid': 'cause-confidence-value', 'data-value': String(cause.confidence) }, formatPercent(cause.confidence)))),
    body);
  return details;
}

/** The call paths of the causes drawn as one small map, symptom on the left. */
export function callPathMap(tenant: string, finding: EngineFinding, range: { from: number; to: number }): HTMLElement | null {
  const edges: { from: string; to: string }[] = [];
  for (const c of finding.causes.slice(0, 5)) {
    const p = c.callPath ?? [];
    for (let i = 0; i + 1 < p.length; i++) edges.push({ from: p[i]!, to: p[i + 1]! });
  }
  const top = finding.causes[0]?.service;
  // the symptom, the top cause and the services on the recorded paths: a cause without a path
  // to the symptom is in the ranking below, not drawn as a stray box
  const nodes = new Set([finding.symptom.service, ...(top ? [top] : []), ...edges.flatMap((e) => [e.from, e.to])]);
  if (nodes.size < 2 && edges.length === 0) return null;
  const layout = layoutGraph([...nodes], edges, { layerGap: 200, rowGap: 50 });
  return graphSvg(layout, edges, {
    label: 'Call path from the symptom to the causes',
    href: (s) => serviceUrl({ tenant, service: s, range: { kind: 'absolute', ...range } }),
    nodeClass: (s) => (s === top ? 'node cause-top' : s === finding.symptom.service ? 'node symptom' : finding.causes.some((c) => c.service === s) ? 'node cause' : 'node'),
    nodeNote: (s) => (s === finding.symptom.service ? (s === top ? 'symptom, top cause' : 'symptom') : s === top ? 'top cause' : ''),
    testid: 'callpath-node',
  });
}

export function causesList(ec: EvidenceContext, finding: EngineFinding): HTMLElement {
  if (!finding.causes.length) return empty('The RCA ranked no cause for this window.');
  const examples = finding.examples ?? [];
  const used = new Set(finding.causes.map((c) => c.service));
  const orphanExamples = examples.filter((x) => !used.has(x.service));
  return h('div', { class: 'causes', 'data-testid': 'causes' },
    finding.causes.map((c, i) => causeBlock(ec, c, i + 1, examples)),
    orphanExamples.length ? [h('h3', null, 'Other examples'), examplesOf(ec, orphanExamples)] : null);
}

/** The finding's header facts. */
export function facts(pairs: [string, string | HTMLElement][]): HTMLElement {
  return keyValues(pairs, 'finding-facts');
}
