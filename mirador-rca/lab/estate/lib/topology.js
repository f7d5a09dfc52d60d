'use strict';
// The estate's services and who calls whom. The service handlers (service/handlers.js) may only
// call the dependencies declared here: the call helper refuses any other, so this table is the
// truth the control API reports as GET /topology.

/** kind: frontend | api | worker | db | cache | queue */
const SERVICES = Object.freeze([
  { name: 'frontend', kind: 'frontend', calls: ['gateway'] },
  {
    name: 'gateway',
    kind: 'api',
    calls: ['auth', 'catalog', 'cart', 'orders', 'recommendation', 'user-profile'],
  },
  { name: 'auth', kind: 'api', calls: ['cache', 'db'] },
  { name: 'catalog', kind: 'api', calls: ['cache', 'db', 'pricing', 'inventory'] },
  { name: 'pricing', kind: 'api', calls: ['currency'] },
  { name: 'currency', kind: 'api', calls: ['cache'] },
  { name: 'inventory', kind: 'api', calls: ['db'] },
  { name: 'cart', kind: 'api', calls: ['cache', 'catalog'] },
  { name: 'recommendation', kind: 'api', calls: ['user-profile', 'catalog'] },
  { name: 'user-profile', kind: 'api', calls: ['db'] },
  {
    name: 'orders',
    kind: 'api',
    calls: ['cart', 'pricing', 'inventory', 'payment', 'shipping', 'db', 'queue'],
  },
  { name: 'payment', kind: 'api', calls: ['fraud', 'currency', 'db'] },
  { name: 'fraud', kind: 'api', calls: ['user-profile', 'db'] },
  { name: 'shipping', kind: 'api', calls: ['currency', 'db'] },
  { name: 'notification', kind: 'api', calls: ['user-profile', 'db'] },
  { name: 'worker', kind: 'worker', calls: ['queue', 'notification', 'shipping', 'inventory'] },
  { name: 'queue', kind: 'queue', calls: [] },
  { name: 'db', kind: 'db', calls: [] },
  { name: 'cache', kind: 'cache', calls: [] },
]);

/** Edges whose messages travel through the queue rather than as a direct call. */
const ASYNC_EDGES = Object.freeze([{ from: 'orders', to: 'worker', via: 'queue' }]);

/** Kinds a slow-dependency / failing-dependency fault can target (the truth label is that service). */
const DEPENDENCY_KINDS = Object.freeze(['db', 'cache', 'queue']);

const BY_NAME = new Map(SERVICES.map((s) => [s.name, s]));

function service(name) {
  return BY_NAME.get(name);
}

function names() {
  return SERVICES.map((s) => s.name);
}

/** The edges as GET /topology reports them: every declared call, plus the queue's async hop. */
function edges() {
  const out = [];
  for (const s of SERVICES) {
    for (const to of s.calls) out.push({ from: s.name, to, mode: 'sync' });
  }
  for (const e of ASYNC_EDGES) out.push({ from: e.from, to: e.to, mode: 'async', via: e.via });
  return out;
}

/** Longest chain of synchronous calls starting at `from` (number of services on it). */
function depth(from = 'frontend', seen = new Set()) {
  if (seen.has(from)) return 0;
  const s = BY_NAME.get(from);
  const next = new Set(seen).add(from);
  let best = 0;
  for (const c of s.calls) best = Math.max(best, depth(c, next));
  return 1 + best;
}

module.exports = { SERVICES, ASYNC_EDGES, DEPENDENCY_KINDS, service, names, edges, depth };
