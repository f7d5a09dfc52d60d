import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHTML } from 'linkedom';
import { useDocument } from '../src/lib/dom';
import { causesList, gapMoved, type EvidenceContext } from '../src/views/finding/causes';
import type { EdgeEvidence, EngineCause, EngineFinding, Example } from '../src/lib/types';

const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>');
useDocument(document as unknown as Document);

const CONTEXT: EvidenceContext = {
  tenant: 'demo', features: null, selfTimes: null,
  from: Date.parse('2026-01-01T09:00:00Z'), to: Date.parse('2026-01-01T10:30:00Z'),
  window: { from: Date.parse('2026-01-01T10:00:00Z'), to: Date.parse('2026-01-01T10:10:00Z') },
};

const XSS = '<img src=x onerror="window.__xss=1">';

function edge(over: Partial<EdgeEvidence> = {}): EdgeEvidence {
  return {
    caller: 'checkout', callee: 'payment', calls: 1234,
    baselineGapP50Nanos: 1_200_000, windowGapP50Nanos: 41_200_000,
    baselineGapP95Nanos: 3_000_000, windowGapP95Nanos: 90_000_000,
    baselineServerP50Nanos: 5_000_000, windowServerP50Nanos: 5_500_000,
    baselineServerP95Nanos: 9_000_000, windowServerP95Nanos: 11_000_000,
    addedGapNanos: 40_000_000, gapDeviation: 57.3, share: 0.75,
    ...over,
  };
}

function render(cause: Partial<EngineCause>, examples: Example[] = []): HTMLElement {
  const finding: EngineFinding = {
    symptom: { service: 'frontend', metric: 'latency_p95', window: { start: '2026-01-01T10:00:00Z', end: '2026-01-01T10:10:00Z' } },
    causes: [{ service: 'payment', score: 3, confidence: 0.9, ...cause }],
    examples,
  };
  return causesList(CONTEXT, finding);
}

const cells = (row: Element) => [...row.querySelectorAll('td')].map((td) => td.textContent);

test('per-edge evidence is a table in the engine order, durations in their unit', () => {
  const root = render({ edges: [edge(), edge({ caller: 'payment', callee: 'db', calls: 12, addedGapNanos: -300_000, windowGapP50Nanos: 900_000, share: 0.25 })] });
  assert.ok(root.textContent!.includes('Latency added per call'));
  const rows = [...root.querySelectorAll('[data-testid="edge-row"]')];
  assert.equal(rows.length, 2);
  assert.deepEqual(rows.map((r) => [r.getAttribute('data-caller'), r.getAttribute('data-callee')]), [['checkout', 'payment'], ['payment', 'db']]);
  assert.deepEqual(cells(rows[0]!), ['checkout → payment', '1234', '1.2 ms → 41.2 ms (+40 ms)', '5 ms → 5.5 ms', '—', '75 %']);
  assert.equal(cells(rows[1]!)[2], '1.2 ms → 900 µs (-300 µs)');
  assert.equal(rows[0]!.querySelector('[data-testid="edge-added"]')!.getAttribute('data-value'), '40000000');
  assert.equal(rows[0]!.querySelector('[data-testid="edge-share"]')!.getAttribute('data-value'), '0.75');
  assert.equal(rows[0]!.querySelector('[title]')!.getAttribute('title'), 'p95 3 ms → 90 ms');
});

test('the share of calls repeated (retries) shows baseline against window', () => {
  const root = render({ edges: [edge({ baselineRepeatShare: 0.004, windowRepeatShare: 0.31 }), edge({ caller: 'payment', callee: 'db', baselineRepeatShare: 'NaN', windowRepeatShare: 0 })] });
  const rows = [...root.querySelectorAll('[data-testid="edge-row"]')];
  assert.equal(cells(rows[0]!)[4], '0.4 % → 31 %');
  assert.equal(rows[0]!.querySelector('[data-testid="edge-repeats"]')!.getAttribute('data-value'), '0.31');
  assert.equal(cells(rows[1]!)[4], '— → 0 %');
  assert.ok(root.textContent!.includes('Repeated calls, baseline → window'));
});

test('slow calls link to their traces like the error traces do', () => {
  const slow: Example = { service: 'payment', kind: 'SLOW_CALL', time: '2026-01-01T10:03:00Z', traceId: '0af7651916cd43dd8448eb211c80319c', text: 'POST /charge 812 ms' };
  const root = render({}, [slow, { ...slow, kind: 'ERROR_SPAN', traceId: 'b'.repeat(32), text: 'charge failed' }]);
  const items = [...root.querySelectorAll('[data-testid="example-slow"]')];
  assert.equal(items.length, 1, 'the error span is not listed as a slow call');
  assert.ok(root.textContent!.includes('Slow calls'));
  const link = items[0]!.querySelector('a[data-testid="example-slow-link"]')!;
  assert.equal(link.getAttribute('href'), '/traces/0af7651916cd43dd8448eb211c80319c?tenant=demo');
  assert.ok(items[0]!.textContent!.includes('POST /charge 812 ms'));
  assert.equal(root.querySelectorAll('[data-testid="example-trace"]').length, 1);
});

test('hostile strings in the evidence are shown as text, never as markup', () => {
  const slow: Example = { service: 'payment', kind: 'SLOW_CALL', time: '2026-01-01T10:03:00Z', traceId: '../../admin?x=' + XSS, text: XSS };
  const root = render({ edges: [edge({ caller: XSS, callee: '"><script>alert(1)</script>' })] }, [slow]);
  assert.equal(root.querySelector('img'), null);
  assert.equal(root.querySelector('script'), null);
  const row = root.querySelector('[data-testid="edge-row"]')!;
  assert.equal(row.getAttribute('data-caller'), XSS);
  assert.ok(cells(row)[0]!.startsWith(XSS));
  const href = root.querySelector('[data-testid="example-slow-link"]')!.getAttribute('href')!;
  assert.ok(href.startsWith('/traces/') && !href.slice('/traces/'.length).split('?')[0]!.includes('/'), href);
  assert.ok(root.querySelector('[data-testid="example-slow"]')!.textContent!.includes(XSS));
});

test('non-finite or malformed figures show a dash instead of breaking the page', () => {
  const bad = edge({ addedGapNanos: 'NaN', share: 'NaN', windowGapP50Nanos: 'Infinity', calls: null as unknown as number });
  const root = render({ edges: [bad, null as unknown as EdgeEvidence] });
  const rows = [...root.querySelectorAll('[data-testid="edge-row"]')];
  assert.equal(rows.length, 1, 'a null entry is skipped');
  assert.deepEqual(cells(rows[0]!), ['checkout → payment', '—', '1.2 ms → — (—)', '5 ms → 5.5 ms', '—', '—']);
});

test('findings from before the edge evidence show neither table nor slow calls', () => {
  const root = render({ evidence: [{ metric: 'latency_p95', baselineMedian: 1e6, baselineIqr: 1e5, observed: 5e6, deviation: 40 }] });
  assert.equal(root.querySelectorAll('[data-testid="edge-row"]').length, 0);
  assert.ok(!root.textContent!.includes('Latency added per call'));
  assert.ok(!root.textContent!.includes('Slow calls'));
  assert.equal(render({ edges: [] }).querySelectorAll('table').length, 0);
  assert.equal(render({ edges: 'x' as unknown as EdgeEvidence[] }).querySelectorAll('table').length, 0);
});

test('an edge whose gap did not move shows a dash for the share, with the reason on hover', () => {
  // A code fault at payment, as the engine measures it: neither edge's gap moved (deviation 0),
  // so the engine charges nothing to either end and its share is the neutral 0.5.
  const still = edge({ windowGapP50Nanos: 1_200_000, addedGapNanos: 0, gapDeviation: 0, share: 0.5 });
  const noise = edge({ caller: 'payment', callee: 'db', windowGapP50Nanos: 1_230_000, addedGapNanos: 30_000, gapDeviation: 0.42, share: 0.5 });
  const moved = edge({ caller: 'frontend', callee: 'payment', gapDeviation: 1, share: 0.5 });
  const root = render({ edges: [still, noise, moved] });
  const rows = [...root.querySelectorAll('[data-testid="edge-row"]')];
  assert.deepEqual(rows.map((r) => cells(r)[5]), ['—', '—', '50 %']);
  const dash = rows[0]!.querySelector('[data-testid="edge-share"]')!;
  assert.equal(dash.getAttribute('data-moved'), 'false');
  assert.equal(dash.getAttribute('data-value'), '0.5', 'the API value stays available for checks');
  assert.match(dash.getAttribute('title')!, /did not move \(0 robust scales.*nothing to charge/);
  assert.match(rows[1]!.querySelector('[data-testid="edge-share"]')!.getAttribute('title')!, /0\.42 robust scales/);
  assert.equal(rows[2]!.querySelector('[data-testid="edge-share"]')!.hasAttribute('data-moved'), false);
  // the other columns still show what was measured
  assert.deepEqual(cells(rows[0]!).slice(1, 4), ['1234', '1.2 ms → 1.2 ms (0 ns)', '5 ms → 5.5 ms']);
});

test('a share is shown only for a gap that moved at least one robust scale up', () => {
  assert.equal(gapMoved({ gapDeviation: 57.3 }), true);
  assert.equal(gapMoved({ gapDeviation: 1 }), true);
  assert.equal(gapMoved({ gapDeviation: 0.999 }), false);
  assert.equal(gapMoved({ gapDeviation: 0 }), false);
  assert.equal(gapMoved({ gapDeviation: -12 }), false, 'a gap that shrank charged nothing');
  assert.equal(gapMoved({ gapDeviation: 'NaN' }), false);
  assert.equal(gapMoved({ gapDeviation: 'Infinity' }), false);
  assert.equal(gapMoved({ gapDeviation: '3' }), true, 'a number the engine wrote as a string');
  assert.equal(gapMoved({ gapDeviation: null as unknown as number }), false);
});

test('the re-run ranking renders shares by the same rule', () => {
  // the stored finding and a re-run's answer both go through causesList
  const finding: EngineFinding = {
    symptom: { service: 'payment', metric: 'latency_p50', window: { start: '2026-01-01T10:00:00Z', end: '2026-01-01T10:01:00Z' } },
    causes: [
      { service: 'payment', score: 600, confidence: 0.99, edges: [edge({ gapDeviation: 0, share: 0.5 })] },
      { service: 'payments-db', score: 2, confidence: 0.01, edges: [edge({ caller: 'payment', callee: 'payments-db', gapDeviation: 0, share: 0.5 })] },
    ],
  };
  const shares = [...causesList(CONTEXT, finding).querySelectorAll('[data-testid="edge-share"]')].map((e) => e.textContent);
  assert.deepEqual(shares, ['—', '—']);
});
