import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chooseStep, formatStep, formatTime, freeze, fromInputValue, parseInstant, parseStep, rangeFromParams, rangeToParams,
  resolveRange, toInputValue, toIso, describeRange,
} from '../src/lib/time';

test('parseInstant accepts ISO-8601 instants only', () => {
  assert.equal(parseInstant('2026-01-31T12:00:00Z'), Date.UTC(2026, 0, 31, 12));
  assert.equal(parseInstant('2026-01-31T12:00:00.250Z'), Date.UTC(2026, 0, 31, 12, 0, 0, 250));
  assert.equal(parseInstant('2026-01-31T13:00:00+01:00'), Date.UTC(2026, 0, 31, 12));
  for (const bad of ['', '2026-01-31', 'yesterday', '1700000000', '2026-01-31T12:00:00', null, 'x'.repeat(50)]) {
    assert.ok(Number.isNaN(parseInstant(bad)), String(bad));
  }
});

test('a range in a URL: absolute wins when valid, else the preset, else the default', () => {
  assert.deepEqual(rangeFromParams(new URLSearchParams('from=2026-01-31T12:00:00Z&to=2026-01-31T13:00:00Z&range=15m')),
    { kind: 'absolute', from: Date.UTC(2026, 0, 31, 12), to: Date.UTC(2026, 0, 31, 13) });
  assert.deepEqual(rangeFromParams(new URLSearchParams('from=2026-01-31T13:00:00Z&to=2026-01-31T12:00:00Z&range=15m')),
    { kind: 'relative', preset: '15m' });
  assert.deepEqual(rangeFromParams(new URLSearchParams('range=2y')), { kind: 'relative', preset: '1h' });
  const q = new URLSearchParams('range=1h&other=1');
  rangeToParams({ kind: 'absolute', from: 0, to: 60_000 }, q);
  assert.equal(q.toString(), 'other=1&from=1970-01-01T00%3A00%3A00Z&to=1970-01-01T00%3A01%3A00Z');
});

test('a live preset resolves against now on a whole second; freeze makes it absolute', () => {
  const now = Date.UTC(2026, 5, 1, 10, 0, 0, 789);
  const r = resolveRange({ kind: 'relative', preset: '15m' }, now);
  assert.equal(r.to, Date.UTC(2026, 5, 1, 10, 0, 0));
  assert.equal(r.to - r.from, 15 * 60_000);
  assert.deepEqual(freeze({ kind: 'relative', preset: '15m' }, now), { kind: 'absolute', from: r.from, to: r.to });
  const a = { kind: 'absolute' as const, from: 1, to: 2 };
  assert.deepEqual(freeze(a, now), a);
});

test('step choice keeps a chart within the point budget, never below a minute', () => {
  assert.equal(chooseStep(15 * 60_000), 60);
  assert.equal(chooseStep(3_600_000), 60);
  assert.equal(chooseStep(24 * 3_600_000), 600);
  assert.equal(chooseStep(7 * 24 * 3_600_000), 3600);
  for (const ms of [60_000, 3_600_000, 86_400_000, 30 * 86_400_000]) {
    const step = chooseStep(ms);
    assert.ok(ms / 1000 / step <= 240 || step === 86400, `${ms}: ${step}`);
  }
});

test('steps parse as a person writes them and as ISO durations', () => {
  assert.equal(parseStep('60s'), 60);
  assert.equal(parseStep('1m'), 60);
  assert.equal(parseStep('2h'), 7200);
  assert.equal(parseStep('1d'), 86400);
  assert.equal(parseStep('PT1M'), 60);
  assert.equal(parseStep('PT1H30M'), 5400);
  for (const bad of ['', '0s', 'PT', '1w', 'fast', '-1m']) assert.ok(Number.isNaN(parseStep(bad)), bad);
  for (const s of [60, 300, 3600, 86400, 90]) assert.equal(parseStep(formatStep(s)), s);
});

test('times format in UTC or local time; datetime-local inputs round-trip', () => {
  const t = Date.UTC(2026, 11, 6, 21, 5, 9);
  assert.equal(formatTime(t, true, true), '2026-12-06 21:05:09 UTC');
  assert.equal(formatTime(t, false, true), '2026-12-06 21:05 UTC');
  assert.match(formatTime(t, true, false), /^2026-12-0\d \d\d:05:09 [+-]\d\d:\d\d$/);
  assert.equal(toInputValue(t, true), '2026-12-06T21:05');
  assert.equal(fromInputValue('2026-12-06T21:05', true), Date.UTC(2026, 11, 6, 21, 5));
  assert.equal(fromInputValue(toInputValue(t, false), false), Date.UTC(2026, 11, 6, 21, 5));
  assert.ok(Number.isNaN(fromInputValue('not a date', true)));
  assert.equal(formatTime(NaN), '—');
  assert.equal(toIso(Date.UTC(2026, 0, 1)), '2026-01-01T00:00:00Z');
  assert.equal(toIso(Date.UTC(2026, 0, 1, 0, 0, 0, 5)), '2026-01-01T00:00:00.005Z');
  assert.equal(describeRange({ kind: 'relative', preset: '24h' }), 'last 24h');
});
