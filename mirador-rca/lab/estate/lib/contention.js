'use strict';
// cpu-contention: CPU taken from a service by something outside its process. As in a container
// with a CPU limit that a noisy neighbour shares, the service is moved into its own cgroup v1 cpu
// group together with a busy loop (a shell, no telemetry of its own). The group's CFS quota is
// (1 - share) of one CPU per 100 ms period; the neighbour spends it, so for about `share` of every
// period the group - and the service with it - is throttled. The service's own CPU does not rise
// (unlike cpu-hog); its requests wait. The whole fault costs the machine (1 - share) of one CPU.

const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const ROOT = '/sys/fs/cgroup/cpu';
const PERIOD_US = 100000;

function available() {
  try {
    fs.accessSync(path.join(ROOT, 'cgroup.procs'), fs.constants.W_OK);
    return fs.existsSync(path.join(ROOT, 'cpu.cfs_quota_us'));
  } catch {
    return false;
  }
}

/** The cgroup v1 cpu path a process is in now ("/" for the root group). */
function cpuGroupOf(pid) {
  const lines = fs.readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n');
  for (const l of lines) {
    const [, controllers, p] = l.split(':');
    if (controllers && controllers.split(',').includes('cpu')) return p;
  }
  return '/';
}

class Contention {
  constructor(estatePid = process.pid) {
    this.base = path.join(ROOT, `mirador-lab-${estatePid}`);
    this.running = new Map(); // service -> {dir, pid, home, neighbour}
  }

  /** Starts contention on `service` (process `pid`) for at most `seconds`. */
  start(service, pid, share, seconds) {
    if (!available()) throw new Error(`cpu-contention needs a writable cgroup v1 cpu hierarchy at ${ROOT}`);
    const home = path.join(ROOT, cpuGroupOf(pid));
    const dir = path.join(this.base, service.replace(/[^a-z0-9-]/g, '_'));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'cpu.cfs_period_us'), String(PERIOD_US));
    fs.writeFileSync(path.join(dir, 'cpu.cfs_quota_us'), String(Math.max(1000, Math.round((1 - share) * PERIOD_US))));
    fs.writeFileSync(path.join(dir, 'cgroup.procs'), String(pid));
    // The neighbour joins the group itself before it starts spinning. Bounded three times over:
    // killed (with its process group) at the fault's end, by `timeout` just past it, and it stops
    // by itself when the estate is gone.
    const procs = path.join(dir, 'cgroup.procs');
    const loop = `echo $$ > '${procs}' || exit 1; while kill -0 ${process.pid} 2>/dev/null; do i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; done`;
    const neighbour = spawn('timeout', ['-s', 'KILL', String(seconds + 5), 'sh', '-c', loop], { stdio: 'ignore', detached: true });
    neighbour.on('error', () => {});
    neighbour.unref();
    this.running.set(service, { dir, pid, home, neighbour });
  }

  stop(service) {
    const r = this.running.get(service);
    if (!r) return;
    this.running.delete(service);
    try {
      process.kill(-r.neighbour.pid, 'SIGKILL'); // timeout and the shell it runs
    } catch {
      /* already gone */
    }
    moveAll(r.dir, r.home);
    rmdirQuiet(r.dir);
  }

  stopAll() {
    for (const s of [...this.running.keys()]) this.stop(s);
    rmdirQuiet(this.base);
  }
}

/** The pids in a group (the service, and the neighbour while it runs). */
function members(dir) {
  try {
    return fs.readFileSync(path.join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function moveAll(dir, home) {
  let pids = [];
  try {
    pids = fs.readFileSync(path.join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean);
  } catch {
    return;
  }
  for (const p of pids) {
    try {
      fs.writeFileSync(path.join(home, 'cgroup.procs'), p);
    } catch {
      /* process ended meanwhile */
    }
  }
}

function rmdirQuiet(dir) {
  for (let i = 0; i < 20; i++) {
    try {
      fs.rmdirSync(dir);
      return;
    } catch (e) {
      if (e.code === 'ENOENT') return;
      // EBUSY while a killed neighbour is still being reaped.
      const until = Date.now() + 10;
      while (Date.now() < until) {
        /* brief wait */
      }
    }
  }
}

module.exports = { Contention, available, cpuGroupOf, members, PERIOD_US };
