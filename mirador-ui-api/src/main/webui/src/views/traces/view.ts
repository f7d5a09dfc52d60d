// Trace search: service, operation, status, least duration, attributes; results link to the waterfall.
import { corePath, getJson } from '../../lib/api';
import { h, replace, valueText } from '../../lib/dom';
import { formatDurationNanos, parseDurationToNanos } from '../../lib/format';
import { formatTime } from '../../lib/time';
import type { PageOf, ServiceSummary, TraceSummary } from '../../lib/types';
import { announce, empty, errorPanel, field, isAbort, loading, table } from '../../lib/ui';
import { pathWithQuery, seg } from '../../lib/url';
import { apiRange, type ViewContext } from '../view';
import { build as traceUrl } from '../trace/url';
import { build, parse, STATUSES, type Status } from './url';

export async function tracesView(ctx: ViewContext): Promise<void> {
  const state = parse(ctx.query);
  state.tenant = ctx.tenant;
  const r = apiRange(state.range);
  const serviceIn = h('input', { type: 'search', value: state.service, list: 'trace-services', placeholder: 'any', 'data-search': '', 'data-testid': 'filter-service' });
  const opIn = h('input', { type: 'search', value: state.operation, placeholder: 'span name', 'data-testid': 'filter-operation' });
  const statusIn = h('select', { 'data-testid': 'filter-status' }, STATUSES.map((s) => h('option', { value: s, selected: s === state.status }, s || 'any')));
  const minIn = h('input', { type: 'text', value: state.minDuration, placeholder: 'e.g. 250ms', size: 8, 'data-testid': 'filter-min-duration' });
  const attrIn = h('input', { type: 'text', value: state.attr.join(' '), placeholder: 'key=value key2=value2', 'data-testid': 'filter-attr' });
  const services = h('datalist', { id: 'trace-services' });
  const results = h('div', null, loading('traces'));
  const form = h('form', { class: 'filters', role: 'search', onsubmit: (e: Event) => {
    e.preventDefault();
    const min = minIn.value.trim();
    if (min && !Number.isFinite(parseDurationToNanos(min))) {
      minIn.setCustomValidity('a duration such as 250ms, 1.5s or 800us');
      minIn.reportValidity();
      return;
    }
    const attrs = attrIn.value.trim() ? attrIn.value.trim().split(/\s+/) : [];
    const bad = attrs.find((a) => a.indexOf('=') < 1);
    if (bad !== undefined) {
      attrIn.setCustomValidity('each filter is key=value');
      attrIn.reportValidity();
      return;
    }
    ctx.navigate(build({ ...state, service: serviceIn.value.trim(), operation: opIn.value.trim(), status: statusIn.value as Status, minDuration: min, attr: attrs }));
  } },
  field('Service', serviceIn), field('Operation', opIn), field('Status', statusIn), field('Min duration', minIn), field('Attributes', attrIn),
  h('button', { type: 'submit', 'data-testid': 'search' }, 'Search'), services);
  minIn.addEventListener('input', () => minIn.setCustomValidity(''));
  attrIn.addEventListener('input', () => attrIn.setCustomValidity(''));
  replace(ctx.root, h('h1', null, 'Traces'), form, results);
  const base = `tenants/${seg(ctx.tenant)}`;
  getJson<{ services: ServiceSummary[] }>(corePath(pathWithQuery(`${base}/services`, { from: new Date(Math.max(r.fromMs, r.toMs - 86_400_000)).toISOString(), to: r.to })), { signal: ctx.signal })
    .then((s) => replace(services, s.services.map((x) => h('option', { value: x.service }))))
    .catch(() => {});
  try {
    const min = parseDurationToNanos(state.minDuration);
    const page = await getJson<PageOf<TraceSummary>>(corePath(pathWithQuery(`${base}/traces`, {
      from: r.from, to: r.to, service: state.service, operation: state.operation, status: state.status,
      minDurationNanos: Number.isFinite(min) ? String(min) : null, attr: state.attr, limit: 100,
    })), { signal: ctx.signal });
    if (!page.items.length) {
      replace(results, empty('No trace matches in this range.', 'Widen the time range or remove a filter.'));
      return;
    }
    announce(`${page.items.length} traces found`);
    const longest = Math.max(...page.items.map((t) => t.durationNanos), 1);
    replace(results,
      h('p', { class: 'count' }, `${page.items.length} trace${page.items.length === 1 ? '' : 's'}${page.nextCursor ? ' (the newest 100)' : ''}`),
      table([
        { header: 'Trace', cell: (t) => h('a', { href: traceUrl({ tenant: ctx.tenant, traceId: t.traceId, span: '' }), 'data-testid': 'trace-link' }, t.traceId) },
        { header: 'Root', cell: (t) => (t.rootServiceName ? [h('strong', null, t.rootServiceName), ' ', valueText(t.rootSpanName)] : h('span', { class: 'hint' }, 'root span not stored')) },
        { header: 'Started', cell: (t) => formatTime(t.startTimeUnixNano / 1e6) },
        { header: 'Duration', className: 'n', cell: (t) => {
            const b = h('span', { class: 'dur-bar' });
            b.style.setProperty('width', `${((t.durationNanos / longest) * 100).toFixed(1)}%`);
            return [formatDurationNanos(t.durationNanos), h('span', { class: 'dur-track', 'aria-hidden': 'true' }, b)];
          } },
        { header: 'Spans', className: 'n', cell: (t) => String(t.spanCount) },
        { header: 'Errors', className: 'n', cell: (t) => (t.errorSpanCount ? h('span', { class: 'badge badge-bad' }, String(t.errorSpanCount)) : '0') },
        { header: 'Services', cell: (t) => t.services.join(', ') },
      ], page.items, {
        caption: 'Traces found', testid: 'trace-row', rowAttrs: (t) => ({ 'data-trace-id': t.traceId }),
        onOpen: (t) => ctx.navigate(traceUrl({ tenant: ctx.tenant, traceId: t.traceId, span: '' })),
      }));
  } catch (e) {
    if (!isAbort(e)) replace(results, errorPanel(e, 'the traces'));
  }
}
