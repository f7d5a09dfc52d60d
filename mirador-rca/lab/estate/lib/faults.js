'use strict';
// Fault requests: validation (every bad field gets a named 400 message) and the book of active
// and past faults. Applying a fault is the estate's job (estate.js); this module only decides
// whether a request is acceptable and records what happened.

const topology = require('./topology');
const { DIRECTIONS } = require('./shaper');

class BadRequest extends Error {
  constructor(message) {
    super(message);
    this.status = 400;
  }
}

class Conflict extends Error {
  constructor(message) {
    super(message);
    this.status = 409;
  }
}

const num = (lo, hi, integer = false) => ({ kind: 'number', lo, hi, integer });
const RATE = num(0.01, 1);

/** Params per type: spec, and default when optional (undefined = required). */
const TYPES = Object.freeze({
  'network-delay': {
    params: { delayMs: num(1, 5000, true), jitterMs: num(0, 5000, true), direction: { kind: 'direction' } },
    defaults: { jitterMs: 0, direction: 'both' },
    where: 'mesh',
  },
  'network-loss': {
    params: { lossPercent: num(0.1, 50), direction: { kind: 'direction' } },
    defaults: { direction: 'both' },
    where: 'mesh',
  },
  'cpu-hog': { params: { share: num(0.05, 0.95) }, defaults: {}, where: 'process' },
  'cpu-contention': { params: { share: num(0.3, 0.95) }, defaults: {}, where: 'cgroup' },
  'memory-pressure': { params: { megabytes: num(1, 1024, true) }, defaults: {}, where: 'process' },
  exception: { params: { rate: RATE }, defaults: {}, where: 'process' },
  'wrong-return': { params: { rate: RATE }, defaults: {}, where: 'process' },
  'slow-dependency': { params: { delayMs: num(1, 5000, true) }, defaults: {}, where: 'process', dependency: true },
  'failing-dependency': { params: { rate: RATE }, defaults: {}, where: 'process', dependency: true },
});

const MAX_DURATION_S = 3600;

/** Validates a POST /faults body; returns {service, type, durationSeconds, params} or throws 400. */
function validate(body) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new BadRequest('body must be a JSON object {service, type, durationSeconds, params}');
  }
  for (const k of Object.keys(body)) {
    if (!['service', 'type', 'durationSeconds', 'params'].includes(k)) throw new BadRequest(`unknown field "${clip(k)}"`);
  }
  const { service, type, durationSeconds } = body;
  if (typeof service !== 'string' || !topology.service(service)) {
    throw new BadRequest(`service must be one of ${topology.names().join(', ')}`);
  }
  if (typeof type !== 'string' || !Object.hasOwn(TYPES, type)) {
    throw new BadRequest(`type must be one of ${Object.keys(TYPES).join(', ')}`);
  }
  if (!Number.isInteger(durationSeconds) || durationSeconds < 1 || durationSeconds > MAX_DURATION_S) {
    throw new BadRequest(`durationSeconds must be an integer in [1, ${MAX_DURATION_S}]`);
  }
  const spec = TYPES[type];
  if (spec.dependency && !topology.DEPENDENCY_KINDS.includes(topology.service(service).kind)) {
    const deps = topology.SERVICES.filter((s) => topology.DEPENDENCY_KINDS.includes(s.kind)).map((s) => s.name);
    throw new BadRequest(`${type} targets a database-like dependency (one of ${deps.join(', ')}); it is the truth label`);
  }
  const raw = body.params === undefined ? {} : body.params;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new BadRequest('params must be a JSON object');
  const params = {};
  for (const k of Object.keys(raw)) {
    if (!Object.hasOwn(spec.params, k)) {
      throw new BadRequest(`${type} takes params ${Object.keys(spec.params).join(', ')}; not "${clip(k)}"`);
    }
  }
  for (const [k, p] of Object.entries(spec.params)) {
    let v = raw[k];
    if (v === undefined) {
      if (!Object.hasOwn(spec.defaults, k)) throw new BadRequest(`${type} needs params.${k}`);
      v = spec.defaults[k];
    }
    if (p.kind === 'direction') {
      if (!DIRECTIONS.includes(v)) throw new BadRequest(`params.direction must be one of ${DIRECTIONS.join(', ')}`);
    } else if (typeof v !== 'number' || !Number.isFinite(v) || v < p.lo || v > p.hi || (p.integer && !Number.isInteger(v))) {
      throw new BadRequest(`params.${k} must be ${p.integer ? 'an integer' : 'a number'} in [${p.lo}, ${p.hi}]`);
    }
    params[k] = v;
  }
  if (type === 'network-delay' && params.jitterMs > params.delayMs) {
    throw new BadRequest('params.jitterMs must not exceed params.delayMs');
  }
  return { service, type, durationSeconds, params };
}

function clip(s) {
  return String(s).replace(/[^\x20-\x7e]/g, '?').slice(0, 40);
}

const iso = (ms) => new Date(ms).toISOString();

/** Active and past faults. */
class FaultBook {
  constructor(maxPast = 10000) {
    this.seq = 0;
    this.active = new Map(); // service -> fault
    this.past = [];
    this.maxPast = maxPast;
  }

  assertFree(service) {
    const f = this.active.get(service);
    if (f) throw new Conflict(`${service} already has an active fault (${f.id}, ${f.type}, until ${f.end})`);
  }

  /** Records a fault that became active at `startMs`. */
  open(req, startMs) {
    this.assertFree(req.service);
    const fault = {
      id: `f${++this.seq}`,
      service: req.service,
      type: req.type,
      params: req.params,
      start: iso(startMs),
      end: iso(startMs + req.durationSeconds * 1000),
      state: 'active',
    };
    this.active.set(req.service, fault);
    return fault;
  }

  byId(id) {
    for (const f of this.active.values()) if (f.id === id) return f;
    return this.past.find((f) => f.id === id);
  }

  /** Marks the fault ended at `endMs` (its real end). */
  close(fault, endMs, reason) {
    if (fault.state !== 'active') return fault;
    fault.state = 'ended';
    fault.end = iso(endMs);
    fault.endedBy = reason;
    this.active.delete(fault.service);
    this.past.push(fault);
    if (this.past.length > this.maxPast) this.past.shift();
    return fault;
  }

  list() {
    return { active: [...this.active.values()], past: [...this.past] };
  }
}

module.exports = { validate, FaultBook, TYPES, BadRequest, Conflict, MAX_DURATION_S };
