'use strict';
// What a network fault does to one service's traffic, decided per chunk of bytes in user space.
//
// Directions are the faulty service's, as netem on its interface would see them: "out" is every
// byte the service sends (its requests to callees and its responses to callers), "in" every byte
// it receives. Delay: each chunk is held delayMs +- jitterMs (uniform), never reordered. Loss: a
// TCP stream cannot lose bytes, so a lost segment shows as what TCP makes of it: the segment (and,
// head-of-line, everything behind it) waits one retransmission timeout (RTO, 200 ms minimum as on
// Linux), doubling for each further loss of the same segment; a lost SYN costs the initial 1 s RTO.

const MSS = 1448;
const RTO_MIN_MS = 200;
const SYN_RTO_MS = 1000;
const MAX_RETRANSMITS = 6;

const DIRECTIONS = Object.freeze(['in', 'out', 'both']);


class Shaper {
  constructor(random) {
    this.random = random;
    this.rule = null;
  }

  /** rule: {delayMs, jitterMs, lossPercent, direction}; null clears. */
  set(rule) {
    this.rule = rule;
  }

  clear() {
    this.rule = null;
  }

  applies(direction) {
    const r = this.rule;
    return r !== null && (r.direction === 'both' || r.direction === direction);
  }

  /** Milliseconds to hold a chunk of `bytes` travelling in `direction` (of this service). */
  holdMs(direction, bytes) {
    if (!this.applies(direction)) return 0;
    const r = this.rule;
    let hold = 0;
    if (r.delayMs > 0 || r.jitterMs > 0) {
      hold += Math.max(0, r.delayMs + (this.random() * 2 - 1) * (r.jitterMs || 0));
    }
    if (r.lossPercent > 0) {
      const segments = Math.max(1, Math.ceil(bytes / MSS));
      for (let s = 0; s < segments; s++) hold += this.retransmissionWait(RTO_MIN_MS);
    }
    return hold;
  }

  /** Extra wait before a new connection in `direction` (the SYN) gets through. */
  connectMs(direction) {
    if (!this.applies(direction) || !(this.rule.lossPercent > 0)) return 0;
    return this.retransmissionWait(SYN_RTO_MS);
  }

  retransmissionWait(rto) {
    const p = this.rule.lossPercent / 100;
    let wait = 0;
    for (let i = 0; i < MAX_RETRANSMITS && this.random() < p; i++) {
      wait += rto;
      rto *= 2;
    }
    return wait;
  }
}

module.exports = { Shaper, DIRECTIONS, MSS, RTO_MIN_MS, SYN_RTO_MS, MAX_RETRANSMITS };
