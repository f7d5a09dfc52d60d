import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHTML } from 'linkedom';
import { h, useDocument } from '../src/lib/dom';
import { table } from '../src/lib/ui';

const { document, window } = parseHTML('<!doctype html><html><head></head><body></body></html>');
useDocument(document as unknown as Document);

interface Row { id: string }
const ROWS: Row[] = Array.from({ length: 1000 }, (_, i) => ({ id: `f${i}` }));
const COLUMNS = [{ header: 'Id', cell: (r: Row) => h('a', { href: `/findings/${r.id}` }, r.id) }];

function manual() {
  const queue: (() => void)[] = [];
  return {
    schedule: (task: () => void) => { queue.push(task); },
    runOne: () => { queue.shift()?.(); },
    runAll: () => { while (queue.length) queue.shift()!(); },
    get pending() { return queue.length; },
  };
}

function rows(t: Element): Element[] {
  return [...t.querySelectorAll('tbody tr')];
}

test('a large table builds a screenful at once and the rest in later tasks', () => {
  const tasks = manual();
  let done = 0;
  const t = table(COLUMNS, ROWS, { testid: 'finding-row', onOpen: () => {}, progressive: { first: 60, chunk: 150, schedule: tasks.schedule, done: () => done++ } });
  assert.equal(rows(t).length, 60, 'only the first screenful before the first paint');
  assert.equal(t.getAttribute('aria-rowcount'), '1001', 'the full count (with the header row) from the start');
  assert.equal(done, 0);
  tasks.runOne();
  assert.equal(rows(t).length, 210);
  tasks.runAll();
  assert.equal(rows(t).length, 1000);
  assert.equal(done, 1);
  const all = rows(t);
  assert.deepEqual(all.map((r) => r.textContent), ROWS.map((r) => r.id), 'every row once, in order');
  assert.equal(all[999]!.getAttribute('aria-rowindex'), '1001');
  assert.equal(all[999]!.getAttribute('data-testid'), 'finding-row');
});

test('an aborted table stops appending', () => {
  const tasks = manual();
  const stop = new AbortController();
  const t = table(COLUMNS, ROWS, { progressive: { first: 60, chunk: 150, schedule: tasks.schedule, signal: stop.signal } });
  tasks.runOne();
  stop.abort();
  tasks.runAll();
  assert.equal(rows(t).length, 210);
});

test('rows appended later open and move with the keyboard like the first ones', () => {
  const tasks = manual();
  const opened: string[] = [];
  const t = table(COLUMNS, ROWS, { onOpen: (r) => opened.push(r.id), progressive: { first: 60, chunk: 150, schedule: tasks.schedule } });
  document.body.appendChild(t as unknown as Node);
  tasks.runAll();
  const all = rows(t) as HTMLElement[];
  const key = (el: HTMLElement, k: string) => {
    const e = new (window as unknown as { Event: typeof Event }).Event('keydown', { bubbles: true, cancelable: true });
    Object.defineProperty(e, 'key', { value: k });
    el.dispatchEvent(e);
  };
  const late = all[700]!;
  assert.equal(late.getAttribute('tabindex'), '0', 'a later row is a tab stop too');
  key(late, 'Enter');
  key(all[59]!, ' ');
  assert.deepEqual(opened, ['f700', 'f59']);
  let focused: Element | null = null;
  for (const r of all) r.focus = () => { focused = r; };
  key(all[59]!, 'ArrowDown');
  assert.equal(focused, all[60], 'ArrowDown from the last first-screen row reaches the first appended row');
  key(all[60]!, 'ArrowUp');
  assert.equal(focused, all[59]);
  // a key on a link inside a row is the link's, not the row's
  key(all[700]!.querySelector('a') as HTMLElement, 'Enter');
  assert.deepEqual(opened, ['f700', 'f59']);
  t.remove();
});

test('a small table is built at once', () => {
  let done = 0;
  const t = table(COLUMNS, ROWS.slice(0, 10), { progressive: { first: 60, chunk: 150, schedule: () => assert.fail('nothing to schedule'), done: () => done++ } });
  assert.equal(rows(t).length, 10);
  assert.equal(done, 1);
});
