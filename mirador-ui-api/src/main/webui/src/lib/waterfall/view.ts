// The virtualized waterfall: only the rows in view (plus overscan) exist in the DOM, so a trace
// of 5,000 or 10,000 spans scrolls as smoothly as one of fifty. A tree for assistive technology:
// arrows move, Left/Right collapse/expand, Enter/Space opens a span's details.
import { fragment, h, replace, valueText, type Child } from '../dom';

const append = (el: HTMLElement, ...children: Child[]) => el.appendChild(fragment(...children));
import { formatDurationNanos } from '../format';
import { layoutTrace, visibleRows, windowOf, type Row, type SpanLike } from './layout';

export const ROW_HEIGHT = 26;

export interface WaterfallSpan extends SpanLike {
  serviceName: string;
  statusCode: string;
}

export interface WaterfallOptions<S extends WaterfallSpan> {
  spans: readonly S[];
  selected: string;
  onSelect: (span: S | null) => void;
}

function hue(service: string): number {
  let x = 0;
  for (let i = 0; i < service.length; i++) x = (x * 31 + service.charCodeAt(i)) >>> 0;
  return x % 12;
}

export interface Waterfall {
  element: HTMLElement;
  /** selects a span by id (scrolls it into view) */
  select(spanId: string): void;
  rowCount: number;
}

export function waterfall<S extends WaterfallSpan>(o: WaterfallOptions<S>): Waterfall {
  const layout = layoutTrace(o.spans);
  const total = Math.max(1, layout.end - layout.start);
  const collapsed = new Set<string>();
  let rows: Row<S>[] = layout.rows;
  let active = 0;
  let selected = o.selected;
  const spacer = h('div', { class: 'wf-spacer' });
  const viewport = h('div', {
    class: 'wf-scroll', role: 'tree', tabindex: 0, 'aria-label': `Trace spans, ${layout.rows.length}`, 'data-testid': 'waterfall',
  }, spacer);
  const ticks = h('div', { class: 'wf-ruler', 'aria-hidden': 'true' },
    h('div', { class: 'wf-label-col' }, 'Service · operation'),
    h('div', { class: 'wf-bar-col' }, [0, 0.25, 0.5, 0.75, 1].map((f) => {
      const t = h('span', { class: 'wf-tick' }, formatDurationNanos(total * f));
      t.style.setProperty('left', `${f * 100}%`);
      return t;
    })));

  const setHeight = () => {
    spacer.style.setProperty('height', `${rows.length * ROW_HEIGHT}px`);
    // a short trace gets a short box; a long one scrolls inside 70 % of the window
    viewport.style.setProperty('height', `min(70vh, ${rows.length * ROW_HEIGHT + 2}px)`);
  };

  const rowEl = (r: Row<S>, index: number): HTMLElement => {
    const span = r.span;
    const isOpen = !collapsed.has(span.spanId);
    const error = span.statusCode === 'Error' || span.statusCode === 'STATUS_CODE_ERROR';
    const label = h('div', { class: 'wf-label-col' });
    label.style.setProperty('padding-left', `${Math.min(r.depth, 40) * 12 + 4}px`);
    append(label,
      r.childCount > 0
        ? h('button', { type: 'button', class: 'wf-toggle', tabindex: -1, 'aria-label': isOpen ? 'collapse' : 'expand', onclick: (e: Event) => {
            e.stopPropagation();
            toggle(span.spanId);
          } }, isOpen ? '▾' : '▸')
        : h('span', { class: 'wf-toggle-space' }),
      h('span', { class: `wf-svc svc-${hue(span.serviceName)}` }, span.serviceName),
      ' ',
      h('span', { class: 'wf-name' }, valueText(span.name)),
      error ? h('span', { class: 'badge badge-bad', title: 'status Error' }, '!') : null,
      r.skew ? h('span', { class: 'badge badge-warn', title: 'clock skew: this span starts before its parent or ends after it' }, 'skew') : null,
      r.orphan ? h('span', { class: 'badge badge-muted', title: 'the parent span is not in this trace' }, 'orphan') : null);
    const bar = h('span', { class: `wf-bar svc-${hue(span.serviceName)}${error ? ' error' : ''}${r.critical ? ' critical' : ''}` });
    const left = (r.offset / total) * 100;
    const width = Math.max((Math.max(0, span.durationNanos) / total) * 100, 0.15);
    bar.style.setProperty('left', `${Math.max(0, Math.min(100, left))}%`);
    bar.style.setProperty('width', `${Math.min(width, 100 - Math.max(0, Math.min(100, left)))}%`);
    const end = Math.min(100, left + width);
    // the label follows the bar, or sits just inside its end when the bar reaches the right edge
    const dur = h('span', { class: end > 88 ? 'wf-dur inside' : 'wf-dur' }, formatDurationNanos(span.durationNanos));
    if (end > 88) dur.style.setProperty('right', `${100 - end}%`);
    else dur.style.setProperty('left', `${end}%`);
    const el = h('div', {
      class: `wf-row${index === active ? ' active' : ''}${span.spanId === selected ? ' selected' : ''}${r.critical ? ' on-critical' : ''}`,
      role: 'treeitem', id: `wf-${index}`, 'aria-level': r.depth + 1, 'aria-selected': span.spanId === selected ? 'true' : 'false',
      'aria-expanded': r.childCount > 0 ? String(isOpen) : null,
      'data-testid': 'waterfall-row', 'data-span-id': span.spanId, 'data-depth': String(r.depth),
      onclick: () => {
        active = index;
        choose(span);
      },
    }, label, h('div', { class: 'wf-bar-col' }, bar, dur));
    el.style.setProperty('transform', `translateY(${index * ROW_HEIGHT}px)`);
    return el;
  };

  let frame = 0;
  const paint = () => {
    frame = 0;
    const { first, last } = windowOf(rows.length, ROW_HEIGHT, viewport.scrollTop, viewport.clientHeight || 600);
    const children: HTMLElement[] = [];
    for (let i = first; i < last; i++) children.push(rowEl(rows[i]!, i));
    replace(spacer, children);
    if (rows[active]) viewport.setAttribute('aria-activedescendant', `wf-${active}`);
  };
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(paint);
  };
  const toggle = (spanId: string) => {
    if (collapsed.has(spanId)) collapsed.delete(spanId);
    else collapsed.add(spanId);
    const current = rows[active]?.span.spanId;
    rows = visibleRows(layout.rows, collapsed);
    active = Math.max(0, rows.findIndex((r) => r.span.spanId === current));
    setHeight();
    paint();
  };
  const reveal = (index: number) => {
    const top = index * ROW_HEIGHT;
    if (top < viewport.scrollTop) viewport.scrollTop = top;
    else if (top + ROW_HEIGHT > viewport.scrollTop + viewport.clientHeight) viewport.scrollTop = top + ROW_HEIGHT - viewport.clientHeight;
  };
  const choose = (span: S | null) => {
    selected = span?.spanId ?? '';
    o.onSelect(span);
    paint();
  };
  viewport.addEventListener('scroll', schedule, { passive: true });
  viewport.addEventListener('keydown', (e) => {
    const r = rows[active];
    let handled = true;
    switch (e.key) {
      case 'ArrowDown': active = Math.min(rows.length - 1, active + 1); break;
      case 'ArrowUp': active = Math.max(0, active - 1); break;
      case 'Home': active = 0; break;
      case 'End': active = rows.length - 1; break;
      case 'PageDown': active = Math.min(rows.length - 1, active + Math.floor(viewport.clientHeight / ROW_HEIGHT)); break;
      case 'PageUp': active = Math.max(0, active - Math.floor(viewport.clientHeight / ROW_HEIGHT)); break;
      case 'ArrowRight': if (r && r.childCount && collapsed.has(r.span.spanId)) toggle(r.span.spanId); break;
      case 'ArrowLeft': if (r && r.childCount && !collapsed.has(r.span.spanId)) toggle(r.span.spanId); break;
      case 'Enter':
      case ' ': if (r) choose(r.span); break;
      default: handled = false;
    }
    if (handled) {
      e.preventDefault();
      reveal(active);
      paint();
    }
  });
  setHeight();
  const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(schedule);
  ro?.observe(viewport);
  requestAnimationFrame(paint);
  const select = (spanId: string) => {
    selected = spanId;
    const i = rows.findIndex((r) => r.span.spanId === spanId);
    if (i < 0) {
      paint();
      return;
    }
    active = i;
    viewport.scrollTop = Math.max(0, i * ROW_HEIGHT - viewport.clientHeight / 3);
    paint();
  };
  return { element: h('div', { class: 'wf' }, ticks, viewport), select, rowCount: layout.rows.length };
}
