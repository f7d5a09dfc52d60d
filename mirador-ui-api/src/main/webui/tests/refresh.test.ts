import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FINDING_REFRESH_MS, findingVersion, watchFinding } from '../src/views/finding/refresh';
import type { Finding } from '../src/lib/types';

// The first ranking of a fresh incident: one minute, stored at 10:01:05; the loop re-ranks it at
// 10:02:05 over two minutes (the error examples of the second minute arrive with it).
const first: Finding = {
  id: 'a'.repeat(32), tenant: 'demo', openedAt: '2026-01-01T10:00:00Z', updatedAt: '2026-01-01T10:01:05Z', closedAt: null, status: 'OPEN',
  symptom: { service: 'payment', metric: 'latency_p50', from: '2026-01-01T10:00:00Z', to: '2026-01-01T10:01:00Z' },
  causes: [{ service: 'payment', score: 698, confidence: 0.99 }],
  evidence: null,
};
const reranked: Finding = { ...first, updatedAt: '2026-01-01T10:02:05Z', symptom: { ...first.symptom, to: '2026-01-01T10:02:00Z' } };
const closed: Finding = { ...reranked, updatedAt: '2026-01-01T10:09:05Z', status: 'CLOSED', closedAt: '2026-01-01T10:09:00Z' };

/** A clock and a task queue the test moves by hand. */
function manualTime() {
  let now = 0;
  let tasks: { at: number; run: () => void }[] = [];
  return {
    now: () => now,
    schedule: (run: () => void, ms: number) => {
      const task = { at: now + ms, run };
      tasks.push(task);
      return () => { tasks = tasks.filter((t) => t !== task); };
    },
    pending: () => tasks.length,
    /** moves to the next task's time and runs it, then lets its promise chain settle */
    async next() {
      tasks.sort((a, b) => a.at - b.at);
      const t = tasks.shift();
      assert.ok(t, 'a check is scheduled');
      now = t.at;
      t.run();
      for (let i = 0; i < 10; i++) await Promise.resolve();
    },
  };
}

test('a version changes with a re-rank, a grown window and the close, not with a re-read', () => {
  assert.equal(findingVersion(first), findingVersion({ ...first, causes: [] }), 'the stored version, not the body, decides');
  assert.notEqual(findingVersion(first), findingVersion(reranked));
  assert.notEqual(findingVersion(first), findingVersion({ ...first, symptom: { ...first.symptom, to: '2026-01-01T10:02:00Z' } }));
  assert.notEqual(findingVersion(reranked), findingVersion(closed));
});

test('an open finding is checked every period and a new ranking is shown once', async () => {
  const time = manualTime();
  const answers = [first, first, reranked, reranked];
  const shown: Finding[] = [];
  const checks: [number, unknown][] = [];
  watchFinding({
    first, every: FINDING_REFRESH_MS, now: time.now, schedule: time.schedule,
    fetch: async () => answers.shift()!,
    changed: (f) => { shown.push(f); },
    checked: (at, error) => { checks.push([at, error]); },
  });
  assert.equal(time.pending(), 1, 'nothing is fetched before the first period');
  for (let i = 0; i < 4; i++) await time.next();
  assert.deepEqual(shown, [reranked], 'the unchanged answers re-render nothing');
  assert.deepEqual(checks.map(([at]) => at), [1, 2, 3, 4].map((n) => n * FINDING_REFRESH_MS));
  assert.equal(time.pending(), 1, 'still open: still checked');
});

test('the close is shown and ends the checks; a closed finding is never checked', async () => {
  const time = manualTime();
  const shown: Finding[] = [];
  watchFinding({
    first: reranked, every: 1000, now: time.now, schedule: time.schedule,
    fetch: async () => closed,
    changed: (f) => { shown.push(f); },
    checked: () => {},
  });
  await time.next();
  assert.deepEqual(shown, [closed]);
  assert.equal(time.pending(), 0);

  const idle = manualTime();
  watchFinding({ first: closed, every: 1000, schedule: idle.schedule, fetch: async () => assert.fail('fetched a closed finding'), changed: () => {}, checked: () => {} });
  assert.equal(idle.pending(), 0);
});

test('a failed check is reported and retried; leaving the view stops the checks', async () => {
  const time = manualTime();
  let calls = 0;
  const shown: Finding[] = [];
  const errors: unknown[] = [];
  const stop = watchFinding({
    first, every: 1000, now: time.now, schedule: time.schedule,
    fetch: async () => {
      calls++;
      if (calls === 1) throw new Error('the core did not answer in time');
      return reranked;
    },
    changed: (f) => { shown.push(f); },
    checked: (_, error) => { errors.push(error); },
  });
  await time.next();
  assert.match(String(errors[0]), /did not answer/);
  assert.deepEqual(shown, []);
  await time.next();
  assert.deepEqual(shown, [reranked], 'the retry shows the new ranking');
  assert.equal(errors[1], null);
  stop();
  assert.equal(time.pending(), 0, 'no check after the view was left');
});

test('a check answered after the view was left renders nothing', async () => {
  const time = manualTime();
  let release: (f: Finding) => void = () => {};
  const shown: Finding[] = [];
  const stop = watchFinding({
    first, every: 1000, now: time.now, schedule: time.schedule,
    fetch: () => new Promise<Finding>((resolve) => { release = resolve; }),
    changed: (f) => { shown.push(f); },
    checked: () => assert.fail('checked after leaving'),
  });
  await time.next();
  stop();
  release(reranked);
  for (let i = 0; i < 10; i++) await Promise.resolve();
  assert.deepEqual(shown, []);
  assert.equal(time.pending(), 0);
});

test('one check at a time: the next is scheduled after the slow one and its rendering', async () => {
  const time = manualTime();
  let rendering: () => void = () => {};
  const watch = watchFinding({
    first, every: 1000, now: time.now, schedule: time.schedule,
    fetch: async () => reranked,
    changed: () => new Promise<void>((resolve) => { rendering = resolve; }),
    checked: () => {},
  });
  await time.next();
  assert.equal(time.pending(), 0, 'no second check while the first one renders');
  rendering();
  for (let i = 0; i < 10; i++) await Promise.resolve();
  assert.equal(time.pending(), 1);
  watch();
});
