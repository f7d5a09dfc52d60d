'use strict';
// The estate: mesh proxies, one Node process per service, the control API, the workload, and
// the faults applied to them. estate.js is its command line.

const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');
const { fork } = require('node:child_process');
const topology = require('./topology');
const { Mesh } = require('./mesh');
const { rng } = require('./rng');
const { validate, FaultBook, TYPES } = require('./faults');
const { Contention, available: contentionAvailable } = require('./contention');
const { Workload } = require('./workload');
const { startControl, HttpProblem } = require('./control');

const ROOT = path.resolve(__dirname, '..');
const SERVICE_MAIN = path.join(ROOT, 'service', 'service.js');
const TELEMETRY = path.join(ROOT, 'service', 'telemetry.js');
// Each service loads the OpenTelemetry SDK (about 0.7 s of CPU): started two at a time so a
// busy machine is not thrashed by 19 cold starts at once, each given generous time.
const START_TIMEOUT_MS = 180000;
const START_CONCURRENCY = 2;
const IPC_TIMEOUT_MS = 3000;
const STOP_GRACE_MS = 5000;

class Estate {
  constructor(opts) {
    this.opts = opts;
    this.mesh = new Mesh(rng(opts.seed * 131 + 7).next);
    this.book = new FaultBook();
    this.contention = new Contention();
    this.services = new Map(); // name -> {name, kind, child, pid, port, inbound, up, restarts}
    this.timers = new Map(); // fault id -> timeout
    this.pending = new Map(); // ipc request key -> resolve
    this.stopping = false;
    this.log = opts.log || ((m) => process.stderr.write(`estate: ${m}\n`));
  }

  async start() {
    for (const s of topology.SERVICES) {
      const inbound = await this.mesh.inbound(s.name);
      this.services.set(s.name, { name: s.name, kind: s.kind, inbound, up: false, restarts: 0, child: null, pid: null });
    }
    for (const s of topology.SERVICES) {
      const deps = {};
      for (const d of s.calls) deps[d] = await this.mesh.outbound(s.name, this.services.get(d).inbound.port);
      this.services.get(s.name).deps = deps;
    }
    const queue = [...this.services.values()];
    const starter = async () => {
      while (queue.length > 0 && !this.stopping) await this.spawn(queue.shift());
    };
    await Promise.all(Array.from({ length: START_CONCURRENCY }, starter));
    if (this.stopping) throw new Error('stopped while starting');
    await this.waitHealthy(START_TIMEOUT_MS);
    this.control = await startControl(this, (e) => this.log(`control API error: ${e.stack || e}`));
    this.workload = new Workload({
      port: this.services.get('frontend').inbound.port,
      rps: this.opts.rps,
      seed: this.opts.seed,
      diurnalAmplitude: this.opts.diurnalAmplitude,
      diurnalPeriodS: this.opts.diurnalPeriodS,
    });
    this.workload.start();
    return { control: `http://127.0.0.1:${this.control.address().port}`, services: topology.names(), pid: process.pid };
  }

  childEnv(s) {
    const env = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('OTEL_') && !k.startsWith('MIRADOR_LAB_')) env[k] = v;
    const peers = {};
    for (const [dep, port] of Object.entries(s.deps)) peers[port] = dep;
    return {
      ...env,
      OTEL_SERVICE_NAME: s.name,
      OTEL_RESOURCE_ATTRIBUTES: `service.namespace=mirador-lab,service.version=0.1.0,deployment.environment.name=lab,mirador.lab.kind=${s.kind}`,
      OTEL_NODE_RESOURCE_DETECTORS: 'env,host,os,process',
      OTEL_EXPORTER_OTLP_ENDPOINT: this.opts.otlp,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_LOGS_EXPORTER: 'otlp',
      OTEL_METRIC_EXPORT_INTERVAL: String(this.opts.metricIntervalMs),
      OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,express,pino,runtime-node',
      OTEL_SEMCONV_STABILITY_OPT_IN: 'http',
      MIRADOR_LAB_SERVICE: s.name,
      MIRADOR_LAB_DEPS: JSON.stringify(s.deps),
      MIRADOR_LAB_PEERS: JSON.stringify(peers),
      MIRADOR_LAB_SEED: String(this.opts.seed),
      ...(this.opts.logDir ? { MIRADOR_LAB_LOG_FILE: path.join(this.opts.logDir, `${s.name}.log`) } : {}),
    };
  }

  spawn(s) {
    return new Promise((resolve, reject) => {
      const child = fork(SERVICE_MAIN, [], {
        execArgv: ['--require', TELEMETRY, '--max-old-space-size=1536'],
        env: this.childEnv(s),
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      s.child = child;
      s.pid = child.pid;
      let tail = '';
      child.stderr.on('data', (c) => {
        tail = (tail + c.toString('utf8')).slice(-2000);
        if (this.opts.verbose) process.stderr.write(`[${s.name}] ${c}`);
      });
      const timer = setTimeout(() => reject(new Error(`${s.name} did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      child.on('message', (m) => {
        if (m && m.type === 'ready') {
          clearTimeout(timer);
          s.inbound.setTarget(m.port);
          s.port = m.port;
          s.up = true;
          resolve();
        } else if (m && (m.type === 'fault-ack' || m.type === 'stats')) {
          const key = m.type === 'stats' ? `stats:${s.name}` : `ack:${m.id}`;
          const p = this.pending.get(key);
          if (p) {
            this.pending.delete(key);
            p(m);
          }
        }
      });
      child.on('exit', (code, signal) => {
        s.up = false;
        clearTimeout(timer);
        if (this.stopping) return;
        this.log(`${s.name} exited (${signal || code}); restarting. Last stderr: ${tail.trim().slice(-500)}`);
        s.restarts++;
        setTimeout(() => {
          if (!this.stopping) this.spawn(s).catch((e) => this.log(e.message));
        }, 1000);
        reject(new Error(`${s.name} exited during start (${signal || code}): ${tail.trim().slice(-500)}`));
      });
    });
  }

  ipc(s, msg, key) {
    return new Promise((resolve, reject) => {
      if (!s.child || !s.child.connected) return reject(new HttpProblem(503, `${s.name} is not running`));
      const timer = setTimeout(() => {
        this.pending.delete(key);
        reject(new HttpProblem(503, `${s.name} did not answer the fault switch`));
      }, IPC_TIMEOUT_MS);
      this.pending.set(key, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      s.child.send(msg);
    });
  }

  async waitHealthy(timeoutMs) {
    const until = Date.now() + timeoutMs;
    for (const s of this.services.values()) {
      for (;;) {
        const ok = await probe(s.inbound.port).catch(() => false);
        if (ok) break;
        if (Date.now() > until) throw new Error(`${s.name} did not answer /health through its proxy`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  topology() {
    return {
      services: [...this.services.values()].map((s) => ({ name: s.name, kind: s.kind, pid: s.pid, inboundPort: s.inbound.port })),
      edges: topology.edges(),
    };
  }

  health() {
    const services = {};
    let ok = true;
    for (const s of this.services.values()) {
      services[s.name] = s.up ? 'up' : 'down';
      ok = ok && s.up;
    }
    return { ok, services };
  }

  async createFault(body) {
    if (this.stopping) throw new HttpProblem(503, 'the estate is stopping');
    const req = validate(body);
    this.book.assertFree(req.service);
    const s = this.services.get(req.service);
    const where = TYPES[req.type].where;
    const id = `f${this.book.seq + 1}`;
    if (where === 'mesh') {
      this.mesh.shaper(req.service).set({ delayMs: 0, jitterMs: 0, lossPercent: 0, ...req.params });
    } else if (where === 'cgroup') {
      if (!contentionAvailable()) throw new HttpProblem(400, 'cpu-contention is unavailable: no writable cgroup v1 cpu hierarchy');
      if (!s.up) throw new HttpProblem(503, `${s.name} is not running`);
      this.contention.start(req.service, s.pid, req.params.share, req.durationSeconds);
    } else {
      await this.ipc(s, { type: 'fault-on', fault: { id, type: req.type, params: req.params } }, `ack:${id}`);
    }
    const fault = this.book.open(req, Date.now());
    this.timers.set(fault.id, setTimeout(() => this.endFault(fault.id, 'expired'), req.durationSeconds * 1000));
    this.log(`fault ${fault.id} ${fault.type} on ${fault.service} ${JSON.stringify(fault.params)} until ${fault.end}`);
    return publicFault(fault);
  }

  async endFault(id, reason = 'deleted') {
    const fault = this.book.byId(id);
    if (!fault) return null;
    if (fault.state !== 'active') return publicFault(fault);
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    const where = TYPES[fault.type].where;
    if (where === 'mesh') this.mesh.shaper(fault.service).clear();
    else if (where === 'cgroup') this.contention.stop(fault.service);
    else {
      await this.ipc(this.services.get(fault.service), { type: 'fault-off', id }, `ack:${id}`).catch((e) => this.log(e.message));
    }
    this.book.close(fault, Date.now(), reason);
    this.log(`fault ${id} ended (${reason})`);
    return publicFault(fault);
  }

  /** Every fault, past and active, in the order they started; `state` says which. */
  faultList() {
    const { active, past } = this.book.list();
    const all = [...past, ...active].sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
    return { faults: all.map(publicFault) };
  }

  async stats() {
    const services = {};
    await Promise.all(
      [...this.services.values()].map(async (s) => {
        const m = await this.ipc(s, { type: 'stats' }, `stats:${s.name}`).catch(() => null);
        services[s.name] = { pid: s.pid, up: s.up, restarts: s.restarts, ...procStats(s.pid), counters: m ? m.counters : null };
      }),
    );
    return {
      workload: this.workload ? this.workload.snapshot() : null,
      services,
      estate: { pid: process.pid, ...procStats(process.pid), mesh: this.mesh.counters },
    };
  }

  async stop() {
    if (this.stopping) return;
    this.stopping = true;
    if (this.workload) this.workload.stop();
    for (const f of this.book.list().active) {
      clearTimeout(this.timers.get(f.id));
      if (TYPES[f.type].where === 'mesh') this.mesh.shaper(f.service).clear();
      this.book.close(f, Date.now(), 'estate stopped');
    }
    this.contention.stopAll();
    const exits = [...this.services.values()]
      .filter((s) => s.child && s.child.exitCode === null && s.child.signalCode === null)
      .map(
        (s) =>
          new Promise((resolve) => {
            const kill = setTimeout(() => s.child.kill('SIGKILL'), STOP_GRACE_MS);
            s.child.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            s.child.kill('SIGTERM');
          }),
      );
    await Promise.all(exits);
    if (this.control) {
      this.control.closeAllConnections();
      await new Promise((r) => this.control.close(() => r()));
    }
    await this.mesh.close();
  }
}

function publicFault(f) {
  return { id: f.id, service: f.service, type: f.type, params: f.params, start: f.start, end: f.end, state: f.state, ...(f.endedBy ? { endedBy: f.endedBy } : {}) };
}

function probe(port) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/health', agent: false, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/** RSS and CPU time of a process from /proc (Linux). */
function procStats(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
    const rssPages = Number(fields[21]);
    return { cpuSeconds: ticks / 100, rssMB: Math.round((rssPages * 4096) / 1048576) };
  } catch {
    return { cpuSeconds: null, rssMB: null };
  }
}

module.exports = { Estate, procStats };
