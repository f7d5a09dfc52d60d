'use strict';
// The control API (JSON over HTTP on 127.0.0.1): the boundary with the Java orchestrator.

const http = require('node:http');

const MAX_BODY = 16 * 1024;

class HttpProblem extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) {
        // Answered at once; the rest of the body is read and dropped so the client sees the 413.
        reject(new HttpProblem(413, `body larger than ${MAX_BODY} bytes`));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (size > MAX_BODY) return;
      const text = Buffer.concat(chunks).toString('utf8');
      if (!text.trim()) return reject(new HttpProblem(400, 'body must be a JSON object'));
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new HttpProblem(400, 'body is not valid JSON'));
      }
    });
    req.on('error', reject);
  });
}

/** Starts the control API for `estate`; resolves to the listening server. */
function startControl(estate, onError = () => {}) {
  const routes = [
    ['GET', /^\/topology$/, () => [200, estate.topology()]],
    ['GET', /^\/health$/, () => {
      const h = estate.health();
      return [h.ok ? 200 : 503, { services: h.services }];
    }],
    ['GET', /^\/faults$/, () => [200, estate.faultList()]],
    ['POST', /^\/faults$/, async (req) => [201, await estate.createFault(await readJson(req))]],
    ['DELETE', /^\/faults\/([A-Za-z0-9]{1,20})$/, async (req, m) => {
      const f = await estate.endFault(m[1]);
      if (!f) throw new HttpProblem(404, 'no such fault');
      return [200, f];
    }],
    ['GET', /^\/stats$/, async () => [200, await estate.stats()]],
  ];
  const server = http.createServer(async (req, res) => {
    const send = (status, obj) => {
      const body = JSON.stringify(obj);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    try {
      const path = (req.url || '/').split('?')[0];
      const byPath = routes.filter((r) => r[1].test(path));
      if (byPath.length === 0) throw new HttpProblem(404, 'unknown path (topology, health, faults, stats)');
      const route = byPath.find((r) => r[0] === req.method);
      if (!route) throw new HttpProblem(405, `method ${String(req.method).slice(0, 10)} not allowed here`);
      const [status, obj] = await route[2](req, path.match(route[1]));
      send(status, obj);
    } catch (e) {
      if (e.status) send(e.status, { error: e.message });
      else {
        onError(e);
        send(500, { error: 'internal error' });
      }
    }
  });
  server.keepAliveTimeout = 5000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

module.exports = { startControl, HttpProblem };
