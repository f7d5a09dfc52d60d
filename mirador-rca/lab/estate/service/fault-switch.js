'use strict';
// The fault switch inside a service process. The estate sends {type:"fault-on", fault} and
// {type:"fault-off", id} over the IPC channel; handlers ask the switch what to do per request.

const CPU_HOG_PERIOD_MS = 50;
const MEMORY_STEP_MS = 50;
const MEMORY_STEP_MB = 8;

class FaultSwitch {
  constructor(random) {
    this.random = random;
    this.fault = null; // one active fault per service (the estate enforces it)
    this.hogTimer = null;
    this.hoard = [];
    this.hoardTimer = null;
    this.counters = { exceptions: 0, wrongReturns: 0, dependencyFailures: 0, hogBusyMs: 0 };
  }

  on(fault) {
    this.off();
    this.fault = fault;
    if (fault.type === 'cpu-hog') this.startHog(fault.params.share);
    if (fault.type === 'memory-pressure') this.startHoard(fault.params.megabytes);
  }

  off(id) {
    if (id !== undefined && this.fault && this.fault.id !== id) return false;
    const had = this.fault !== null;
    this.fault = null;
    if (this.hogTimer) clearInterval(this.hogTimer);
    if (this.hoardTimer) clearInterval(this.hoardTimer);
    this.hogTimer = null;
    this.hoardTimer = null;
    this.hoard = [];
    return had;
  }

  is(type) {
    return this.fault !== null && this.fault.type === type;
  }

  /** exception: this request should throw. */
  throwsNow() {
    const hit = this.is('exception') && this.random() < this.fault.params.rate;
    if (hit) this.counters.exceptions++;
    return hit;
  }

  /** wrong-return: this answer should be wrong but well-formed. */
  wrongNow() {
    const hit = this.is('wrong-return') && this.random() < this.fault.params.rate;
    if (hit) this.counters.wrongReturns++;
    return hit;
  }

  /** slow-dependency on a db/cache/queue: extra milliseconds per operation. */
  dependencyDelayMs() {
    return this.is('slow-dependency') ? this.fault.params.delayMs : 0;
  }

  /** failing-dependency on a db/cache/queue: this operation fails. */
  dependencyFailsNow() {
    const hit = this.is('failing-dependency') && this.random() < this.fault.params.rate;
    if (hit) this.counters.dependencyFailures++;
    return hit;
  }

  // Busy work on the service's own (event-loop) thread: every period it computes until it has
  // used `share` of the period in CPU time (CPU time, not wall time: on a busy machine the hog
  // still takes its share when it runs), so the process's CPU rises by about `share` of a core
  // and requests queue behind it.
  startHog(share) {
    const busyMs = share * CPU_HOG_PERIOD_MS;
    const cpuMs = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    this.hogTimer = setInterval(() => {
      const start = cpuMs();
      const end = start + busyMs;
      const wallLimit = performance.now() + 10 * busyMs;
      let x = 0;
      while (cpuMs() < end && performance.now() < wallLimit) {
        for (let i = 0; i < 1000; i++) x += Math.sqrt(i * x + 1);
      }
      this.counters.hogBusyMs += cpuMs() - start; // CPU actually burnt (less on a starved machine)
      this.sink = x;
    }, CPU_HOG_PERIOD_MS);
  }

  // Live heap held by the service, grown in steps until the heap has grown by `megabytes`
  // (measured, not assumed): many small objects, so the garbage collector has real work.
  startHoard(megabytes) {
    const base = process.memoryUsage().heapUsed;
    const target = megabytes * 1024 * 1024;
    this.hoardTimer = setInterval(() => {
      if (process.memoryUsage().heapUsed - base >= target) {
        clearInterval(this.hoardTimer);
        this.hoardTimer = null;
        return;
      }
      const objects = (MEMORY_STEP_MB * 1024 * 1024) / 64;
      const block = new Array(objects);
      for (let i = 0; i < objects; i++) block[i] = { n: i, v: i * 0.5, s: null };
      this.hoard.push(block);
    }, MEMORY_STEP_MS);
  }

  heldMegabytes() {
    return this.hoard.length * MEMORY_STEP_MB;
  }
}

module.exports = { FaultSwitch, CPU_HOG_PERIOD_MS };
