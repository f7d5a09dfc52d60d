'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { Shaper, RTO_MIN_MS, SYN_RTO_MS, MSS } = require('../../lib/shaper');
const { rng } = require('../../lib/rng');

test('no rule, or a rule for the other direction, holds nothing', () => {
  const s = new Shaper(rng(1).next);
  assert.equal(s.holdMs('in', 100), 0);
  s.set({ delayMs: 100, jitterMs: 0, lossPercent: 0, direction: 'out' });
  assert.equal(s.holdMs('in', 100), 0);
  assert.equal(s.holdMs('out', 100), 100);
  s.set({ delayMs: 100, jitterMs: 0, lossPercent: 0, direction: 'both' });
  assert.equal(s.holdMs('in', 100), 100);
  s.clear();
  assert.equal(s.holdMs('out', 100), 0);
});

test('jitter stays within delay +- jitter and averages to the delay', () => {
  const s = new Shaper(rng(2).next);
  s.set({ delayMs: 100, jitterMs: 30, lossPercent: 0, direction: 'in' });
  let sum = 0;
  for (let i = 0; i < 5000; i++) {
    const h = s.holdMs('in', 10);
    assert.ok(h >= 70 && h <= 130, `hold ${h}`);
    sum += h;
  }
  assert.ok(Math.abs(sum / 5000 - 100) < 2);
});

test('loss: a lost segment waits one RTO, doubling per repeated loss, at the configured rate', () => {
  const s = new Shaper(rng(3).next);
  s.set({ delayMs: 0, jitterMs: 0, lossPercent: 20, direction: 'both' });
  const n = 20000;
  let held = 0;
  const seen = new Set();
  for (let i = 0; i < n; i++) {
    const h = s.holdMs('out', 100); // one segment
    if (h > 0) held++;
    seen.add(h);
  }
  assert.ok(Math.abs(held / n - 0.2) < 0.015, `loss fraction ${held / n}`);
  // 0, 200, 200+400, ...: geometric retransmission waits only.
  for (const h of seen) assert.ok([0, 200, 600, 1400, 3000, 6200, 12600].includes(h), `unexpected wait ${h}`);
  assert.ok(seen.has(RTO_MIN_MS) && seen.has(3 * RTO_MIN_MS));
});

test('loss counts per segment: a chunk of many segments is lost more often', () => {
  const s = new Shaper(rng(4).next);
  s.set({ delayMs: 0, jitterMs: 0, lossPercent: 10, direction: 'in' });
  let held = 0;
  for (let i = 0; i < 10000; i++) if (s.holdMs('in', 10 * MSS) > 0) held++;
  const expected = 1 - 0.9 ** 10;
  assert.ok(Math.abs(held / 10000 - expected) < 0.03, `${held / 10000} vs ${expected}`);
});

test('a lost SYN costs the initial 1 s RTO', () => {
  const s = new Shaper(rng(5).next);
  s.set({ delayMs: 50, jitterMs: 0, lossPercent: 50, direction: 'both' });
  const waits = new Set();
  for (let i = 0; i < 200; i++) waits.add(s.connectMs('in'));
  assert.ok(waits.has(0) && waits.has(SYN_RTO_MS) && waits.has(3 * SYN_RTO_MS));
  s.set({ delayMs: 50, jitterMs: 0, lossPercent: 0, direction: 'both' });
  assert.equal(s.connectMs('in'), 0, 'delay alone does not touch the handshake');
});
