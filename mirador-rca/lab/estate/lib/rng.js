'use strict';
// A small seeded PRNG (mulberry32): the workload and the fault dice are reproducible per seed.

function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** Exponentially distributed value with the given mean. */
    exp: (mean) => -Math.log(1 - next()) * mean,
    /** Integer in [lo, hi]. */
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    /** A log-normal-ish latency: median m, spread s (0..1). */
    latency: (m, s) => m * Math.exp(s * gauss(next)),
  };
}

function gauss(next) {
  const u = Math.max(next(), 1e-12);
  const v = next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

module.exports = { rng };
