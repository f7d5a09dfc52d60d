import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { parseHTML } from 'linkedom';
import { setCsrf } from '../src/lib/api';
import { useDocument } from '../src/lib/dom';
import { setUtc } from '../src/lib/time';
import { detectorSeries, groupBy, MAX_SERIES, privacyReport, redactionReport, redactionRows, reportStepSeconds, scanResult } from '../src/views/admin/privacy';

const { document } = parseHTML('<!doctype html><html><head></head><body><div id="live"></div></body></html>');
useDocument(document as unknown as Document);
// announce() writes to the shell's live region through the global document
(globalThis as { document?: unknown }).document = document;
setUtc(true);

const FROM = Date.parse('2026-12-07T00:00:00Z');
const TO = Date.parse('2026-12-07T04:00:00Z');
const HOSTILE = '<img src=x onerror=alert(1)>';

const REPORT = {
  tenant: 'acme', from: '2026-12-07T00:00:00Z', to: '2026-12-07T04:00:00Z', total: 60,
  redactions: [
    { detector: 'email', action: 'hash', signal: 'traces', location: 'span_attribute', count: 30 },
    { detector: 'credit_card', action: 'mask', signal: 'logs', location: 'log_body', count: 20 },
    { detector: 'email', action: 'hash', signal: 'logs', location: 'log_body', count: 6 },
    { detector: 'key_rule', action: 'drop', signal: 'metrics', location: HOSTILE, count: 4 },
  ],
};

const cells = (el: Element, testid: string): string[][] =>
  [...el.querySelectorAll(`[data-testid="${testid}"]`)].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''));

test('the report groups by detector and action, signal and location, largest first, with the total', () => {
  const el = redactionReport(REPORT, { from: FROM, to: TO, stepMs: 0 });
  assert.match(el.querySelector('[data-testid="redaction-total"]')!.textContent!, /^60 redactions from /);
  assert.deepEqual(cells(el, 'redaction-by-detector'), [['email', 'hash', '36'], ['credit_card', 'mask', '20'], ['key_rule', 'drop', '4']]);
  assert.deepEqual(cells(el, 'redaction-by-signal'), [['traces', '30'], ['logs', '26'], ['metrics', '4']]);
  assert.deepEqual(cells(el, 'redaction-by-location'), [['span_attribute', '30'], ['log_body', '26'], [HOSTILE, '4']]);
  assert.equal(cells(el, 'redaction-detail-row').length, 4);
  assert.deepEqual(cells(el, 'redaction-detail-row')[1], ['credit_card', 'mask', 'logs', 'log_body', '20']);
  // a hostile string from the answer stays text: no element is made of it
  assert.equal(el.querySelectorAll('img').length, 0);
  assert.equal(el.querySelector('[data-testid="redaction-series"]'), null, 'no buckets, no chart');
});

test('an empty or malformed answer says so instead of failing', () => {
  assert.match(redactionReport({ redactions: [] }, { from: FROM, to: TO, stepMs: 0 }).textContent!, /No redaction recorded/);
  assert.match(redactionReport({}, { from: FROM, to: TO, stepMs: 0 }).textContent!, /No redaction recorded/);
  const rows = redactionRows({ redactions: [null, 7, { detector: 'email', count: 'many' }, { detector: 'ssn', count: -3 }, { count: 2, bucketStart: 'nope' }] });
  assert.deepEqual(rows.map((r) => [r.detector, r.count, r.bucket]), [['email', 0, null], ['ssn', 0, null], ['—', 2, null]]);
});

test('bucketed answers become one zero-filled series per detector, the smallest summed as other', () => {
  const hour = 3_600_000;
  const rows = redactionRows({ redactions: [
    { detector: 'email', action: 'hash', signal: 'traces', location: 'span_attribute', count: 5, bucketStart: '2026-12-07T01:00:00Z' },
    { detector: 'email', action: 'hash', signal: 'logs', location: 'log_body', count: 2, bucketStart: '2026-12-07T01:00:00Z' },
    { detector: 'phone', action: 'mask', signal: 'traces', location: 'span_name', count: 1, bucketStart: '2026-12-07T03:00:00Z' },
  ] });
  const series = detectorSeries(rows, FROM, TO, hour);
  assert.deepEqual(series.map((s) => s.name), ['email', 'phone']);
  assert.deepEqual(series[0]!.points.map((p) => p.v), [0, 7, 0, 0]);
  assert.deepEqual(series[1]!.points.map((p) => p.v), [0, 0, 0, 1]);
  const el = redactionReport({ redactions: rows.map((r) => ({ ...r, bucketStart: new Date(r.bucket!).toISOString() })) }, { from: FROM, to: TO, stepMs: hour });
  assert.ok(el.querySelector('[data-testid="redaction-series"] svg'), 'a chart');
  assert.deepEqual(cells(el, 'redaction-by-detector'), [['email', 'hash', '7'], ['phone', 'mask', '1']], 'tables sum over buckets');

  const many = redactionRows({ redactions: Array.from({ length: MAX_SERIES + 2 }, (_, i) => ({ detector: `d${i}`, count: 100 - i, bucketStart: '2026-12-07T00:00:00Z' })) });
  const capped = detectorSeries(many, FROM, TO, hour);
  assert.equal(capped.length, MAX_SERIES);
  assert.equal(capped.at(-1)!.name, 'other');
  assert.equal(capped.at(-1)!.points[0]!.v, (100 - 5) + (100 - 6) + (100 - 7));
});

test('groupBy orders ties by name so the page is stable', () => {
  const rows = redactionRows({ redactions: [{ detector: 'b', count: 1 }, { detector: 'a', count: 1 }] });
  assert.deepEqual(groupBy(rows, ['detector']).map((g) => g.keys[0]), ['a', 'b']);
  assert.ok(reportStepSeconds(FROM, TO) >= 60);
  assert.ok((TO - FROM) / 1000 / reportStepSeconds(FROM, TO) <= 48);
});

test('a clean scan says clean with what was read', () => {
  const el = scanResult({ clean: true, scanned: { spans: 400, logs: 40, dataPoints: 3, values: 12345 }, truncated: false, matches: [] }, 'acme');
  const clean = el.querySelector('[data-testid="scan-clean"]')!;
  assert.match(clean.textContent!, /^Clean: /);
  assert.match(clean.textContent!, /400 spans, 40 logs, 3 data points \(12\.3k values\) read/);
  assert.equal(el.querySelector('[data-testid="scan-truncated"]'), null);
});

test('matches show place, key, count and trace links, never a value', () => {
  const el = scanResult({
    clean: false, truncated: true, scanned: { spans: 10, logs: 2, dataPoints: 0, values: 99 },
    matches: [
      { detector: 'email', signal: 'traces', location: 'span_attribute', key: 'user.email', count: 3, value: 'leaked@example.com',
        examples: [{ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' }, { traceId: '../../admin', spanId: 'x' }] },
      { detector: 'credit_card', signal: 'logs', location: 'log_body', key: null, count: 2, examples: [{ timestamp: '2026-12-07T01:00:00Z' }] },
      { detector: 'phone', signal: 'traces', location: 'span_attribute', key: HOSTILE, count: 1, examples: [] },
    ],
  }, 'acme');
  assert.match(el.querySelector('[data-testid="scan-dirty"]')!.textContent!, /^Not clean: 6 stored values match a detector/);
  assert.ok(el.querySelector('[data-testid="scan-truncated"]'));
  const rows = cells(el, 'scan-match-row');
  assert.deepEqual(rows.map((r) => r.slice(0, 5)), [
    ['email', 'traces', 'span_attribute', 'user.email', '3'],
    ['credit_card', 'logs', 'log_body', '(name, message or body)', '2'],
    ['phone', 'traces', 'span_attribute', HOSTILE, '1'],
  ]);
  const links = [...el.querySelectorAll('a[data-testid="scan-example"]')].map((a) => a.getAttribute('href'));
  assert.deepEqual(links, ['/traces/0af7651916cd43dd8448eb211c80319c?tenant=acme&span=b7ad6b7169203331'], 'only checked ids become links');
  assert.equal(rows[1]![5], '2026-12-07 01:00:00 UTC');
  assert.equal(el.textContent!.includes('leaked@example.com'), false, 'a value field is never rendered');
  assert.equal(el.querySelectorAll('img').length, 0);
});

interface Call { method: string; url: string; csrf: string | undefined }
let calls: Call[] = [];
let answers: Record<string, () => Response> = {};
const json = (status: number, body: unknown) => () => new Response(JSON.stringify(body), { status, headers: { 'content-type': status === 200 ? 'application/json' : 'application/problem+json' } });

beforeEach(() => {
  calls = [];
  answers = {};
  (globalThis as { fetch: unknown }).fetch = async (url: string, init: RequestInit) => {
    const headers = (init.headers ?? {}) as Record<string, string>;
    calls.push({ method: init.method ?? 'GET', url, csrf: headers['X-CSRF-Token'] });
    const key = `${init.method} ${url.split('?')[0]!.split('/').at(-1)}`;
    return (answers[key] ?? json(404, { title: 'Not Found' }))();
  };
});

const settle = () => new Promise((r) => setTimeout(r, 5));
const options = (admin: boolean) => ({ tenant: 'acme', from: '2026-12-07T00:00:00Z', to: '2026-12-07T04:00:00Z', fromMs: FROM, toMs: TO, admin, signal: new AbortController().signal });

test('admins scan through the BFF with the CSRF token and see the verdict', async () => {
  setCsrf('csrf-1');
  answers['GET redactions'] = json(200, REPORT);
  answers['POST scan'] = json(200, { clean: false, scanned: { spans: 1, logs: 0, dataPoints: 0, values: 5 }, matches: [{ detector: 'email', signal: 'traces', location: 'span_name', key: null, count: 1, examples: [] }] });
  const box = document.createElement('div') as unknown as HTMLElement;
  await privacyReport(box, options(true));
  assert.equal(calls[0]!.method, 'GET');
  assert.match(calls[0]!.url, /^\/ui\/api\/core\/tenants\/acme\/privacy\/redactions\?from=2026-12-07T00%3A00%3A00Z&to=2026-12-07T04%3A00%3A00Z&step=PT\d+S$/);
  const button = box.querySelector('[data-testid="scan-stored"]') as HTMLButtonElement;
  assert.ok(button);
  button.dispatchEvent(new (document.defaultView as unknown as { Event: typeof Event }).Event('click'));
  await settle();
  await settle();
  assert.deepEqual(calls[1], { method: 'POST', url: '/ui/api/core/tenants/acme/privacy/scan?from=2026-12-07T00%3A00%3A00Z&to=2026-12-07T04%3A00%3A00Z', csrf: 'csrf-1' });
  assert.ok(box.querySelector('[data-testid="scan-dirty"]'), box.textContent ?? '');
  assert.equal(button.disabled, false);
  assert.equal(document.getElementById('live')!.textContent, 'Scan finished: matches found');
});

test('viewers get no scan button; a core without the endpoint is a note; a 400 on step retries without it', async () => {
  answers['GET redactions'] = json(200, REPORT);
  const box = document.createElement('div') as unknown as HTMLElement;
  await privacyReport(box, options(false));
  assert.equal(box.querySelector('[data-testid="scan-stored"]'), null);
  assert.match(box.textContent!, /Only administrators can run the scan/);

  answers = {};
  await privacyReport(box, options(true));
  assert.ok(box.querySelector('[data-testid="privacy-unavailable"]'));

  calls = [];
  let n = 0;
  answers['GET redactions'] = () => (n++ === 0 ? json(400, { title: 'Bad Request', detail: 'step: unknown' })() : json(200, REPORT)());
  await privacyReport(box, options(true));
  assert.equal(calls.length, 2);
  assert.match(calls[0]!.url, /&step=/);
  assert.doesNotMatch(calls[1]!.url, /step=/);
  assert.ok(box.querySelector('[data-testid="redaction-total"]'));
});

test('a scan the core lacks or refuses is shown as such', async () => {
  answers['GET redactions'] = json(200, REPORT);
  const box = document.createElement('div') as unknown as HTMLElement;
  await privacyReport(box, options(true));
  const click = async () => {
    box.querySelector('[data-testid="scan-stored"]')!.dispatchEvent(new (document.defaultView as unknown as { Event: typeof Event }).Event('click'));
    await settle();
    await settle();
  };
  await click();
  assert.ok(box.querySelector('[data-testid="scan-unavailable"]'));
  answers['POST scan'] = json(403, { title: 'Forbidden', detail: 'admin only' });
  await click();
  assert.ok(box.querySelector('[data-testid="refusal"]'));
});
