import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHTML } from 'linkedom';
import { h, redactionSegments, replace, s, safeHref, useDocument, valueText } from '../src/lib/dom';

const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>');
useDocument(document as unknown as Document);

const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(2)>',
  '"><svg onload=alert(3)>',
  '<a href="javascript:alert(4)">x</a>',
  '</td></tr><iframe src=//evil.example>',
];

test('telemetry strings become text, never elements', () => {
  const root = h('div', null);
  document.body.appendChild(root as unknown as Node);
  for (const p of PAYLOADS) {
    replace(root, h('span', { title: p }, p), valueText(p), s('text', null, p));
    assert.equal(root.querySelectorAll('script, img, svg[onload], iframe, a').length, 0, p);
    assert.equal((root.firstChild as HTMLElement).textContent, p);
    assert.equal((root.firstChild as HTMLElement).getAttribute('title'), p);
    // serialised, the text is escaped: the payload cannot turn into markup on a round trip either
    assert.ok(!valueText(p).innerHTML.includes('<'), 'serialised text escapes the payload');
  }
  assert.equal(document.querySelectorAll('script').length, 0);
});

test('inline handlers, inline styles and non-path links are refused', () => {
  assert.throws(() => h('div', { onclick: 'alert(1)' }), /inline event/);
  assert.throws(() => h('div', { ONERROR: 'x' }), /inline event/);
  assert.throws(() => h('div', { style: 'color:red' }), /inline styles/);
  for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:x', '//evil.example/x', '/\\evil.example', 'https://example.com', 'data:text/html,x', ' /x']) {
    assert.throws(() => h('a', { href: bad }), /same-origin/, bad);
  }
  assert.equal(safeHref('/traces/ab?tenant=x'), '/traces/ab?tenant=x');
  assert.equal(h('a', { href: '/findings?x=1' }).getAttribute('href'), '/findings?x=1');
});

test('event handlers are functions attached as listeners', () => {
  let clicked = 0;
  const b = h('button', { onclick: () => clicked++ }, 'go');
  assert.equal(b.getAttribute('onclick'), null);
  b.dispatchEvent(new (document.defaultView as unknown as { Event: typeof Event }).Event('click'));
  assert.equal(clicked, 1);
});

test('redaction tokens are split out and visibly marked', () => {
  assert.deepEqual(redactionSegments('user pii:5f2a9c01d3e4b7a8 paid [REDACTED] ok'), [
    { text: 'user ', redacted: false },
    { text: 'pii:5f2a9c01d3e4b7a8', redacted: true },
    { text: ' paid ', redacted: false },
    { text: '[REDACTED]', redacted: true },
    { text: ' ok', redacted: false },
  ]);
  assert.deepEqual(redactionSegments(''), [{ text: '', redacted: false }]);
  const el = valueText('card pii:00ff00ff00ff00ff');
  const marks = el.querySelectorAll('mark.redacted');
  assert.equal(marks.length, 1);
  assert.equal(el.textContent, 'card redacted pii:00ff00ff00ff00ff');
});

test('a 404 of an optional part is a note; a 403 is a refusal; others are errors with the problem text', async () => {
  const { notAvailableOr, errorPanel } = await import('../src/lib/ui');
  const { ApiError } = await import('../src/lib/api');
  const note = notAvailableOr(new ApiError(404, 'Not Found', 'no such UI API endpoint'), 'per-minute series');
  assert.equal(note.getAttribute('data-testid'), 'not-available');
  assert.equal(note.textContent, 'Per-minute series are not available in this build (no such UI API endpoint).');
  assert.equal(notAvailableOr(new ApiError(403, 'Forbidden', 'not your tenant'), 'x').getAttribute('data-testid'), 'refusal');
  const err = errorPanel(new ApiError(400, 'Bad Request', '<b>from</b> must be before to'), 'the logs');
  assert.equal(err.getAttribute('data-testid'), 'error');
  assert.ok(err.textContent!.includes('<b>from</b> must be before to'));
  assert.equal(err.querySelectorAll('b').length, 0);
});
