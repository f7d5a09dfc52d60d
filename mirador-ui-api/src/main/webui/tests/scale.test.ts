import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linearScale, niceDomain, niceTicks, timeTicks } from '../src/lib/charts/scale';
import { linePath } from '../src/lib/charts/line';

test('a linear scale maps and inverts, including an inverted pixel range', () => {
  const y = linearScale([0, 200], [180, 10]);
  assert.equal(y(0), 180);
  assert.equal(y(200), 10);
  assert.equal(y(100), 95);
  assert.equal(y.invert(95), 100);
  const flat = linearScale([5, 5], [0, 100]);
  assert.ok(Number.isFinite(flat(5)));
});

test('ticks are round numbers covering the domain', () => {
  assert.deepEqual(niceTicks(0, 100, 5), [0, 20, 40, 60, 80, 100]);
  assert.deepEqual(niceTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(0, 1, 4), [0, 0.5, 1]);
  assert.ok(niceTicks(0, 387, 4).length <= 5);
  assert.deepEqual(niceTicks(3, 3), [3]);
  assert.deepEqual(niceTicks(NaN, 1), []);
});

test('a domain includes zero, widens to round bounds and survives flat or empty data', () => {
  assert.deepEqual(niceDomain([12, 87]), [0, 100]);
  assert.deepEqual(niceDomain([]), [0, 1]);
  assert.deepEqual(niceDomain([0, 0]), [0, 1]);
  const [lo, hi] = niceDomain([5e7, 2.7e8]);
  assert.ok(lo === 0 && hi >= 2.7e8 && hi <= 4e8, `${lo} ${hi}`);
  const [a, b] = niceDomain([-3, 2]);
  assert.ok(a <= -3 && b >= 2);
});

test('time ticks fall on whole steps inside the range', () => {
  const from = Date.UTC(2026, 0, 1, 10, 7);
  const to = Date.UTC(2026, 0, 1, 11, 7);
  const t = timeTicks(from, to, 6);
  assert.ok(t.length >= 4 && t.length <= 7, String(t.length));
  assert.ok(t.every((x) => x >= from && x <= to && x % 600_000 === 0));
});

test('a line breaks at missing points', () => {
  const d = linePath([{ t: 0, v: 1 }, { t: 1, v: 2 }, { t: 2, v: null }, { t: 3, v: 3 }], (t) => t * 10, (v) => v);
  assert.equal(d, 'M0.0,1.0L10.0,2.0M30.0,3.0');
});
