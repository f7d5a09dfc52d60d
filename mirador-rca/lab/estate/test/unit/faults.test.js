'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { validate, FaultBook, TYPES } = require('../../lib/faults');

const bad = (body, pattern) => assert.throws(() => validate(body), (e) => e.status === 400 && pattern.test(e.message), JSON.stringify(body));

test('hostile or malformed fault requests are refused with a named message', () => {
  bad(null, /JSON object/);
  bad([], /JSON object/);
  bad('x', /JSON object/);
  bad({ service: 'nope', type: 'exception', durationSeconds: 5 }, /service must be one of/);
  bad({ service: 'payment', type: 'meteor', durationSeconds: 5 }, /type must be one of/);
  bad({ service: 'payment', type: 'exception', durationSeconds: 0, params: { rate: 0.5 } }, /durationSeconds/);
  bad({ service: 'payment', type: 'exception', durationSeconds: 1e9, params: { rate: 0.5 } }, /durationSeconds/);
  bad({ service: 'payment', type: 'exception', durationSeconds: 1.5, params: { rate: 0.5 } }, /durationSeconds/);
  bad({ service: 'payment', type: 'exception', durationSeconds: 5 }, /needs params.rate/);
  bad({ service: 'payment', type: 'exception', durationSeconds: 5, params: { rate: 2 } }, /rate must be/);
  bad({ service: 'payment', type: 'exception', durationSeconds: 5, params: { rate: '0.5' } }, /rate must be/);
  bad({ service: 'payment', type: 'exception', durationSeconds: 5, params: { rate: 0.5, x: 1 } }, /not "x"/);
  bad({ service: 'payment', type: 'exception', durationSeconds: 5, params: [] }, /params must be/);
  bad({ service: 'payment', type: 'exception', durationSeconds: 5, params: { rate: 0.5 }, extra: 1 }, /unknown field/);
  bad({ service: 'payment', type: 'network-delay', durationSeconds: 5, params: { delayMs: 10, direction: 'up' } }, /direction/);
  bad({ service: 'payment', type: 'network-delay', durationSeconds: 5, params: { delayMs: 10, jitterMs: 20 } }, /jitterMs/);
  bad({ service: 'payment', type: 'network-loss', durationSeconds: 5, params: { lossPercent: 90 } }, /lossPercent/);
  bad({ service: 'payment', type: 'memory-pressure', durationSeconds: 5, params: { megabytes: 1e6 } }, /megabytes/);
  bad({ service: 'payment', type: 'cpu-hog', durationSeconds: 5, params: { share: 1 } }, /share/);
  bad({ service: 'payment', type: 'slow-dependency', durationSeconds: 5, params: { delayMs: 100 } }, /database-like dependency/);
  bad({ service: '__proto__', type: 'exception', durationSeconds: 5, params: { rate: 0.5 } }, /service must be/);
  bad({ service: 'payment', type: 'toString', durationSeconds: 5 }, /type must be/);
});

test('a valid request gets its defaults', () => {
  const r = validate({ service: 'cart', type: 'network-delay', durationSeconds: 60, params: { delayMs: 300 } });
  assert.deepEqual(r.params, { delayMs: 300, jitterMs: 0, direction: 'both' });
  const d = validate({ service: 'db', type: 'slow-dependency', durationSeconds: 60, params: { delayMs: 80 } });
  assert.equal(d.service, 'db');
  for (const t of Object.keys(TYPES)) assert.ok(TYPES[t].where);
});

test('one active fault per service; closing records the real end', () => {
  const book = new FaultBook();
  const req = validate({ service: 'cart', type: 'exception', durationSeconds: 60, params: { rate: 0.3 } });
  const f = book.open(req, Date.parse('2026-01-01T00:00:00.000Z'));
  assert.equal(f.start, '2026-01-01T00:00:00.000Z');
  assert.equal(f.end, '2026-01-01T00:01:00.000Z');
  assert.throws(() => book.open(req, Date.now()), (e) => e.status === 409);
  book.close(f, Date.parse('2026-01-01T00:00:10.500Z'), 'deleted');
  assert.equal(f.end, '2026-01-01T00:00:10.500Z');
  assert.equal(book.list().active.length, 0);
  assert.equal(book.list().past.length, 1);
  assert.doesNotThrow(() => book.open(req, Date.now()));
});
