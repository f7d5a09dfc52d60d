'use strict';
// The sidecar mesh: a TCP proxy in front of every service (inbound) and one per call edge behind
// every caller (outbound), so a call goes caller -> caller's outbound proxy -> callee's inbound
// proxy -> callee. A network fault on S shapes only S's two kinds of proxies, in S's directions,
// as netem on S's interface would. All proxies live in the estate process: they are plain byte
// pipes (no telemetry of their own, as a sidecar at L4 has none) and cost little CPU.

const net = require('node:net');
const { Shaper } = require('./shaper');

const QUEUE_HIGH_WATER = 64;

/** Moves bytes from src to dst, holding each chunk as `hold(bytes)` says, keeping order. */
class DelayPipe {
  constructor(src, dst, hold, onEnd = () => {}) {
    this.src = src;
    this.dst = dst;
    this.hold = hold;
    this.onEnd = onEnd;
    this.ended = false; // the source sent its FIN
    this.queue = [];
    this.lastRelease = 0;
    this.timer = null;
    src.on('data', (chunk) => this.push(chunk));
    src.on('end', () => {
      this.ended = true;
      this.push(null);
    });
  }

  push(chunk) {
    const wait = chunk === null ? 0 : this.hold(chunk.length);
    const now = Date.now();
    if (wait === 0 && this.queue.length === 0) {
      this.deliver(chunk);
      return;
    }
    const release = Math.max(now + wait, this.lastRelease);
    this.lastRelease = release;
    this.queue.push({ chunk, release });
    if (this.queue.length > QUEUE_HIGH_WATER) this.src.pause();
    this.schedule();
  }

  schedule() {
    if (this.timer !== null || this.queue.length === 0) return;
    const delay = Math.max(0, this.queue[0].release - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      const now = Date.now();
      while (this.queue.length > 0 && this.queue[0].release <= now) {
        this.deliver(this.queue.shift().chunk);
      }
      if (this.queue.length <= QUEUE_HIGH_WATER / 2 && this.src.isPaused()) this.src.resume();
      this.schedule();
    }, delay);
  }

  deliver(chunk) {
    if (this.dst.destroyed) return;
    if (chunk === null) {
      this.dst.end();
      this.onEnd();
    } else this.dst.write(chunk);
  }

  stop() {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.queue = [];
  }
}

class Mesh {
  /** random: () => [0,1), the seeded dice for jitter and loss. */
  constructor(random) {
    this.random = random;
    this.shapers = new Map();
    this.servers = new Set();
    this.sockets = new Set();
    this.counters = { connections: 0, upstreamErrors: 0 };
  }

  shaper(service) {
    let s = this.shapers.get(service);
    if (!s) {
      s = new Shaper(this.random);
      this.shapers.set(service, s);
    }
    return s;
  }

  /**
   * The inbound proxy of `service`. Returns {port, setTarget(port)}: the proxy listens at once,
   * the service's own port is set when it has started.
   */
  async inbound(service) {
    const target = { port: 0 };
    const shaper = this.shaper(service);
    // Bytes from callers are "in" for the service, its answers "out".
    const port = await this.listen(() => target.port, shaper, 'in', 'out');
    return { port, setTarget: (p) => (target.port = p) };
  }

  /** The outbound proxy of `caller` towards `callee`'s inbound proxy port. */
  async outbound(caller, calleeInboundPort) {
    const shaper = this.shaper(caller);
    // Bytes the caller sends are "out" for it, the answers "in".
    return this.listen(() => calleeInboundPort, shaper, 'out', 'in');
  }

  listen(targetPort, shaper, forward, backward) {
    // Half-open sockets: a FIN travels through the delay queue like any byte, so an answer still
    // held by a delay is delivered before the connection closes.
    const server = net.createServer({ noDelay: true, allowHalfOpen: true }, (client) => {
      this.counters.connections++;
      this.track(client);
      client.pause();
      const connect = () => {
        const port = targetPort();
        if (!port || client.destroyed) {
          client.destroy();
          return;
        }
        const upstream = net.connect({ host: '127.0.0.1', port, noDelay: true, allowHalfOpen: true });
        this.track(upstream);
        let finished = 0;
        const done = () => {
          if (++finished === 2) {
            client.destroy();
            upstream.destroy();
          }
        };
        const pipes = [
          new DelayPipe(client, upstream, (n) => shaper.holdMs(forward, n), done),
          new DelayPipe(upstream, client, (n) => shaper.holdMs(backward, n), done),
        ];
        const reset = () => {
          pipes.forEach((p) => p.stop());
          client.destroy();
          upstream.destroy();
        };
        upstream.on('error', () => {
          this.counters.upstreamErrors++;
          reset();
        });
        client.on('error', reset);
        // A close without a FIN first (a reset, a destroyed peer) resets the other side.
        upstream.on('close', () => pipes[1].ended || reset());
        client.on('close', () => pipes[0].ended || reset());
        client.resume();
      };
      const synWait = shaper.connectMs(forward);
      if (synWait > 0) setTimeout(connect, synWait);
      else connect();
    });
    this.servers.add(server);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve(server.address().port));
    });
  }

  track(socket) {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => {});
  }

  async close() {
    const closed = [...this.sockets].map((s) => new Promise((r) => (s.destroyed && s.closed ? r() : s.once('close', r))));
    for (const s of this.sockets) s.destroy();
    await Promise.all([
      ...closed,
      ...[...this.servers].map((srv) => new Promise((r) => srv.close(() => r()))),
    ]);
  }
}

module.exports = { Mesh, DelayPipe };
