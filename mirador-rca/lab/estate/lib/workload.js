'use strict';
// The users: journeys arrive as a seeded Poisson process (optionally with a diurnal swing), each
// a few steps against the frontend's inbound proxy with exponential think times. Every answer is
// checked as a person would notice it: an error status, or a page about something else.

const http = require('node:http');
const data = require('./data');
const { rng } = require('./rng');

const JOURNEYS = Object.freeze([
  { name: 'browse', weight: 0.45, steps: ['home', 'product', 'product'] },
  { name: 'shop', weight: 0.25, steps: ['home', 'product', 'add', 'cart'] },
  { name: 'buy', weight: 0.2, steps: ['product', 'add', 'checkout'] },
  { name: 'account', weight: 0.1, steps: ['account'] },
]);
const MEAN_STEPS = JOURNEYS.reduce((a, j) => a + j.weight * j.steps.length, 0);
const THINK_MS = 300;
const TIMEOUT_MS = 10000;
const MAX_IN_FLIGHT = 200;

class Workload {
  constructor({ port, rps, seed, diurnalAmplitude = 0, diurnalPeriodS = 3600 }) {
    this.port = port;
    this.rps = rps;
    this.dice = rng(seed * 31 + 17);
    this.amplitude = diurnalAmplitude;
    this.periodMs = diurnalPeriodS * 1000;
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    this.timer = null;
    this.running = false;
    this.t0 = 0;
    this.inFlight = 0;
    this.stats = { since: null, sent: 0, ok: 0, failed: 0, wrong: 0, shed: 0, journeys: 0, byEntry: {} };
  }

  /** Requests per second now (the diurnal swing around the configured rate). */
  rateNow(now = Date.now()) {
    const phase = (2 * Math.PI * (now - this.t0)) / this.periodMs;
    return Math.max(0, this.rps * (1 + this.amplitude * Math.sin(phase)));
  }

  start() {
    if (this.rps <= 0 || this.running) return;
    this.running = true;
    this.t0 = Date.now();
    this.stats.since = new Date(this.t0).toISOString();
    this.scheduleNext();
  }

  scheduleNext() {
    if (!this.running) return;
    const journeysPerSecond = Math.max(1e-3, this.rateNow() / MEAN_STEPS);
    this.timer = setTimeout(() => {
      this.runJourney();
      this.scheduleNext();
    }, this.dice.exp(1000 / journeysPerSecond));
  }

  stop() {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.agent.destroy();
  }

  pickJourney() {
    let x = this.dice.next();
    for (const j of JOURNEYS) {
      if ((x -= j.weight) <= 0) return j;
    }
    return JOURNEYS[0];
  }

  async runJourney() {
    const journey = this.pickJourney();
    const uid = this.dice.int(1, data.USERS);
    const product = this.dice.int(1, data.PRODUCTS);
    this.stats.journeys++;
    for (let i = 0; i < journey.steps.length && this.running; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, this.dice.exp(THINK_MS)));
      const ok = await this.step(journey.steps[i], uid, i === 1 && journey.name === 'browse' ? product + 1 : product);
      if (!ok) break; // a user who hits an error gives up the journey
    }
  }

  async step(entry, uid, product) {
    const s = (this.stats.byEntry[entry] ||= { sent: 0, ok: 0, failed: 0, wrong: 0, latencyMsSum: 0 });
    if (this.inFlight >= MAX_IN_FLIGHT) {
      this.stats.shed++;
      return false;
    }
    const productId = ((product - 1) % data.PRODUCTS) + 1;
    const plan = {
      home: ['GET', '/', undefined, (k) => k === `home:${uid}`],
      product: ['GET', `/product/${productId}`, undefined, (k) => k === `product:${productId}`],
      add: ['POST', '/cart/add', { productId, qty: 1 }, (k) => k === `cart:${uid}`],
      cart: ['GET', '/cart', undefined, (k) => k === `cart:${uid}`],
      checkout: ['POST', '/checkout', {}, (k) => typeof k === 'string' && k.startsWith('order:') && k.endsWith(`u${uid}`)],
      account: ['GET', '/account', undefined, (k) => k === `account:${uid}`],
    }[entry];
    this.stats.sent++;
    s.sent++;
    this.inFlight++;
    const t0 = performance.now();
    try {
      const res = await this.request(plan[0], plan[1], plan[2], data.sessionToken(uid));
      if (res.status >= 400) {
        this.stats.failed++;
        s.failed++;
        return false;
      }
      if (!plan[3](res.body && res.body.key)) {
        this.stats.wrong++;
        s.wrong++;
        return false;
      }
      this.stats.ok++;
      s.ok++;
      return true;
    } catch {
      this.stats.failed++;
      s.failed++;
      return false;
    } finally {
      this.inFlight--;
      s.latencyMsSum += performance.now() - t0;
    }
  }

  request(method, path, body, token) {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? null : Buffer.from(JSON.stringify(body));
      const req = http.request(
        {
          host: '127.0.0.1',
          port: this.port,
          method,
          path,
          agent: this.agent,
          headers: {
            authorization: `Bearer ${token}`,
            ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
          },
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            let parsed = null;
            try {
              parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            } catch {
              parsed = null;
            }
            resolve({ status: res.statusCode, body: parsed });
          });
          res.on('error', reject);
        },
      );
      req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  snapshot() {
    return { ...this.stats, rpsConfigured: this.rps, rpsNow: Math.round(this.rateNow() * 100) / 100, inFlight: this.inFlight };
  }
}

module.exports = { Workload, JOURNEYS, MEAN_STEPS };
