import { test } from 'node:test';
import assert from 'node:assert/strict';
import { concerns, detectedAt, topCause } from '../src/views/findings/view';
import { chartRange, engineFinding } from '../src/views/finding/view';
import { operationTotals } from '../src/views/service/view';
import { health, latencyRatio } from '../src/views/map/health';
import { seriesLabel } from '../src/views/metrics/view';
import { featureSeries, featureValue, selfTimeSeries } from '../src/lib/features';
import type { Finding, ServiceMinute, ServiceSummary } from '../src/lib/types';

const finding = (over: Partial<Finding> = {}): Finding => ({
  id: 'a'.repeat(32), tenant: 'demo', openedAt: '2026-01-01T10:00:00Z', updatedAt: '2026-01-01T10:05:00Z', closedAt: null, status: 'OPEN',
  symptom: { service: 'frontend', metric: 'latency_p95', from: '2026-01-01T10:00:00Z', to: '2026-01-01T10:10:00Z' },
  causes: [{ service: 'payment', score: 12.5, confidence: 0.8 }, { service: 'db', score: 3, confidence: 0.2 }],
  evidence: { services: ['frontend', 'payment', 'db', 'cart'] },
  ...over,
});

test('a finding concerns its symptom, its causes and the incident members', () => {
  const f = finding();
  for (const s of ['', 'frontend', 'payment', 'db', 'cart']) assert.ok(concerns(f, s), s);
  assert.ok(!concerns(f, 'other'));
  assert.deepEqual(topCause(f), { service: 'payment', score: 12.5, confidence: 0.8 });
  assert.equal(topCause(finding({ causes: [] })), null);
});

test('detectedAt comes from the finding, else its evidence, else nothing', () => {
  assert.equal(detectedAt(finding({ detectedAt: '2026-01-01T10:03:00Z' })), '2026-01-01T10:03:00Z');
  assert.equal(detectedAt(finding({ evidence: { detectedAt: '2026-01-01T10:04:00Z' } })), '2026-01-01T10:04:00Z');
  assert.equal(detectedAt(finding()), null);
});

test('the engine finding is read from the evidence, or rebuilt from the stored causes', () => {
  const stored = finding();
  const rebuilt = engineFinding(stored);
  assert.deepEqual(rebuilt.causes.map((c) => c.service), ['payment', 'db']);
  assert.deepEqual(rebuilt.causes[0]!.evidence, []);
  const kept = { symptom: { service: 'x', metric: 'm', window: { start: 'a', end: 'b' } }, causes: [{ service: 'y', score: 1, confidence: 1 }] };
  assert.equal(engineFinding(finding({ evidence: { finding: kept } })), kept);
});

test('the chart range has an hour of baseline, ends by now, and spans at most a day', () => {
  const t = Date.UTC(2026, 0, 1, 10);
  assert.deepEqual(chartRange(t, t + 600_000, t + 86_400_000), { from: t - 3_600_000, to: t + 600_000 + 900_000 });
  assert.deepEqual(chartRange(t, t + 600_000, t + 300_000), { from: t - 3_600_000, to: t + 300_000 });
  const long = chartRange(t, t + 3 * 86_400_000, t + 4 * 86_400_000);
  assert.equal(long.to - long.from, 86_400_000);
});

test('operation totals weight p95 by spans and sort by volume', () => {
  const rows = [
    { service: 's', operation: 'GET /a', kind: 'Server', minuteStartUnixNano: 0, spans: 10, errors: 1, latencyP50Nanos: 1, latencyP95Nanos: 100 },
    { service: 's', operation: 'GET /a', kind: 'Server', minuteStartUnixNano: 60e9, spans: 30, errors: 0, latencyP50Nanos: 1, latencyP95Nanos: 200 },
    { service: 's', operation: 'GET /b', kind: 'Server', minuteStartUnixNano: 0, spans: 50, errors: 5, latencyP50Nanos: null, latencyP95Nanos: null },
    { service: 'other', operation: 'GET /a', kind: 'Server', minuteStartUnixNano: 0, spans: 999, errors: 0, latencyP50Nanos: 1, latencyP95Nanos: 1 },
  ];
  const t = operationTotals(rows, 's');
  assert.deepEqual(t.map((o) => [o.operation, o.spans, o.errors, o.p95]), [['GET /b', 50, 5, null], ['GET /a', 40, 1, 175]]);
  assert.deepEqual([...t[1]!.perMinute], [[0, 10], [60_000, 30]]);
});

const summary = (over: Partial<ServiceSummary>): ServiceSummary => ({
  service: 's', requests: 100, requestsPerSecond: 1, errors: 0, errorRate: 0, latencyP50Nanos: 1e6, latencyP95Nanos: 1e7, latencyP99Nanos: 2e7, errorLogs: 0, ...over,
});

test('map health: error rate and p95 against the previous window', () => {
  assert.equal(health(undefined, undefined), 'idle');
  assert.equal(health(summary({ requests: 0 }), undefined), 'idle');
  assert.equal(health(summary({}), summary({})), 'ok');
  assert.equal(health(summary({ errorRate: 0.02 }), undefined), 'warn');
  assert.equal(health(summary({ errorRate: 0.05 }), undefined), 'bad');
  assert.equal(health(summary({ latencyP95Nanos: 2e7 }), summary({})), 'warn');
  assert.equal(health(summary({ latencyP95Nanos: 4e7 }), summary({})), 'bad');
  assert.equal(latencyRatio(summary({}), summary({ latencyP95Nanos: null })), null);
  assert.equal(latencyRatio(summary({ latencyP95Nanos: 3e7 }), summary({})), 3);
});

test('features map to the RCA names; missing minutes are gaps', () => {
  const m: ServiceMinute = { service: 'p', minuteStartUnixNano: Date.UTC(2026, 0, 1, 10, 1) * 1e6, requests: 60, errors: 3, errorRate: 0.05, latencyP50Nanos: 1, latencyP95Nanos: 2, latencyP99Nanos: 3, errorLogs: 4, gauges: { 'process.cpu.utilization': 0.5 } };
  assert.equal(featureValue(m, 'requests'), 60);
  assert.equal(featureValue(m, 'error_rate'), 0.05);
  assert.equal(featureValue(m, 'error_logs'), 4);
  assert.equal(featureValue(m, 'latency_p99'), 3);
  assert.equal(featureValue(m, 'process.cpu.utilization'), 0.5);
  assert.equal(featureValue(m, 'unknown'), null);
  const from = Date.UTC(2026, 0, 1, 10, 0);
  const pts = featureSeries([m, { ...m, service: 'other' }], 'p', 'requests', from, from + 3 * 60_000);
  assert.deepEqual(pts.map((p) => p.v), [null, 60, null]);
  const st = selfTimeSeries([{ service: 'p', minuteStartUnixNano: from * 1e6, spans: 1, p50Nanos: 5, p95Nanos: 9 }], 'p', 'self_time_p95', from, from + 60_000);
  assert.deepEqual(st, [{ t: from, v: 9 }]);
});

test('series are labelled by their sorted attributes', () => {
  assert.equal(seriesLabel({ b: '2', a: '1' }), 'a=1, b=2');
  assert.equal(seriesLabel({}), '(no attributes)');
  assert.equal(seriesLabel({ route: '/a' }, 'checkout'), 'checkout: route=/a');
});


test('the map focus keeps services within two calls either way', async () => {
  const { neighbourhood } = await import('../src/views/map/health');
  const edges = [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'c', to: 'd' }, { from: 'x', to: 'b' }, { from: 'y', to: 'x' }];
  assert.deepEqual([...neighbourhood('b', edges)].sort(), ['a', 'b', 'c', 'd', 'x', 'y']);
  assert.deepEqual([...neighbourhood('d', edges)].sort(), ['b', 'c', 'd']);
  assert.deepEqual([...neighbourhood('d', edges, 1)].sort(), ['c', 'd']);
  assert.deepEqual([...neighbourhood('nobody', edges)], ['nobody']);
});

test('open findings from before a live range are added once, after the range\'s own', async () => {
  const { mergeOpen } = await import('../src/views/findings/view');
  const a = finding({ id: 'a'.repeat(32) });
  const b = finding({ id: 'b'.repeat(32) });
  const closed = finding({ id: 'c'.repeat(32), status: 'CLOSED', closedAt: '2026-01-01T11:00:00Z' });
  assert.deepEqual(mergeOpen([a], [a, b, closed]).map((f) => f.id[0]), ['a', 'b']);
  assert.deepEqual(mergeOpen([], []), []);
});
