'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { FaultSwitch } = require('../../service/fault-switch');
const { rng } = require('../../lib/rng');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const on = (sw, type, params) => sw.on({ id: 'f1', type, params });

test('exception and wrong-return fire at their rate, and only while on', () => {
  const sw = new FaultSwitch(rng(1).next);
  const count = (fn) => Array.from({ length: 4000 }, fn).filter(Boolean).length;
  assert.equal(count(() => sw.throwsNow()), 0);
  on(sw, 'exception', { rate: 0.3 });
  assert.ok(Math.abs(count(() => sw.throwsNow()) / 4000 - 0.3) < 0.03);
  assert.equal(count(() => sw.wrongNow()), 0, 'another type does not fire');
  on(sw, 'wrong-return', { rate: 0.1 });
  assert.ok(Math.abs(count(() => sw.wrongNow()) / 4000 - 0.1) < 0.02);
  sw.off('f1');
  assert.equal(count(() => sw.wrongNow()), 0);
});

test('slow and failing dependency answer per operation', () => {
  const sw = new FaultSwitch(rng(2).next);
  assert.equal(sw.dependencyDelayMs(), 0);
  on(sw, 'slow-dependency', { delayMs: 150 });
  assert.equal(sw.dependencyDelayMs(), 150);
  on(sw, 'failing-dependency', { rate: 1 });
  assert.equal(sw.dependencyDelayMs(), 0);
  assert.ok(sw.dependencyFailsNow());
  assert.equal(sw.off('other-id'), false, 'ending another fault leaves this one on');
  assert.ok(sw.dependencyFailsNow());
});

test('cpu-hog burns about `share` of a core on the service thread and blocks its event loop', async () => {
  const sw = new FaultSwitch(rng(3).next);
  on(sw, 'cpu-hog', { share: 0.5 });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let worstLag = 0;
  for (let i = 0; i < 40; i++) {
    const a = performance.now();
    await sleep(5);
    worstLag = Math.max(worstLag, performance.now() - a - 5);
  }
  const c = process.cpuUsage(c0);
  const burnt = sw.counters.hogBusyMs;
  sw.off();
  // By CPU time, not wall time: this machine may be shared, so the test cannot ask for half a core.
  const used = (c.user + c.system) / 1000;
  assert.ok(burnt >= 25 * 3, `hog burnt ${burnt} ms in ${performance.now() - t0} ms`);
  assert.ok(used >= 0.9 * burnt, `process used ${used} ms, hog says ${burnt} ms`);
  assert.ok(worstLag >= 15, `event loop lag ${worstLag} ms`);
  const c1 = process.cpuUsage();
  await sleep(300);
  const after = process.cpuUsage(c1);
  assert.ok((after.user + after.system) / 1000 / 300 < 0.2, 'stops when off');
});

test('memory-pressure holds about the requested live heap, and lets it go', async () => {
  const sw = new FaultSwitch(rng(4).next);
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  on(sw, 'memory-pressure', { megabytes: 64 });
  await sleep(1500);
  const grown = (process.memoryUsage().heapUsed - before) / 1048576;
  assert.ok(grown >= 60 && grown < 140, `heap grew ${grown} MB`);
  assert.ok(sw.heldMegabytes() >= 56);
  sw.off();
  assert.equal(sw.heldMegabytes(), 0);
});
