#!/usr/bin/env node
'use strict';
// The fault lab's estate: `node estate.js --otlp http://127.0.0.1:<port> [--seed N] [--rps R]
// [--ready-file PATH] [--log-dir DIR] [--metric-interval-ms MS] [--diurnal-amplitude A]
// [--diurnal-period-s S] [--verbose]`. See README.md.

const fs = require('node:fs');
const path = require('node:path');
const { Estate } = require('./lib/estate');

const USAGE =
  'usage: node estate.js --otlp http://127.0.0.1:PORT [--seed N] [--rps R] [--ready-file PATH] ' +
  '[--log-dir DIR] [--metric-interval-ms MS] [--diurnal-amplitude 0..0.9] [--diurnal-period-s S] [--verbose]';

function parse(argv) {
  const o = { seed: 1, rps: 8, metricIntervalMs: 15000, diurnalAmplitude: 0, diurnalPeriodS: 3600, verbose: false };
  const need = (i, name) => {
    if (i + 1 >= argv.length) throw new Error(`${name} needs a value`);
    return argv[i + 1];
  };
  const number = (v, name, lo, hi, integer) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < lo || n > hi || (integer && !Number.isInteger(n))) {
      throw new Error(`${name} must be ${integer ? 'an integer' : 'a number'} in [${lo}, ${hi}]`);
    }
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case '--otlp': {
        const u = new URL(need(i++, a));
        if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('--otlp must be an http(s) URL');
        o.otlp = u.toString().replace(/\/$/, '');
        break;
      }
      case '--seed': o.seed = number(need(i++, a), a, 0, 2 ** 31 - 1, true); break;
      case '--rps': o.rps = number(need(i++, a), a, 0, 200, false); break;
      case '--ready-file': o.readyFile = path.resolve(need(i++, a)); break;
      case '--log-dir': o.logDir = path.resolve(need(i++, a)); break;
      case '--metric-interval-ms': o.metricIntervalMs = number(need(i++, a), a, 1000, 600000, true); break;
      case '--diurnal-amplitude': o.diurnalAmplitude = number(need(i++, a), a, 0, 0.9, false); break;
      case '--diurnal-period-s': o.diurnalPeriodS = number(need(i++, a), a, 60, 86400, true); break;
      case '--verbose': o.verbose = true; break;
      case '--help': process.stdout.write(USAGE + '\n'); process.exit(0); break;
      default: throw new Error(`unknown option ${a.slice(0, 40)}`);
    }
  }
  if (!o.otlp) throw new Error('--otlp is required');
  return o;
}

async function main() {
  let opts;
  try {
    opts = parse(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`estate: ${e.message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (opts.logDir) fs.mkdirSync(opts.logDir, { recursive: true });
  const estate = new Estate(opts);
  let stopping = null;
  const stop = (why, code = 0) => {
    if (stopping) return stopping;
    process.stderr.write(`estate: stopping (${why})\n`);
    stopping = estate.stop().then(
      () => process.exit(code),
      (e) => {
        process.stderr.write(`estate: stop failed: ${e.message}\n`);
        process.exit(1);
      },
    );
    return stopping;
  };
  // A bug in the estate stops it cleanly (services, neighbours, cgroups) rather than orphaning them.
  process.on('uncaughtException', (e) => {
    process.stderr.write(`estate: unexpected error: ${e.stack || e}\n`);
    stop('unexpected error', 1);
  });
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // The parent's death closes our stdin when it is a pipe (how the orchestrator starts us).
  try {
    const st = fs.fstatSync(0);
    if (st.isFIFO() || st.isSocket()) {
      process.stdin.on('end', () => stop('stdin closed'));
      process.stdin.on('error', () => stop('stdin error'));
      process.stdin.resume();
    }
  } catch {
    /* no stdin */
  }
  try {
    const ready = await estate.start();
    const json = JSON.stringify(ready);
    if (opts.readyFile) {
      const tmp = `${opts.readyFile}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, json);
      fs.renameSync(tmp, opts.readyFile);
    }
    process.stdout.write(`ESTATE READY ${json}\n`);
  } catch (e) {
    process.stderr.write(`estate: start failed: ${e.message}\n`);
    stop('start failed', 1);
  }
}

main();
