// Shared pieces of every view: loading, empty and error states, tables, key-value lists.
import { ApiError } from './api';
import { fragment, h, type Child } from './dom';

export function loading(what: string): HTMLElement {
  return h('div', { class: 'state loading', role: 'status', 'data-testid': 'loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), `Loading ${what}…`);
}

export function empty(message: string, hint?: Child): HTMLElement {
  return h('div', { class: 'state empty', 'data-testid': 'empty' }, h('p', null, message), hint ? h('p', { class: 'hint' }, hint) : null);
}

/** An error as a panel: a refusal (403) says so plainly; a problem shows its title and detail. */
export function errorPanel(err: unknown, what: string): HTMLElement {
  if (err instanceof ApiError && err.status === 403) {
    return h('div', { class: 'state refusal', role: 'alert', 'data-testid': 'refusal' },
      h('h2', null, 'Not allowed'),
      h('p', null, `You may not see ${what}.`),
      err.detail ? h('p', { class: 'hint' }, err.detail) : null);
  }
  if (err instanceof ApiError) {
    return h('div', { class: 'state error', role: 'alert', 'data-testid': 'error' },
      h('h2', null, err.title),
      err.detail ? h('p', null, err.detail) : null,
      h('p', { class: 'hint' }, `while loading ${what} (HTTP ${err.status || 'no answer'})`));
  }
  return h('div', { class: 'state error', role: 'alert', 'data-testid': 'error' },
    h('h2', null, 'Something went wrong'),
    h('p', null, `while loading ${what}: ${err instanceof Error ? err.message : String(err)}`));
}

/**
 * An optional part of a page whose endpoint answered 404 (not in this build, or not forwarded by
 * this UI server): a plain note instead of an error, so the rest of the page reads as working.
 */
export function notAvailableOr(err: unknown, what: string): HTMLElement {
  if (err instanceof ApiError && err.status === 404) {
    return h('p', { class: 'banner muted', 'data-testid': 'not-available' }, `${what[0]!.toUpperCase()}${what.slice(1)} ${what.endsWith('s') ? 'are' : 'is'} not available in this build (${err.detail || err.title}).`);
  }
  return errorPanel(err, what);
}

export function isAbort(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

export interface Column<T> {
  header: string;
  cell: (row: T) => Child;
  className?: string;
  /** aria-sort etc. are not needed: tables are sorted as the API answers. */
}

/** Rows appended after the first ones, a chunk per task, so the page answers input between chunks. */
export interface Progressive {
  /** rows built at once (a screenful) */
  first: number;
  /** rows per later task */
  chunk: number;
  /** runs a task later; setTimeout(0) by default (a task, so input and paint get their turn) */
  schedule?: (task: () => void) => void;
  /** aborted: no more rows are appended (a refresh replaced the table, or the view was left) */
  signal?: AbortSignal;
  /** after the last row is in */
  done?: () => void;
}

/**
 * A table with real headers. onOpen makes rows keyboard-operable: Enter/Space opens, arrows move.
 * With progressive, the first rows are built now and the rest in later tasks; aria-rowcount states
 * the full count from the start, so assistive technology is not told a partial number.
 */
export function table<T>(
  columns: Column<T>[],
  rows: T[],
  opts: { caption?: string; testid?: string; rowAttrs?: (row: T) => Record<string, string>; onOpen?: (row: T) => void; progressive?: Progressive } = {},
): HTMLTableElement {
  const body = h('tbody', null);
  const open = opts.onOpen;
  const rowOf = new WeakMap<Element, T>();
  const build = (row: T, index: number): HTMLElement => {
    const tr = h('tr', { 'data-testid': opts.testid, 'aria-rowindex': index + 2, tabindex: open ? 0 : null, class: open ? 'clickable' : null, ...(opts.rowAttrs ? opts.rowAttrs(row) : {}) },
      columns.map((c) => h('td', { class: c.className }, c.cell(row))));
    if (open) rowOf.set(tr, row);
    return tr;
  };
  if (open) {
    // one listener for the body, so rows appended later behave like the first ones
    body.addEventListener('keydown', (e) => {
      const tr = e.target as HTMLElement;
      const row = rowOf.get(tr);
      if (row === undefined) return;
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        open(row);
      } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const next = (e.key === 'ArrowDown' ? tr.nextElementSibling : tr.previousElementSibling) as HTMLElement | null;
        next?.focus();
      }
    });
    body.addEventListener('click', (e) => {
      const target = e.target as Element;
      if (target.closest('a, button, input, select')) return;
      const tr = target.closest('tr');
      const row = tr ? rowOf.get(tr) : undefined;
      if (row !== undefined) open(row);
    });
  }
  const p = opts.progressive;
  const firstCount = p ? Math.min(rows.length, Math.max(1, p.first)) : rows.length;
  for (let i = 0; i < firstCount; i++) body.appendChild(build(rows[i]!, i));
  if (p && firstCount < rows.length) {
    const schedule = p.schedule ?? ((task: () => void) => { setTimeout(task, 0); });
    const step = Math.max(1, p.chunk);
    let next = firstCount;
    const more = () => {
      if (p.signal?.aborted) return;
      const end = Math.min(rows.length, next + step);
      const part = fragment();
      for (; next < end; next++) part.appendChild(build(rows[next]!, next));
      body.appendChild(part);
      if (next < rows.length) schedule(more);
      else p.done?.();
    };
    schedule(more);
  } else {
    p?.done?.();
  }
  return h('table', { class: 'grid', 'aria-rowcount': rows.length + 1 },
    opts.caption ? h('caption', { class: 'sr-only' }, opts.caption) : null,
    h('thead', null, h('tr', { 'aria-rowindex': 1 }, columns.map((c) => h('th', { scope: 'col', class: c.className }, c.header)))),
    body);
}

export function keyValues(pairs: [string, Child][], testid?: string): HTMLElement {
  return h('dl', { class: 'kv', 'data-testid': testid }, pairs.map(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
}

export function section(title: string, ...children: Child[]): HTMLElement {
  const id = 's-' + title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

export function badge(textValue: string, kind: string, testid?: string): HTMLElement {
  return h('span', { class: `badge badge-${kind}`, 'data-testid': testid }, textValue);
}

/** A labelled form control. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || 'f-' + Math.random().toString(36).slice(2, 9);
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hint ? h('small', { class: 'hint' }, hint) : null);
}

/** The aria-live region the shell owns: refreshes and actions are announced there. */
export function announce(message: string): void {
  const live = document.getElementById('live');
  if (live) live.textContent = message;
}
