'use strict';
// One estate service: an express app with the routes of service/handlers.js, the fault switch,
// a JSON call helper whose requests leave through this service's outbound proxies, and pino logs
// (bridged to OTLP by the pino instrumentation). Started by the estate with --require telemetry.

const telemetry = require('./telemetry');
const http = require('node:http');
const express = require('express');
const pino = require('pino');
const { trace, SpanStatusCode } = require('@opentelemetry/api');
const { FaultSwitch } = require('./fault-switch');
const { rng } = require('../lib/rng');
const handlers = require('./handlers');

const NAME = process.env.MIRADOR_LAB_SERVICE;
const DEPS = JSON.parse(process.env.MIRADOR_LAB_DEPS || '{}'); // dependency -> outbound proxy port
const SEED = Number(process.env.MIRADOR_LAB_SEED || '1');
const CALL_TIMEOUT_MS = 3000;
const RETRY_BACKOFF_MS = 25;

const dice = rng(SEED * 7919 + [...NAME].reduce((a, c) => a + c.charCodeAt(0), 0));
const faults = new FaultSwitch(dice.next);
const log = pino(
  { name: NAME, level: process.env.MIRADOR_LAB_LOG_LEVEL || 'info' },
  pino.destination({ dest: process.env.MIRADOR_LAB_LOG_FILE || '/dev/null', sync: false }),
);
const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
const counters = { requests: 0, errors: 0, inconsistent: 0, retries: 0 };

/** An error with the HTTP status the handler answers with. */
class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function httpJson(port, method, path, body, headers = {}, timeoutMs = CALL_TIMEOUT_MS) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? null : Buffer.from(JSON.stringify(body));
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: {
          accept: 'application/json',
          ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          let parsed = null;
          try {
            parsed = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : null;
          } catch {
            parsed = null;
          }
          resolve({ status: res.statusCode, body: parsed });
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => {
      const e = new Error(`timeout after ${timeoutMs} ms`);
      e.timedOut = true;
      req.destroy(e);
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Calls a declared dependency. Transport errors (not timeouts) and 5xx are retried once, as are answers whose
 * `key` is not the one asked for (a wrong return noticed by the caller); then the call fails
 * with 503/502. 4xx answers are the caller's to handle.
 */
async function call(dep, method, path, body, opts = {}) {
  const port = DEPS[dep];
  if (!port) throw new Error(`${NAME} has no declared dependency ${dep}`);
  const attempts = opts.retries === 0 ? 1 : 2;
  let problem = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) {
      counters.retries++;
      await sleep(RETRY_BACKOFF_MS);
    }
    let res;
    try {
      res = await httpJson(port, method, path, body, opts.headers, opts.timeoutMs);
    } catch (e) {
      problem = `${dep} unreachable: ${e.message}`;
      log.warn({ dependency: dep, attempt }, problem);
      // A timed-out call may still be running there: retrying it is how retry storms start.
      if (e.timedOut) break;
      continue;
    }
    if (res.status >= 500) {
      problem = `${dep} answered ${res.status}`;
      log.warn({ dependency: dep, attempt, status: res.status }, problem);
      continue;
    }
    if (res.status < 300 && opts.expectKey !== undefined) {
      const got = res.body && res.body.key;
      if (got !== opts.expectKey) {
        counters.inconsistent++;
        problem = `${dep} answered for ${JSON.stringify(got)} instead of ${JSON.stringify(opts.expectKey)}`;
        log.warn({ dependency: dep, attempt }, `inconsistent answer: ${problem}`);
        if (attempt === attempts) throw new HttpError(502, `inconsistent answer: ${problem}`);
        continue;
      }
    }
    return res;
  }
  throw new HttpError(503, problem);
}

/** The answer for a neighbouring entity: well-formed, plausible, wrong. */
function wrongKey(key) {
  const m = /^(.*?)(\d+)(\D*)$/.exec(String(key));
  return m ? `${m[1]}${Number(m[2]) + 1}${m[3]}` : `${key}-2`;
}

function reply(res, status, obj) {
  if (status < 300 && faults.wrongNow()) {
    res.status(status).json({ ...obj, key: wrongKey(obj.key) });
    return;
  }
  res.status(status).json(obj);
}

const ctx = { name: NAME, call, reply, log, faults, dice, HttpError, counters, sleep };

const app = express();
app.disable('x-powered-by');
app.set('query parser', 'simple');
app.use(express.json({ limit: '64kb' }));
app.get('/health', (req, res) => res.json({ status: 'up', service: NAME }));
app.use((req, res, next) => {
  counters.requests++;
  if (faults.throwsNow()) {
    // What an unguarded bug looks like: a property read on a missing value.
    next(new TypeError("Cannot read properties of undefined (reading 'amount')"));
    return;
  }
  next();
});
handlers.register(NAME, app, ctx);
app.use((req, res) => res.status(404).json({ error: `no route ${req.method} ${req.path}` }));
// eslint-disable-next-line no-unused-vars
app.use((err, req, res, next) => {
  const status = err.status && err.status >= 400 && err.status < 600 ? err.status : 500;
  counters.errors++;
  if (status >= 500) {
    log.error({ err, route: req.route ? req.route.path : req.path }, `request failed: ${err.message}`);
    if (req.serverSpan) {
      req.serverSpan.recordException(err);
      req.serverSpan.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
    }
  }
  if (!res.headersSent) res.status(status).json({ error: err.expose === false ? 'error' : err.message });
});

const server = http.createServer({ keepAliveTimeout: 30000 }, (req, res) => {
  req.serverSpan = trace.getActiveSpan();
  app(req, res);
});

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  faults.off();
  server.close();
  server.closeAllConnections();
  if (handlers.stop) handlers.stop();
  await Promise.race([telemetry.shutdown().catch(() => {}), sleep(3000)]);
  process.exit(code);
}

process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));
process.on('disconnect', () => stop(0)); // the estate is gone
process.on('message', (m) => {
  if (!m || typeof m !== 'object') return;
  if (m.type === 'fault-on') {
    faults.on(m.fault);
    log.info({ faultType: m.fault.type }, 'fault switch on');
    process.send({ type: 'fault-ack', id: m.fault.id });
  } else if (m.type === 'fault-off') {
    faults.off(m.id);
    process.send({ type: 'fault-ack', id: m.id });
  }
  else if (m.type === 'stats') {
    process.send({
      type: 'stats',
      service: NAME,
      counters: { ...counters, ...faults.counters, heldMegabytes: faults.heldMegabytes() },
      memory: process.memoryUsage(),
      cpu: process.cpuUsage(),
    });
  }
});

server.listen(0, '127.0.0.1', () => {
  if (handlers.start) handlers.start(NAME, ctx);
  const port = server.address().port;
  log.info({ port }, `${NAME} listening`);
  if (process.send) process.send({ type: 'ready', service: NAME, port });
});
