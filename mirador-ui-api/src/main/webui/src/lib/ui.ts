// Shared pieces of every view: loading, empty and error states, tables, key-value lists.
import { ApiError } from './api';
import { h, type Child } from './dom';

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

/**
 * A table with real headers. onOpen makes rows keyboard-operable: Enter/Space opens, arrows move.
 */
export function table<T>(
  columns: Column<T>[],
  rows: T[],
  opts: { caption?: string; testid?: string; rowAttrs?: (row: T) => Record<string, string>; onOpen?: (row: T) => void } = {},
): HTMLTableElement {
  const body = h('tbody', null);
  for (const row of rows) {
    const tr = h('tr', { 'data-testid': opts.testid, ...(opts.rowAttrs ? opts.rowAttrs(row) : {}) },
      columns.map((c) => h('td', { class: c.className }, c.cell(row))));
    if (opts.onOpen) {
      const open = opts.onOpen;
      tr.tabIndex = 0;
      tr.classList.add('clickable');
      tr.addEventListener('keydown', (e) => {
        if (e.target !== tr) return;
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          open(row);
        } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          const next = (e.key === 'ArrowDown' ? tr.nextElementSibling : tr.previousElementSibling) as HTMLElement | null;
          next?.focus();
        }
      });
      tr.addEventListener('click', (e) => {
        if ((e.target as Element).closest('a, button, input, select')) return;
        open(row);
      });
    }
    body.appendChild(tr);
  }
  return h('table', { class: 'grid' },
    opts.caption ? h('caption', { class: 'sr-only' }, opts.caption) : null,
    h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col', class: c.className }, c.header)))),
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
