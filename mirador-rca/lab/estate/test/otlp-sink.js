'use strict';
// A tiny OTLP/HTTP receiver for the tests: counts requests and bytes per path and finds which
// estate service names appear in the (undecoded) protobuf bodies.

const http = require('node:http');

/** Reads the length-delimited fields numbered `field` of a protobuf message (no schema needed). */
function fields(buf, field) {
  const out = [];
  let i = 0;
  const varint = () => {
    let v = 0;
    let mul = 1;
    for (;;) {
      const b = buf[i++];
      v += (b & 0x7f) * mul;
      if (b < 0x80) return v;
      mul *= 128;
    }
  };
  while (i < buf.length) {
    const key = varint();
    const wire = key % 8;
    if (wire === 0) varint();
    else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else if (wire === 2) {
      const len = varint();
      if (Math.floor(key / 8) === field) out.push(buf.subarray(i, i + len));
      i += len;
    } else throw new Error(`unsupported wire type ${wire}`);
  }
  return out;
}

/**
 * Spans in an ExportTraceServiceRequest, or log records in an ExportLogsServiceRequest: both are
 * request{1: resource-level} -> resource-level{2: scope-level} -> scope-level{2: records}.
 */
function countRecords(body) {
  let n = 0;
  for (const r of fields(body, 1)) for (const s of fields(r, 2)) n += fields(s, 2).length;
  return n;
}

function startSink(serviceNames, port = 0) {
  const counts = { '/v1/traces': 0, '/v1/metrics': 0, '/v1/logs': 0, other: 0 };
  const bytes = { '/v1/traces': 0, '/v1/metrics': 0, '/v1/logs': 0 };
  const seen = { '/v1/traces': new Set(), '/v1/metrics': new Set(), '/v1/logs': new Set() };
  const contentTypes = new Set();
  const records = { spans: 0, logRecords: 0, undecodable: 0 };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const p = req.url.split('?')[0];
      if (Object.hasOwn(counts, p) && p !== 'other') {
        counts[p]++;
        bytes[p] += body.length;
        contentTypes.add(req.headers['content-type']);
        try {
          if (p === '/v1/traces') records.spans += countRecords(body);
          if (p === '/v1/logs') records.logRecords += countRecords(body);
        } catch {
          records.undecodable++;
        }
        const text = body.toString('latin1');
        for (const n of serviceNames) if (text.includes(n)) seen[p].add(n);
      } else counts.other++;
      res.writeHead(200, { 'content-type': 'application/x-protobuf' });
      res.end();
    });
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${server.address().port}`, counts, bytes, seen, contentTypes, records, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) }),
    );
  });
}

module.exports = { startSink, countRecords };

if (require.main === module) {
  startSink(require('../lib/topology').names(), Number(process.argv[2] || 0)).then((s) => {
    process.stdout.write(`${s.url}\n`);
    setInterval(() => process.stdout.write(JSON.stringify({ at: new Date().toISOString(), counts: s.counts, bytes: s.bytes, records: s.records, seen: Object.fromEntries(Object.entries(s.seen).map(([k, v]) => [k, v.size])) }) + '\n'), 15000);
  });
}
