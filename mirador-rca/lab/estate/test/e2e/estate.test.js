'use strict';
// End to end: the real estate (19 Node processes under OpenTelemetry auto-instrumentation) against
// a counting OTLP/HTTP receiver; the control API, every fault type, and a clean stop.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const { spawn } = require('node:child_process');
const { startSink } = require('../otlp-sink');
const topology = require('../../lib/topology');
const { available: contentionAvailable, members } = require('../../lib/contention');

const ESTATE = path.join(__dirname, '..', '..', 'estate.js');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function request(url, method = 'GET', body, raw, agent = false) {
  return new Promise((resolve, reject) => {
    const payload = raw !== undefined ? Buffer.from(raw) : body === undefined ? null : Buffer.from(JSON.stringify(body));
    const req = http.request(url, { method, agent, headers: payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {} }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try {
          json = JSON.parse(text);
        } catch {
          json = null;
        }
        resolve({ status: res.statusCode, body: json });
      });
    });
    req.setTimeout(20000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

async function timed(url, n, agent) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const r = await request(url, 'GET', undefined, undefined, agent);
    out.push({ ms: performance.now() - t, status: r.status });
  }
  return out;
}
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Whether a process still runs (a zombie waiting to be reaped does not). */
const alive = (pid) => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
};
async function gone(pid, ms = 3000) {
  const until = Date.now() + ms;
  while (alive(pid) && Date.now() < until) await sleep(100);
  return !alive(pid);
}

test('the estate runs, takes faults, sends telemetry and stops cleanly', { timeout: 900000 }, async (t) => {
  const sink = await startSink(topology.names());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'estate-test-'));
  const readyFile = path.join(dir, 'ready.json');
  const child = spawn(process.execPath, [ESTATE, '--otlp', sink.url, '--seed', '7', '--rps', '10', '--ready-file', readyFile, '--metric-interval-ms', '5000'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
  t.after(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await sink.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const until = Date.now() + 400000;
  while (!/ESTATE READY /.test(stdout)) {
    assert.ok(child.exitCode === null, `estate exited: ${stderr.slice(-2000)}`);
    assert.ok(Date.now() < until, 'estate did not become ready');
    await sleep(250);
  }
  const ready = JSON.parse(stdout.split('ESTATE READY ')[1].split('\n')[0]);
  assert.deepEqual(JSON.parse(fs.readFileSync(readyFile, 'utf8')), ready);
  assert.equal(ready.pid, child.pid);
  assert.match(ready.control, /^http:\/\/127\.0\.0\.1:\d+$/);
  const C = ready.control;

  await t.test('topology: >= 15 services, depth >= 4, fan-out, db, cache, queue and worker', async () => {
    const r = await request(`${C}/topology`);
    assert.equal(r.status, 200);
    const { services, edges } = r.body;
    assert.ok(services.length >= 15);
    const kinds = new Set(services.map((s) => s.kind));
    for (const k of ['frontend', 'api', 'worker', 'db', 'cache', 'queue']) assert.ok(kinds.has(k), k);
    for (const s of services) assert.ok(Number.isInteger(s.pid) && alive(s.pid), `${s.name} pid`);
    assert.ok(edges.some((e) => e.mode === 'async' && e.from === 'orders' && e.to === 'worker'));
    const out = new Map();
    for (const e of edges.filter((x) => x.mode === 'sync')) out.set(e.from, [...(out.get(e.from) || []), e.to]);
    const depth = (n, seen = new Set()) => (seen.has(n) ? 0 : 1 + Math.max(0, ...(out.get(n) || []).map((m) => depth(m, new Set(seen).add(n)))));
    assert.ok(depth('frontend') >= 4, `depth ${depth('frontend')}`);
    assert.ok(Math.max(...[...out.values()].map((v) => v.length)) >= 3, 'fan-out');
    const h = await request(`${C}/health`);
    assert.equal(h.status, 200);
    assert.ok(Object.values(h.body.services).every((v) => v === 'up'));
  });
  const topo = (await request(`${C}/topology`)).body;
  const svc = Object.fromEntries(topo.services.map((s) => [s.name, s]));

  await t.test('bad control requests are refused and the estate keeps running', async () => {
    assert.equal((await request(`${C}/faults`, 'POST', undefined, '{nope')).status, 400);
    assert.equal((await request(`${C}/faults`, 'POST', undefined, '')).status, 400);
    assert.equal((await request(`${C}/faults`, 'POST', undefined, 'x'.repeat(40000))).status, 413);
    const b = await request(`${C}/faults`, 'POST', { service: '<script>', type: 'exception', durationSeconds: 5, params: { rate: 1 } });
    assert.equal(b.status, 400);
    assert.match(b.body.error, /service must be one of/);
    assert.equal((await request(`${C}/faults`, 'POST', { service: 'cart', type: 'exception', durationSeconds: -1, params: { rate: 1 } })).status, 400);
    assert.equal((await request(`${C}/nope`)).status, 404);
    assert.equal((await request(`${C}/faults`, 'PUT', {})).status, 405);
    assert.equal((await request(`${C}/faults/f999`, 'DELETE')).status, 404);
    assert.equal((await request(`${C}/faults/..%2f`, 'DELETE')).status, 404);
    assert.equal((await request(`${C}/health`)).status, 200);
  });

  await t.test('traces, metrics and logs of every service arrive as OTLP/HTTP protobuf', async () => {
    // Every service, the worker included, needs a completed checkout: on a loaded machine that
    // can take a few minutes of traffic.
    const deadline = Date.now() + 240000;
    const all = topology.names();
    while (Date.now() < deadline && !['/v1/traces', '/v1/metrics', '/v1/logs'].every((p) => sink.seen[p].size === all.length)) await sleep(1000);
    for (const p of ['/v1/traces', '/v1/metrics', '/v1/logs']) {
      assert.ok(sink.counts[p] > 0, `${p} received`);
      assert.deepEqual([...sink.seen[p]].sort(), [...all].sort(), `${p} from every service`);
    }
    assert.deepEqual([...sink.contentTypes], ['application/x-protobuf']);
    assert.ok(sink.records.spans > 1000 && sink.records.logRecords > 19 && sink.records.undecodable === 0, JSON.stringify(sink.records));
    t.diagnostic(`OTLP requests: ${JSON.stringify(sink.counts)} bytes ${JSON.stringify(sink.bytes)} records ${JSON.stringify(sink.records)}`);
  });

  const before = (await request(`${C}/stats`)).body;
  const post = async (body) => {
    const r = await request(`${C}/faults`, 'POST', body);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.match(r.body.start, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(Date.parse(r.body.end) - Date.parse(r.body.start), body.durationSeconds * 1000);
    return r.body;
  };

  await t.test('every fault type changes what it should', async () => {
    const faults = {
      exception: await post({ service: 'pricing', type: 'exception', durationSeconds: 45, params: { rate: 0.5 } }),
      wrong: await post({ service: 'inventory', type: 'wrong-return', durationSeconds: 45, params: { rate: 0.5 } }),
      hog: await post({ service: 'recommendation', type: 'cpu-hog', durationSeconds: 45, params: { share: 0.5 } }),
      memory: await post({ service: 'fraud', type: 'memory-pressure', durationSeconds: 45, params: { megabytes: 128 } }),
      slow: await post({ service: 'db', type: 'slow-dependency', durationSeconds: 45, params: { delayMs: 150 } }),
      failing: await post({ service: 'cache', type: 'failing-dependency', durationSeconds: 45, params: { rate: 1 } }),
      delay: await post({ service: 'currency', type: 'network-delay', durationSeconds: 45, params: { delayMs: 150, jitterMs: 10 } }),
      loss: await post({ service: 'shipping', type: 'network-loss', durationSeconds: 45, params: { lossPercent: 30, direction: 'in' } }),
    };
    const conflict = await request(`${C}/faults`, 'POST', { service: 'pricing', type: 'cpu-hog', durationSeconds: 5, params: { share: 0.2 } });
    assert.equal(conflict.status, 409);

    // Measured directly through the faulty services' inbound proxies (quick ones first: the
    // loss measurement opens a connection per request, and lost SYNs cost seconds).
    const slow = await timed(`http://127.0.0.1:${svc.db.inboundPort}/docs/products/3`, 3);
    assert.ok(slow.every((x) => x.ms >= 150), `slow-dependency: every db operation waits: ${slow.map((x) => Math.round(x.ms))}`);
    const failing = await request(`http://127.0.0.1:${svc.cache.inboundPort}/kv/rate:EUR`);
    assert.equal(failing.status, 503);
    const delayed = await timed(`http://127.0.0.1:${svc.currency.inboundPort}/health`, 5);
    assert.ok(mean(delayed.map((x) => x.ms)) >= 290, `network-delay both ways: ${mean(delayed.map((x) => x.ms))} ms`);
    // One kept-alive connection: per-request segment loss, not the seconds a lost SYN costs.
    const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const lossy = await timed(`http://127.0.0.1:${svc.shipping.inboundPort}/health`, 20, keepAlive);
    keepAlive.destroy();
    assert.ok(lossy.filter((x) => x.ms >= 195).length >= 2, `network-loss: some requests wait an RTO: ${lossy.map((x) => Math.round(x.ms))}`);
    assert.ok(lossy.every((x) => x.status === 200), 'loss delays, it does not corrupt');

    if (contentionAvailable()) {
      const c = await post({ service: 'cart', type: 'cpu-contention', durationSeconds: 45, params: { share: 0.9 } });
      const group = `/sys/fs/cgroup/cpu/mirador-lab-${ready.pid}/cart`;
      await sleep(300);
      const pids = members(group);
      assert.ok(pids.includes(svc.cart.pid), 'the service is in the contended group');
      assert.ok(pids.length >= 2, 'with its noisy neighbour');
      const cartCpu0 = (await request(`${C}/stats`)).body.services.cart.cpuSeconds;
      const during = await timed(`http://127.0.0.1:${svc.cart.inboundPort}/health`, 20);
      assert.ok(mean(during.map((x) => x.ms)) >= 15, `contention slows the service: ${mean(during.map((x) => x.ms))} ms`);
      const del = await request(`${C}/faults/${c.id}`, 'DELETE');
      assert.equal(del.status, 200);
      assert.equal(del.body.state, 'ended');
      assert.ok(!fs.existsSync(group), 'the group is removed');
      for (const p of pids) if (p !== svc.cart.pid) assert.ok(await gone(p), 'the neighbour is gone');
      const cartCpu1 = (await request(`${C}/stats`)).body.services.cart.cpuSeconds;
      assert.ok(cartCpu1 - cartCpu0 < 2, 'the service itself did not burn the CPU');
    } else {
      t.diagnostic('cpu-contention skipped: no writable cgroup v1 cpu hierarchy');
    }

    const mid = (await request(`${C}/stats`)).body;
    assert.ok(mid.services.fraud.counters.heldMegabytes >= 100, 'memory-pressure holds memory');
    assert.ok(mid.services.fraud.rssMB - before.services.fraud.rssMB >= 80, `memory-pressure: RSS +${mid.services.fraud.rssMB - before.services.fraud.rssMB} MB`);
    await sleep(8000);
    const now = (await request(`${C}/stats`)).body;
    const d = (name, key) => (now.services[name].counters[key] || 0) - (before.services[name].counters[key] || 0);
    assert.ok(d('pricing', 'exceptions') > 0 && d('pricing', 'errors') > 0, 'exception: pricing throws');
    assert.ok(d('inventory', 'wrongReturns') > 0, 'wrong-return: inventory answers wrong');
    assert.ok(d('catalog', 'inconsistent') > 0, 'wrong-return: its caller notices and retries');
    assert.ok(d('recommendation', 'hogBusyMs') >= 1000, `cpu-hog burnt ${d('recommendation', 'hogBusyMs')} ms of CPU`);
    const hogCpu = now.services.recommendation.cpuSeconds - before.services.recommendation.cpuSeconds;
    // The process's CPU as the kernel counts it (/proc) rose by at least what the hog burnt.
    assert.ok(hogCpu >= 0.9 * d('recommendation', 'hogBusyMs') / 1000, `cpu-hog: process CPU +${hogCpu}s`);
    assert.ok(d('cache', 'dependencyFailures') > 0, 'failing-dependency on the cache');
    assert.ok(now.workload.failed > before.workload.failed, 'users notice');

    const del = await request(`${C}/faults/${faults.exception.id}`, 'DELETE');
    assert.equal(del.body.state, 'ended');
    assert.equal(del.body.endedBy, 'deleted');
    assert.ok(Date.parse(del.body.end) < Date.parse(faults.exception.end));
    const lastEnd = Math.max(...Object.values(faults).map((f) => Date.parse(f.end)));
    await sleep(Math.max(0, lastEnd - Date.now()) + 1500);
    const list = (await request(`${C}/faults`)).body.faults;
    assert.equal(list.filter((f) => f.state === 'active').length, 0, 'faults end by themselves');
    assert.ok(list.length >= 8);
    assert.ok(list.filter((f) => f.endedBy === 'expired').length >= 7);
    assert.ok(list.every((f) => Date.parse(f.end) > Date.parse(f.start)));
    const fraud = (await request(`${C}/stats`)).body.services.fraud.counters;
    assert.equal(fraud.heldMegabytes, 0, 'memory is released at the end');
    const ok = await request(`http://127.0.0.1:${svc.currency.inboundPort}/health`);
    assert.equal(ok.status, 200);
  });

  await t.test('closing stdin (the parent is gone) stops everything, leaving no process', async () => {
    const pids = topo.services.map((s) => s.pid);
    child.stdin.end();
    const r = await Promise.race([exited, sleep(30000).then(() => null)]);
    assert.ok(r, 'estate exited within 30 s');
    assert.equal(r.code, 0, stderr.slice(-1000));
    await sleep(500);
    for (const p of pids) assert.ok(await gone(p), `service pid ${p} is gone`);
    assert.ok(!fs.existsSync(`/sys/fs/cgroup/cpu/mirador-lab-${ready.pid}`));
  });
});
