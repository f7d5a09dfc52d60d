// Log search: time, service, least severity, body contains, trace id; rows link to their trace.
import { corePath, getJson } from '../../lib/api';
import { h, replace } from '../../lib/dom';
import type { LogRecord, PageOf } from '../../lib/types';
import { announce, empty, errorPanel, field, isAbort, loading } from '../../lib/ui';
import { pathWithQuery, seg } from '../../lib/url';
import { logTable } from '../service/view';
import { apiRange, type ViewContext } from '../view';
import { build, parse, SEVERITIES, SEVERITY_NUMBER, type Severity } from './url';

const PAGE = 200;

export async function logsView(ctx: ViewContext): Promise<void> {
  const state = parse(ctx.query);
  state.tenant = ctx.tenant;
  const r = apiRange(state.range);
  const qIn = h('input', { type: 'search', value: state.q, placeholder: 'text in the body', 'data-search': '', 'data-testid': 'filter-q' });
  const serviceIn = h('input', { type: 'search', value: state.service, placeholder: 'any', 'data-testid': 'filter-service' });
  const sevIn = h('select', { 'data-testid': 'filter-severity' }, SEVERITIES.map((s) => h('option', { value: s, selected: s === state.severity }, s ? `${s} and above` : 'any')));
  const traceIn = h('input', { type: 'search', value: state.traceId, placeholder: '32 hex digits', pattern: '[0-9a-f]{32}', class: 'hex32', 'data-testid': 'filter-trace' });
  const results = h('div', null, loading('logs'));
  const form = h('form', { class: 'filters', role: 'search', onsubmit: (e: Event) => {
    e.preventDefault();
    ctx.navigate(build({ ...state, q: qIn.value, service: serviceIn.value.trim(), severity: sevIn.value as Severity, traceId: traceIn.value.trim().toLowerCase() }));
  } }, field('Body contains', qIn), field('Service', serviceIn), field('Severity', sevIn), field('Trace id', traceIn), h('button', { type: 'submit', 'data-testid': 'search' }, 'Search'));
  replace(ctx.root, h('h1', null, 'Logs'), form, results);
  let items: LogRecord[] = [];
  const fetchPage = (cursor: string | null) => getJson<PageOf<LogRecord>>(corePath(pathWithQuery(`tenants/${seg(ctx.tenant)}/logs`, {
    from: r.from, to: r.to, service: state.service, minSeverity: state.severity ? SEVERITY_NUMBER[state.severity] : null,
    contains: state.q, traceId: state.traceId, limit: PAGE, cursor,
  })), { signal: ctx.signal });
  const show = (next: string | null) => {
    if (!items.length) {
      replace(results, empty('No log record matches in this range.', 'Widen the time range or remove a filter.'));
      return;
    }
    replace(results,
      h('p', { class: 'count', 'data-testid': 'logs-count' }, `${items.length} record${items.length === 1 ? '' : 's'}, newest first${next ? ' (more available)' : ''}`),
      logTable(ctx.tenant, items),
      next ? h('button', { type: 'button', 'data-testid': 'load-more', onclick: async () => {
        try {
          const p = await fetchPage(next);
          items = items.concat(p.items);
          show(p.nextCursor);
        } catch (e) {
          if (!isAbort(e)) results.append(errorPanel(e, 'more logs'));
        }
      } }, 'Load more') : null);
  };
  try {
    const p = await fetchPage(null);
    items = p.items;
    show(p.nextCursor);
    announce(`${items.length} log records found`);
  } catch (e) {
    if (!isAbort(e)) replace(results, errorPanel(e, 'the logs'));
  }
}
