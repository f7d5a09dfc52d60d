// Development only (never shipped, never used by a test): serves the built UI and stands in for
// the BFF's session and forwarding, so the pages can be looked at against a running core and RCA
// service before or without the Java BFF. Loopback only. Uses the core's local admin token file.
//   MIRADOR_CORE_URL=http://127.0.0.1:8080 MIRADOR_RCA_URL=http://127.0.0.1:8081 \
//   MIRADOR_TOKEN_FILE=var/data/core/local-admin.token PORT=0 node scripts/dev-server.mjs
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(root, process.env.MIRADOR_WEBUI_OUT || '../../../target/classes/META-INF/resources');
const core = process.env.MIRADOR_CORE_URL || 'http://127.0.0.1:8080';
const rca = process.env.MIRADOR_RCA_URL || 'http://127.0.0.1:8081';
const token = readFileSync(process.env.MIRADOR_TOKEN_FILE, 'utf8').trim();
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html; charset=utf-8', '.svg': 'image/svg+xml' };

function headers(extra = {}) {
  return { 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store', ...extra };
}

async function forward(req, res, base) {
  const body = req.method === 'GET' ? undefined : await new Promise((ok) => {
    const parts = [];
    req.on('data', (c) => parts.push(c));
    req.on('end', () => ok(Buffer.concat(parts)));
  });
  const upstream = await fetch(base + req.url.replace(/^\/ui\/api\/(core|rca)\//, '/api/v1/'), {
    method: req.method, body, headers: { Authorization: `Bearer ${token}`, 'Content-Type': req.headers['content-type'] || 'application/json', Accept: 'application/json' },
  });
  res.writeHead(upstream.status, headers({ 'Content-Type': upstream.headers.get('content-type') || 'application/json' }));
  res.end(Buffer.from(await upstream.arrayBuffer()));
}

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname === '/ui/api/session') {
      const me = await (await fetch(core + '/api/v1/me', { headers: { Authorization: `Bearer ${token}` } })).json().catch(() => null);
      res.writeHead(200, headers({ 'Content-Type': 'application/json' }));
      res.end(JSON.stringify({ user: me?.subject ?? 'local-admin', roles: me?.roles ?? ['admin'], tenants: me?.tenants ?? ['demo'], csrf: 'dev', mode: 'local' }));
      return;
    }
    if (url.pathname === '/ui/api/logout') {
      res.writeHead(204, headers());
      res.end();
      return;
    }
    if (url.pathname.startsWith('/ui/api/core/')) return await forward(req, res, core);
    if (url.pathname.startsWith('/ui/api/rca/')) return await forward(req, res, rca);
    const file = normalize(join(out, url.pathname));
    if (url.pathname.startsWith('/assets/') && file.startsWith(out) && existsSync(file) && statSync(file).isFile()) {
      res.writeHead(200, headers({ 'Content-Type': TYPES[extname(file)] || 'application/octet-stream' }));
      res.end(readFileSync(file));
      return;
    }
    if (url.pathname === '/') {
      res.writeHead(302, headers({ Location: '/findings' }));
      res.end();
      return;
    }
    res.writeHead(200, headers({ 'Content-Type': TYPES['.html'] }));
    res.end(readFileSync(join(out, 'index.html')));
  } catch (e) {
    res.writeHead(502, headers({ 'Content-Type': 'application/problem+json' }));
    res.end(JSON.stringify({ title: 'Bad Gateway', status: 502, detail: String(e.message) }));
  }
});
server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  console.log(`dev server: http://127.0.0.1:${server.address().port}/findings`);
});
