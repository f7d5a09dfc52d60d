import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layoutTrace, visibleRows, windowOf, type SpanLike } from '../src/lib/waterfall/layout';

const span = (spanId: string, parentSpanId: string, start: number, duration: number, name = spanId): SpanLike =>
  ({ spanId, parentSpanId, startTimeUnixNano: start, durationNanos: duration, name });

test('children follow their parent, ordered by start, with depths', () => {
  const l = layoutTrace([
    span('c2', 'root', 300, 100), span('root', '', 0, 1000), span('c1', 'root', 100, 150), span('g1', 'c1', 120, 20),
  ]);
  assert.deepEqual(l.rows.map((r) => [r.span.spanId, r.depth]), [['root', 0], ['c1', 1], ['g1', 2], ['c2', 1]]);
  assert.equal(l.start, 0);
  assert.equal(l.end, 1000);
  assert.deepEqual(l.rows.map((r) => r.offset), [0, 100, 120, 300]);
  assert.deepEqual(l.rows.map((r) => r.subtreeEnd), [4, 3, 3, 4]);
  assert.ok(l.rows.every((r) => !r.orphan && !r.skew));
});

test('a span whose parent is missing is an orphan root; an all-zero parent id is no parent', () => {
  const l = layoutTrace([span('a', '0000000000000000', 0, 10), span('b', 'ffffffffffffffff', 5, 10), span('c', 'b', 6, 2)]);
  const by = new Map(l.rows.map((r) => [r.span.spanId, r]));
  assert.equal(by.get('a')!.orphan, false);
  assert.equal(by.get('b')!.orphan, true);
  assert.equal(by.get('b')!.depth, 0);
  assert.equal(by.get('c')!.depth, 1);
});

test('a parent cycle does not loop or lose spans', () => {
  const l = layoutTrace([span('x', 'y', 0, 10), span('y', 'x', 1, 5), span('self', 'self', 2, 1)]);
  assert.equal(l.rows.length, 3);
  assert.deepEqual(new Set(l.rows.map((r) => r.span.spanId)), new Set(['x', 'y', 'self']));
});

test('duplicate span ids are shown once', () => {
  const l = layoutTrace([span('a', '', 0, 10), span('a', '', 0, 10), span('b', 'a', 1, 1)]);
  assert.equal(l.rows.length, 2);
});

test('clock skew: a child outside its parent is flagged, not moved', () => {
  const l = layoutTrace([span('p', '', 1000, 100), span('early', 'p', 900, 50), span('late', 'p', 1050, 100), span('ok', 'p', 1010, 10)]);
  const by = new Map(l.rows.map((r) => [r.span.spanId, r]));
  assert.equal(by.get('early')!.skew, true);
  assert.equal(by.get('late')!.skew, true);
  assert.equal(by.get('ok')!.skew, false);
  assert.equal(l.start, 900);
  assert.equal(by.get('early')!.offset, 0);
});

test('the critical path runs through the last-finishing children', () => {
  // root 0-100: a 0-40, b 50-90 (b finishes last, a finished before b started), c 10-30 overlaps a
  const l = layoutTrace([span('root', '', 0, 100), span('a', 'root', 0, 40), span('b', 'root', 50, 40), span('c', 'root', 10, 20), span('b1', 'b', 55, 30)]);
  const crit = new Set(l.rows.filter((r) => r.critical).map((r) => r.span.spanId));
  assert.deepEqual(crit, new Set(['root', 'b', 'b1', 'a']));
});

test('collapsing hides exactly the subtree', () => {
  const l = layoutTrace([span('r', '', 0, 10), span('a', 'r', 1, 5), span('a1', 'a', 2, 1), span('a2', 'a', 3, 1), span('b', 'r', 6, 2)]);
  assert.deepEqual(visibleRows(l.rows, new Set(['a'])).map((r) => r.span.spanId), ['r', 'a', 'b']);
  assert.deepEqual(visibleRows(l.rows, new Set(['r'])).map((r) => r.span.spanId), ['r']);
  assert.equal(visibleRows(l.rows, new Set()).length, 5);
});

test('the virtual window covers the viewport plus overscan and stays in bounds', () => {
  assert.deepEqual(windowOf(5000, 26, 0, 520, 10), { first: 0, last: 30 });
  assert.deepEqual(windowOf(5000, 26, 2600, 520, 10), { first: 90, last: 130 });
  const past = windowOf(50, 26, 100000, 520, 10);
  assert.equal(past.last, 50);
  const w = windowOf(5000, 26, 26 * 4990, 520, 10);
  assert.equal(w.last, 5000);
});

function bigTrace(n: number): SpanLike[] {
  // a realistic fan-out: each span has up to 4 children, ids shuffled
  const spans: SpanLike[] = [span('s0', '', 0, 1e9)];
  for (let i = 1; i < n; i++) {
    const parent = Math.floor((i - 1) / 4);
    spans.push(span(`s${i}`, `s${parent}`, i * 1000, 1e6));
  }
  for (let i = spans.length - 1; i > 0; i--) {
    const j = (i * 7919) % (i + 1);
    [spans[i], spans[j]] = [spans[j]!, spans[i]!];
  }
  return spans;
}

test('5,000 spans lay out in well under the 1 s render goal; a 5,000-deep chain does not overflow', () => {
  const spans = bigTrace(5000);
  const t0 = performance.now();
  const l = layoutTrace(spans);
  const ms = performance.now() - t0;
  assert.equal(l.rows.length, 5000);
  assert.equal(l.rows[0]!.span.spanId, 's0');
  // a guard against quadratic behaviour, not a benchmark (the Speed section of the README has those)
  assert.ok(ms < 2000, `layout took ${ms.toFixed(1)} ms`);
  const chain: SpanLike[] = [];
  for (let i = 0; i < 5000; i++) chain.push(span(`c${i}`, i ? `c${i - 1}` : '', i, 10_000 - i));
  const c = layoutTrace(chain);
  assert.equal(c.rows[4999]!.depth, 4999);
  assert.equal(c.rows[0]!.subtreeEnd, 5000);
});
