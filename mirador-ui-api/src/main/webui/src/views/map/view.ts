// Service map: the dependency graph of the window, nodes coloured by health, edges labelled.
import { corePath, getJson } from '../../lib/api';
import { h, replace } from '../../lib/dom';
import { formatDurationNanos, formatPercent, formatRate } from '../../lib/format';
import { layoutGraph } from '../../lib/graph/layout';
import { graphSvg } from '../../lib/graph/render';
import type { Edge, ServiceSummary } from '../../lib/types';
import { empty, errorPanel, isAbort, loading, section, table } from '../../lib/ui';
import { pathWithQuery, seg } from '../../lib/url';
import { apiRange, type ViewContext } from '../view';
import { build as serviceUrl } from '../service/url';
import { health, latencyRatio, neighbourhood } from './health';
import { build, parse } from './url';
import { field } from '../../lib/ui';

interface Graph {
  from: string;
  to: string;
  services: string[];
  edges: Edge[];
}

interface Services {
  from: string;
  to: string;
  services: ServiceSummary[];
}

export async function mapView(ctx: ViewContext): Promise<void> {
  const state = parse(ctx.query);
  state.tenant = ctx.tenant;
  const r = apiRange(state.range);
  const span = r.toMs - r.fromMs;
  replace(ctx.root, h('h1', null, 'Service map'), loading('the service map'));
  const q = (path: string, from: number, to: number) =>
    corePath(pathWithQuery(`tenants/${seg(ctx.tenant)}/${path}`, { from: new Date(from).toISOString(), to: new Date(to).toISOString() }));
  let graph: Graph;
  let now: Services;
  let before: Services | null = null;
  try {
    [graph, now, before] = await Promise.all([
      getJson<Graph>(q('dependencies', r.fromMs, r.toMs), { signal: ctx.signal }),
      getJson<Services>(q('services', r.fromMs, r.toMs), { signal: ctx.signal }),
      getJson<Services>(q('services', r.fromMs - span, r.fromMs), { signal: ctx.signal }).catch(() => null),
    ]);
  } catch (e) {
    if (!isAbort(e)) replace(ctx.root, h('h1', null, 'Service map'), errorPanel(e, 'the service map'));
    return;
  }
  const byNow = new Map(now.services.map((s) => [s.service, s]));
  const byBefore = new Map((before?.services ?? []).map((s) => [s.service, s]));
  const all = [...new Set([...graph.services, ...now.services.map((s) => s.service)])].sort();
  const allEdges = graph.edges.map((e) => ({ ...e, from: e.caller, to: e.callee }));
  const near = state.focus ? neighbourhood(state.focus, allEdges) : null;
  const nodes = near ? all.filter((n) => near.has(n)) : all;
  const focusIn = h('input', { type: 'search', value: state.focus, list: 'map-services', placeholder: 'all services', 'data-search': '', 'data-testid': 'map-focus' });
  const focusForm = h('form', { class: 'filters', role: 'search', onsubmit: (e: Event) => {
    e.preventDefault();
    ctx.navigate(build({ ...state, focus: focusIn.value.trim() }));
  } }, field('Focus on a service (two hops)', focusIn), h('button', { type: 'submit' }, 'Show'),
  h('datalist', { id: 'map-services' }, all.map((s) => h('option', { value: s }))));
  if (nodes.length === 0) {
    replace(ctx.root, h('h1', null, 'Service map'), focusForm, empty(state.focus ? 'No such service in this range.' : 'No service sent spans in this range.'));
    return;
  }
  const seconds = span / 1000;
  const edgeLabel = (e: Edge) => `${formatRate(e.calls / seconds)} · ${formatPercent(e.calls ? e.errors / e.calls : 0)} err · p95 ${formatDurationNanos(e.latencyP95Nanos)}`;
  const t0 = performance.now();
  const edges = near ? allEdges.filter((e) => near.has(e.from) && near.has(e.to)) : allEdges;
  const labels = edges.length <= 40;
  // room between layers for the edge labels when they are drawn
  const layout = layoutGraph(nodes, edges, labels ? { layerGap: 380, rowGap: 64, maxRows: 24 } : { layerGap: 260, maxRows: 24 });
  const svg = graphSvg(layout, edges, {
    label: `Service dependency graph, ${nodes.length} services`,
    href: (s) => serviceUrl({ tenant: ctx.tenant, range: state.range, service: s }),
    nodeClass: (s) => `node health-${health(byNow.get(s), byBefore.get(s))}${s === state.focus ? ' focus' : ''}`,
    nodeNote: (s) => {
      const m = byNow.get(s);
      return m ? `${formatRate(m.requestsPerSecond)} · ${formatPercent(m.errorRate)} err` : 'no requests';
    },
    nodeTitle: (s) => {
      const m = byNow.get(s);
      const ratio = latencyRatio(m, byBefore.get(s));
      return m ? `requests ${formatRate(m.requestsPerSecond)}, errors ${formatPercent(m.errorRate)}, p95 ${formatDurationNanos(m.latencyP95Nanos)}${ratio !== null ? `, ${ratio.toFixed(2)}× the previous window's p95` : ''}` : 'no requests in this range';
    },
    edgeClass: (e) => (e.calls && e.errors / e.calls >= 0.05 ? 'bad' : e.calls && e.errors / e.calls >= 0.01 ? 'warn' : ''),
    edgeLabel,
    labels,
    testid: 'map-node',
  });
  performance.measure?.('mirador:map-layout', { start: t0 });
  replace(ctx.root,
    h('h1', null, 'Service map'),
    focusForm,
    h('p', { class: 'hint' }, `${nodes.length} services${near ? ` near ${state.focus}` : ''}, ${edges.length} edges. Colour: error rate (≥1 % amber, ≥5 % red) and p95 against the previous ${Math.round(span / 60_000)} minutes (≥1.5× amber, ≥3× red). Service rates count the seconds with traffic; edge rates average over the whole range. Select a service to open its page.`),
    h('ul', { class: 'legend' }, ['ok', 'warn', 'bad', 'idle'].map((k) => h('li', null, h('span', { class: `swatch health-${k}`, 'aria-hidden': 'true' }), { ok: 'healthy', warn: 'degraded', bad: 'failing', idle: 'no requests' }[k]!))),
    h('div', { class: 'map-scroll', 'data-testid': 'service-map' }, svg),
    section('Calls between services', edges.length
      ? table([
          { header: 'Caller', cell: (e) => h('a', { href: serviceUrl({ tenant: ctx.tenant, range: state.range, service: e.caller }) }, e.caller) },
          { header: 'Callee', cell: (e) => h('a', { href: serviceUrl({ tenant: ctx.tenant, range: state.range, service: e.callee }) }, e.callee) },
          { header: 'Calls/s', className: 'n', cell: (e) => formatRate(e.calls / seconds) },
          { header: 'Error rate', className: 'n', cell: (e) => formatPercent(e.calls ? e.errors / e.calls : 0) },
          { header: 'p95', className: 'n', cell: (e) => formatDurationNanos(e.latencyP95Nanos) },
        ], edges, { caption: 'Edges of the service map', testid: 'map-edge' })
      : empty('No calls between services in this range.')));
}
