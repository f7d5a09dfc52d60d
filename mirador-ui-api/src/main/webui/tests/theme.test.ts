import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHTML } from 'linkedom';
import { h, useDocument } from '../src/lib/dom';
import { applyTheme, effectiveTheme, themeToggle } from '../src/lib/theme';

const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>');
useDocument(document as unknown as Document);

function memoryStore(initial: Record<string, string> = {}) {
  const m = new Map(Object.entries(initial));
  return { get: (k: string) => m.get(k) ?? null, set: (k: string, v: string) => { m.set(k, v); }, m };
}

test('switching the theme changes one attribute: the view is not rebuilt and nothing is fetched', () => {
  const root = document.documentElement as unknown as HTMLElement;
  const store = memoryStore();
  applyTheme(root, store);
  assert.equal(root.dataset['theme'], undefined, 'no choice: the system decides');
  const header = h('header', null);
  const view = h('div', { 'data-view': 'finding' }, h('h1', null, 'Finding: payment'));
  document.body.append(header as unknown as Node, view as unknown as Node);
  const before = view.innerHTML;
  const fetches: unknown[] = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = ((...args: unknown[]) => { fetches.push(args); return Promise.reject(new Error('no fetch')); }) as typeof fetch;
  try {
    const toggle = themeToggle(root, store, () => false);
    header.appendChild(toggle.button);
    assert.equal(toggle.button.textContent, 'Dark theme');
    toggle.button.click();
    assert.equal(root.dataset['theme'], 'dark');
    assert.equal(store.m.get('mirador.theme'), 'dark');
    assert.equal(toggle.button.textContent, 'Light theme', 'the same button is relabelled');
    assert.equal(header.querySelector('[data-testid="theme-toggle"]'), toggle.button, 'the header is not rebuilt: the focused toggle stays in place');
    assert.equal(document.querySelector('[data-view]'), view, 'the view element is the same');
    assert.equal(view.innerHTML, before, 'the view is untouched (no "Loading…")');
    assert.equal(fetches.length, 0, 'nothing is fetched');
    toggle.button.click();
    assert.equal(root.dataset['theme'], 'light');
    assert.equal(effectiveTheme(root, () => true), 'light', 'a stored choice wins over the system');
  } finally {
    globalThis.fetch = realFetch;
    header.remove();
    view.remove();
  }
});

test('without a stored choice the toggle follows the system and relabels on its change', () => {
  const root = document.documentElement as unknown as HTMLElement;
  const store = memoryStore({ 'mirador.theme': 'bogus' });
  applyTheme(root, store);
  assert.equal(root.dataset['theme'], undefined, 'an unknown stored value is ignored');
  let dark = false;
  const toggle = themeToggle(root, store, () => dark);
  assert.equal(toggle.button.textContent, 'Dark theme');
  dark = true;
  toggle.relabel();
  assert.equal(toggle.button.textContent, 'Light theme');
  toggle.button.click();
  assert.equal(root.dataset['theme'], 'light');
});
