'use strict';
// The proxies on real loopback sockets: caller A -> A's outbound proxy -> B's inbound proxy -> B.
// B stamps when a request arrives, so each direction's delay is measured on its own.
const test = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const { Mesh } = require('../../lib/mesh');
const { rng } = require('../../lib/rng');

/** B: answers every line "t0" with "t0 t1" where t1 is its arrival time. */
function startB() {
  const server = net.createServer({ noDelay: true }, (s) => {
    let buf = '';
    s.on('data', (c) => {
      const t1 = performance.timeOrigin + performance.now();
      buf += c;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        s.write(`${buf.slice(0, i)} ${t1}\n`);
        buf = buf.slice(i + 1);
      }
    });
    s.on('error', () => {});
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

/** Sends n pings over one connection (sequentially); returns [{out, back}] one-way times in ms. */
function ping(port, n) {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: '127.0.0.1', port, noDelay: true });
    const results = [];
    let buf = '';
    const now = () => performance.timeOrigin + performance.now();
    const send = () => sock.write(`${now()}\n`);
    sock.on('connect', send);
    sock.on('data', (c) => {
      buf += c;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const [t0, t1] = buf.slice(0, i).split(' ').map(Number);
        buf = buf.slice(i + 1);
        results.push({ out: t1 - t0, back: now() - t1 });
        if (results.length === n) {
          sock.end();
          resolve(results);
        } else send();
      }
    });
    sock.on('error', reject);
  });
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function setup() {
  const b = await startB();
  const mesh = new Mesh(rng(9).next);
  const inB = await mesh.inbound('B');
  inB.setTarget(b.address().port);
  const outA = await mesh.outbound('A', inB.port);
  return { mesh, b, port: outA, close: async () => { await mesh.close(); b.close(); } };
}

test('delay on the caller: "out" delays its requests, "in" its answers, "both" each', async () => {
  const env = await setup();
  try {
    const base = await ping(env.port, 10);
    assert.ok(mean(base.map((r) => r.out)) < 20 && mean(base.map((r) => r.back)) < 20, 'baseline is fast');
    env.mesh.shaper('A').set({ delayMs: 120, jitterMs: 0, lossPercent: 0, direction: 'out' });
    let r = await ping(env.port, 8);
    assert.ok(mean(r.map((x) => x.out)) >= 118 && mean(r.map((x) => x.out)) < 170, `out ${mean(r.map((x) => x.out))}`);
    assert.ok(mean(r.map((x) => x.back)) < 40, `back ${mean(r.map((x) => x.back))}`);
    env.mesh.shaper('A').set({ delayMs: 120, jitterMs: 0, lossPercent: 0, direction: 'in' });
    r = await ping(env.port, 8);
    assert.ok(mean(r.map((x) => x.out)) < 40);
    assert.ok(mean(r.map((x) => x.back)) >= 118 && mean(r.map((x) => x.back)) < 170, `back ${mean(r.map((x) => x.back))}`);
    env.mesh.shaper('A').set({ delayMs: 80, jitterMs: 0, lossPercent: 0, direction: 'both' });
    r = await ping(env.port, 8);
    assert.ok(mean(r.map((x) => x.out)) >= 78 && mean(r.map((x) => x.back)) >= 78);
    env.mesh.shaper('A').clear();
    r = await ping(env.port, 8);
    assert.ok(mean(r.map((x) => x.out + x.back)) < 40, 'cleared');
  } finally {
    await env.close();
  }
});

test('delay on the callee: its inbound proxy holds what it receives ("in") and what it sends ("out")', async () => {
  const env = await setup();
  try {
    env.mesh.shaper('B').set({ delayMs: 100, jitterMs: 0, lossPercent: 0, direction: 'in' });
    let r = await ping(env.port, 8);
    assert.ok(mean(r.map((x) => x.out)) >= 98 && mean(r.map((x) => x.back)) < 40);
    env.mesh.shaper('B').set({ delayMs: 100, jitterMs: 0, lossPercent: 0, direction: 'out' });
    r = await ping(env.port, 8);
    assert.ok(mean(r.map((x) => x.out)) < 40 && mean(r.map((x) => x.back)) >= 98);
  } finally {
    await env.close();
  }
});

test('loss: about lossPercent of messages wait a retransmission timeout, the rest pass', async () => {
  const env = await setup();
  try {
    env.mesh.shaper('A').set({ delayMs: 0, jitterMs: 0, lossPercent: 25, direction: 'out' });
    const r = await ping(env.port, 80);
    const late = r.filter((x) => x.out >= 195).length;
    const fast = r.filter((x) => x.out < 60).length;
    // A few may fall between on a machine shared with other builds (scheduling delays).
    assert.ok(r.length - late - fast <= 4, `messages neither on time nor an RTO late: ${r.map((x) => Math.round(x.out))}`);
    assert.ok(late >= 8 && late <= 35, `late ${late}/80 at 25 % loss`);
  } finally {
    await env.close();
  }
});

test('order is kept under jitter, and the mesh closes its sockets', async () => {
  const env = await setup();
  try {
    env.mesh.shaper('A').set({ delayMs: 50, jitterMs: 50, lossPercent: 0, direction: 'out' });
    const sock = net.connect({ host: '127.0.0.1', port: env.port });
    let got = '';
    sock.on('data', (c) => (got += c));
    await new Promise((r) => sock.on('connect', r));
    for (let i = 0; i < 30; i++) sock.write(`${i}\n`);
    await new Promise((r) => setTimeout(r, 400));
    const order = got.trim().split('\n').map((l) => Number(l.split(' ')[0]));
    assert.deepEqual(order, Array.from({ length: order.length }, (_, i) => i));
    assert.ok(order.length === 30);
    sock.destroy();
  } finally {
    await env.close();
  }
  assert.equal(env.mesh.sockets.size, 0);
});

test('an answer held by a delay still arrives when the server closes right after it', async () => {
  const server = net.createServer((s) => s.on('data', () => s.end('bye\n')));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const mesh = new Mesh(rng(11).next);
  const inB = await mesh.inbound('B');
  inB.setTarget(server.address().port);
  mesh.shaper('B').set({ delayMs: 100, jitterMs: 0, lossPercent: 0, direction: 'out' });
  try {
    const got = await new Promise((resolve, reject) => {
      const c = net.connect({ host: '127.0.0.1', port: inB.port });
      let text = '';
      c.on('data', (d) => (text += d));
      c.on('end', () => resolve(text));
      c.on('error', reject);
      c.write('hi\n');
    });
    assert.equal(got, 'bye\n');
  } finally {
    await mesh.close();
    server.close();
  }
});
