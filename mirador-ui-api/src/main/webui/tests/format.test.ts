import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatBytes, formatCount, formatDurationMs, formatDurationNanos, formatFeature, formatNumber, formatPercent, formatRate, parseDurationToNanos,
} from '../src/lib/format';

test('durations pick the unit a person reads', () => {
  assert.equal(formatDurationNanos(850), '850 ns');
  assert.equal(formatDurationNanos(12_345), '12.3 µs');
  assert.equal(formatDurationNanos(4_500_000), '4.5 ms');
  assert.equal(formatDurationNanos(250_000_000), '250 ms');
  assert.equal(formatDurationNanos(1_234_000_000), '1.23 s');
  assert.equal(formatDurationNanos(123e9), '2 min 3 s');
  assert.equal(formatDurationNanos(3_900e9), '1 h 5 min');
  assert.equal(formatDurationNanos(90_000e9), '1 d 1 h');
  assert.equal(formatDurationNanos(null), '—');
  assert.equal(formatDurationNanos(NaN), '—');
  assert.equal(formatDurationMs(1500), '1.5 s');
});

test('rates, percentages and counts', () => {
  assert.equal(formatRate(0.5), '0.5/s');
  assert.equal(formatRate(12.34), '12.3/s');
  assert.equal(formatRate(12_345), '12.3k/s');
  assert.equal(formatRate(undefined), '—');
  assert.equal(formatPercent(0), '0 %');
  assert.equal(formatPercent(0.0674), '6.74 %');
  assert.equal(formatPercent(0.5), '50 %');
  assert.equal(formatPercent(1), '100 %');
  assert.equal(formatPercent(0.00001), '<0.01 %');
  assert.equal(formatCount(950), '950');
  assert.equal(formatCount(12_500), '12.5k');
  assert.equal(formatCount(3_400_000), '3.4M');
  assert.equal(formatBytes(1536), '1.5 KiB');
});

test('numbers compared with the API keep their precision', () => {
  assert.equal(formatNumber(357.7643213623129), '357.8');
  assert.equal(formatNumber(143.3991096544202, 3), '143');
  assert.equal(formatNumber(42), '42');
  assert.equal(formatNumber(0.000012), '1.20e-5');
  assert.equal(formatNumber(-19.756, 3), '-19.8');
});

test('RCA features format in their units', () => {
  assert.equal(formatFeature('latency_p95', 58_496_775), '58.5 ms');
  assert.equal(formatFeature('self_time_p95', 46_637_575), '46.6 ms');
  assert.equal(formatFeature('inbound_gap_p95', 401_200_000), '401 ms');
  assert.equal(formatFeature('inbound_calls', 1200), '1200');
  assert.equal(formatFeature('error_rate', 0.25), '25 %');
  assert.equal(formatFeature('requests', 42), '42');
  assert.equal(formatFeature('process.memory.usage', 2 * 1024 * 1024), '2 MiB');
});

test('a least duration parses from what a person types', () => {
  assert.equal(parseDurationToNanos('250ms'), 250e6);
  assert.equal(parseDurationToNanos('1.5s'), 1.5e9);
  assert.equal(parseDurationToNanos('800us'), 800e3);
  assert.equal(parseDurationToNanos('800µs'), 800e3);
  assert.equal(parseDurationToNanos('2m'), 120e9);
  assert.equal(parseDurationToNanos('100'), 100e6);
  for (const bad of ['', 'fast', '1..2s', '-5ms', '5 parsecs']) assert.ok(Number.isNaN(parseDurationToNanos(bad)), bad);
});
