import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as findings from '../src/views/findings/url';
import * as finding from '../src/views/finding/url';
import * as map from '../src/views/map/url';
import * as service from '../src/views/service/url';
import * as traces from '../src/views/traces/url';
import * as trace from '../src/views/trace/url';
import * as logs from '../src/views/logs/url';
import * as metrics from '../src/views/metrics/url';
import * as admin from '../src/views/admin/url';
import { pathWithQuery, seg } from '../src/lib/url';
import type { TimeRange } from '../src/lib/time';

const split = (url: string): [string, URLSearchParams] => {
  const u = new URL(url, 'http://127.0.0.1');
  return [u.pathname, u.searchParams];
};
const lastSegment = (path: string) => decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));

const abs: TimeRange = { kind: 'absolute', from: Date.UTC(2026, 0, 31, 12, 0, 0), to: Date.UTC(2026, 0, 31, 13, 30, 0) };
const live: TimeRange = { kind: 'relative', preset: '6h' };
const hostile = 'a/b?c=d&e#f ../..%2F<script>é';

test('findings URL round-trips, live and absolute', () => {
  for (const range of [abs, live]) {
    const s: findings.FindingsState = { tenant: 'demo', range, service: hostile, state: 'closed' };
    const url = findings.build(s);
    assert.ok(url.startsWith('/findings?tenant=demo&'));
    const [path, q] = split(url);
    assert.equal(path, '/findings');
    assert.deepEqual(findings.parse(q), s);
  }
});

test('an absolute range is carried as ISO instants, a live one as range=', () => {
  const [, q] = split(findings.build({ tenant: 't', range: abs, service: '', state: '' }));
  assert.equal(q.get('from'), '2026-01-31T12:00:00Z');
  assert.equal(q.get('to'), '2026-01-31T13:30:00Z');
  assert.equal(q.get('range'), null);
  const [, q2] = split(findings.build({ tenant: 't', range: live, service: '', state: '' }));
  assert.equal(q2.get('range'), '6h');
  assert.equal(q2.get('from'), null);
});

test('finding detail URL round-trips with and without a re-run window', () => {
  const id = 'ab'.repeat(16);
  for (const [f, t] of [[null, null], [abs.kind === 'absolute' ? abs.from : 0, abs.kind === 'absolute' ? abs.to : 0]] as const) {
    const s: finding.FindingState = { tenant: 'demo', id, rcaFrom: f, rcaTo: t };
    const [path, q] = split(finding.build(s));
    assert.equal(path, `/findings/${id}`);
    assert.deepEqual(finding.parse(lastSegment(path), q), s);
  }
});

test('service URL keeps a hostile service name inside one path segment', () => {
  const s: service.ServiceState = { tenant: 'demo', range: abs, service: hostile };
  const [path, q] = split(service.build(s));
  assert.equal(path.split('/').length, 3, path);
  assert.deepEqual(service.parse(lastSegment(path), q), s);
});

test('map URL round-trips', () => {
  const s: map.MapState = { tenant: 'x', range: live, focus: 'check/out' };
  const [path, q] = split(map.build(s));
  assert.equal(path, '/map');
  assert.deepEqual(map.parse(q), s);
});

test('traces search URL round-trips with repeated attribute filters', () => {
  const s: traces.TracesState = { tenant: 'demo', range: abs, service: 'checkout', operation: 'POST /pay?x=1&y', status: 'Error', minDuration: '250ms', attr: ['http.route=/a&b', 'k=v=w'] };
  const [path, q] = split(traces.build(s));
  assert.equal(path, '/traces');
  assert.deepEqual(traces.parse(q), s);
});

test('traces parse drops malformed filters instead of failing', () => {
  const q = new URLSearchParams('tenant=demo&status=Bogus&minDuration=soon&attr=noequals&attr==v&attr=ok=1&from=yesterday&to=now');
  const s = traces.parse(q);
  assert.equal(s.status, '');
  assert.equal(s.minDuration, '');
  assert.deepEqual(s.attr, ['ok=1']);
  assert.deepEqual(s.range, { kind: 'relative', preset: '1h' });
});

test('trace URL round-trips and accepts only a 16-hex span id', () => {
  const s: trace.TraceState = { tenant: 'demo', traceId: 'f'.repeat(32), span: '0123456789abcdef' };
  const [path, q] = split(trace.build(s));
  assert.deepEqual(trace.parse(lastSegment(path), q), s);
  assert.equal(trace.parse('x', new URLSearchParams('span=<img>')).span, '');
});

test('logs URL round-trips; severity names are case-insensitive; a bad trace id is dropped', () => {
  const s: logs.LogsState = { tenant: 'demo', range: live, service: 'payment', severity: 'ERROR', q: 'timeout "x" & y', traceId: 'a'.repeat(32) };
  const [path, q] = split(logs.build(s));
  assert.equal(path, '/logs');
  assert.deepEqual(logs.parse(q), s);
  assert.equal(logs.parse(new URLSearchParams('severity=warn')).severity, 'WARN');
  assert.equal(logs.parse(new URLSearchParams('traceId=zz')).traceId, '');
  assert.equal(logs.SEVERITY_NUMBER.ERROR, 17);
});

test('metrics URL round-trips; an unknown step or aggregation is dropped', () => {
  const s: metrics.MetricsState = { tenant: 'demo', range: abs, name: 'http.server.duration', type: 'histogram', service: 'checkout', attr: ['route=/a'], step: '5m', agg: 'p99' };
  const [path, q] = split(metrics.build(s));
  assert.equal(path, '/metrics');
  assert.deepEqual(metrics.parse(q), s);
  const bad = metrics.parse(new URLSearchParams('step=fast&agg=median&type=weird'));
  assert.equal(bad.step, '');
  assert.equal(bad.agg, '');
  assert.equal(bad.type, '');
  assert.equal(metrics.parse(new URLSearchParams('step=PT1M')).step, 'PT1M');
});

test('admin URLs round-trip per tab; audit filters only on the audit tab', () => {
  for (const tab of admin.TABS) {
    const s: admin.AdminState = { tenant: 'demo', range: live, tab, actor: tab === 'audit' ? 'local-admin' : '', action: tab === 'audit' ? 'query.spans.search' : '' };
    const [path, q] = split(admin.build(s));
    assert.equal(path, `/admin/${tab}`);
    assert.deepEqual(admin.parse(tab, q), s);
  }
  assert.equal(admin.parse('nope', new URLSearchParams()).tab, 'audit');
});

test('pathWithQuery leaves out empty values and encodes everything else', () => {
  assert.equal(pathWithQuery('/x', { a: '', b: null, c: undefined, d: 'v w&z' }), '/x?d=v+w%26z');
  assert.equal(pathWithQuery('/x', {}), '/x');
  assert.equal(seg('a/b'), 'a%2Fb');
  assert.equal(seg('..'), '..');
});
