// Metrics: a picker from the core's metric listing, attribute filter, step, aggregation, chart.
import { corePath, getJson } from '../../lib/api';
import { lineChart, type Series } from '../../lib/charts/line';
import { h, replace, valueText } from '../../lib/dom';
import { formatNumber } from '../../lib/format';
import { chooseStep, formatStep, parseStep } from '../../lib/time';
import type { MetricInfo, MetricSeriesResponse } from '../../lib/types';
import { empty, errorPanel, field, isAbort, loading, section, table } from '../../lib/ui';
import { pathWithQuery, seg } from '../../lib/url';
import { apiRange, type ViewContext } from '../view';
import { AGGS_BY_TYPE, build, parse, type Agg, type MetricType } from './url';

const MAX_DRAWN = 12;

/** A series by its service, then its sorted attributes. */
export function seriesLabel(attrs: Record<string, string>, service?: string): string {
  const parts = Object.entries(attrs).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`);
  const label = parts.length ? parts.join(', ') : '(no attributes)';
  return service ? `${service}: ${label}` : label;
}

export async function metricsView(ctx: ViewContext): Promise<void> {
  const state = parse(ctx.query);
  state.tenant = ctx.tenant;
  const r = apiRange(state.range);
  const base = `tenants/${seg(ctx.tenant)}`;
  const picker = h('div', null, loading('the metric list'));
  const chart = h('div', null);
  replace(ctx.root, h('h1', null, 'Metrics'), picker, chart);
  let list: MetricInfo[];
  try {
    list = (await getJson<{ metrics: MetricInfo[] }>(corePath(pathWithQuery(`${base}/metrics`, { from: r.from, to: r.to, service: state.service })), { signal: ctx.signal })).metrics;
  } catch (e) {
    if (!isAbort(e)) replace(picker, errorPanel(e, 'the metric list'));
    return;
  }
  const current = list.find((m) => m.name === state.name && (!state.type || m.type === state.type)) ?? list.find((m) => m.name === state.name);
  const type = (state.type || current?.type || '') as MetricType;
  const aggs = AGGS_BY_TYPE[type] ?? [];
  const nameIn = h('select', { 'data-testid': 'metric-picker', 'data-search': '' },
    h('option', { value: '' }, list.length ? 'choose a metric' : 'no metric in this range'),
    list.map((m) => h('option', { value: `${m.type}\u0000${m.name}`, selected: m === current }, `${m.name} (${m.type}${m.unit ? ', ' + m.unit : ''})`)));
  const serviceIn = h('input', { type: 'search', value: state.service, placeholder: 'any', 'data-testid': 'filter-service' });
  const attrIn = h('input', { type: 'text', value: state.attr.join(' '), placeholder: 'key=value', 'data-testid': 'filter-attr' });
  const stepIn = h('input', { type: 'text', value: state.step, placeholder: `auto (${formatStep(chooseStep(r.toMs - r.fromMs))})`, size: 8, 'data-testid': 'filter-step' });
  const aggIn = h('select', { 'data-testid': 'filter-agg' }, h('option', { value: '' }, aggs.length ? `default (${aggs[0]})` : 'default'),
    aggs.map((a) => h('option', { value: a, selected: a === state.agg }, a)));
  const form = h('form', { class: 'filters', onsubmit: (e: Event) => {
    e.preventDefault();
    const [t, n] = nameIn.value.split('\u0000');
    const step = stepIn.value.trim();
    if (step && !Number.isFinite(parseStep(step))) {
      stepIn.setCustomValidity('a step such as 60s, 5m, 1h or PT1M');
      stepIn.reportValidity();
      return;
    }
    const newType = (t ?? '') as MetricType;
    const keepAgg = (AGGS_BY_TYPE[newType] ?? []).includes(aggIn.value as Agg) ? (aggIn.value as Agg) : '';
    ctx.navigate(build({ ...state, name: n ?? '', type: newType, service: serviceIn.value.trim(), attr: attrIn.value.trim() ? attrIn.value.trim().split(/\s+/) : [], step, agg: keepAgg }));
  } }, field('Metric', nameIn), field('Service', serviceIn), field('Attributes', attrIn), field('Step', stepIn), field('Aggregation', aggIn), h('button', { type: 'submit', 'data-testid': 'show' }, 'Show'));
  stepIn.addEventListener('input', () => stepIn.setCustomValidity(''));
  replace(picker, form, current ? h('p', { class: 'hint' }, valueText(current.description || 'no description'), current.services.length ? ` · services: ${current.services.join(', ')}` : '') : null);
  if (!state.name) {
    replace(chart, list.length ? section('Metrics in this range', table([
      { header: 'Name', cell: (m) => h('a', { href: build({ ...state, name: m.name, type: m.type as MetricType, agg: '' }) }, m.name) },
      { header: 'Type', cell: (m) => m.type + (m.monotonic ? ' (monotonic)' : '') },
      { header: 'Unit', cell: (m) => m.unit || '—' },
      { header: 'Services', cell: (m) => m.services.join(', ') },
    ], list, { caption: 'Metrics', testid: 'metric-row' })) : empty('No metric was received in this range.'));
    return;
  }
  replace(chart, loading('the series'));
  const step = state.step || formatStep(chooseStep(r.toMs - r.fromMs));
  try {
    const res = await getJson<MetricSeriesResponse>(corePath(pathWithQuery(`${base}/metrics/series`, {
      name: state.name, type: type || null, from: r.from, to: r.to, service: state.service, attr: state.attr, step, agg: state.agg || null,
    })), { signal: ctx.signal });
    if (!res.series.length) {
      replace(chart, empty('No data point of this metric matches in this range.'));
      return;
    }
    const drawn = res.series.slice(0, MAX_DRAWN);
    const series: Series[] = drawn.map((se) => ({ name: seriesLabel(se.attributes, se.service), points: se.points.map((p) => ({ t: p.stepStartUnixNano / 1e6, v: Number.isFinite(p.value) ? p.value : null })) }));
    const unit = res.unit ?? current?.unit ?? '';
    replace(chart,
      lineChart({
        title: `${res.name} · ${res.type} · ${res.aggregation} per ${formatStep(res.stepSeconds)}${unit ? ` (${unit}${res.aggregation === 'rate' ? '/s' : ''})` : ''}`,
        series, from: r.fromMs, to: r.toMs, yFormat: (v) => formatNumber(v, 3), width: 1200, height: 320, testid: 'metric-chart',
      }),
      res.series.length > MAX_DRAWN ? h('p', { class: 'hint' }, `${res.series.length} series; the first ${MAX_DRAWN} are drawn. Filter by attribute to narrow.`) : null);
  } catch (e) {
    if (!isAbort(e)) replace(chart, errorPanel(e, 'the series'));
  }
}
