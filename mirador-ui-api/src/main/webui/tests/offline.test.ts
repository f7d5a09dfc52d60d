import { test } from 'node:test';
import assert from 'node:assert/strict';
// @ts-expect-error: a plain .mjs module shared with scripts/check-offline.mjs
import { findExternalReferences } from '../scripts/offline-rules.mjs';

const find = findExternalReferences as (text: string) => string[];

test('external URLs of every kind are found', () => {
  const cases = [
    'fetch("https://cdn.example.com/lib.js")',
    '<link href="http://fonts.googleapis.com/css">',
    "src='//cdn.jsdelivr.net/npm/x'",
    'new WebSocket("wss://updates.example.org")',
    'a{background:url(https://img.example.com/a.png)}',
    'b{background:url( "//img.example.com/a.png" )}',
    '@import "theme.css";',
    'ftp://files.example.com/x',
  ];
  for (const c of cases) assert.ok(find(c).length > 0, c);
});

test('relative, loopback, data: and the SVG namespace are allowed', () => {
  const ok = [
    'createElementNS("http://www.w3.org/2000/svg","svg")',
    'fetch("/ui/api/session")',
    'http://127.0.0.1:8082/login',
    'http://localhost:8080/x',
    'http://[::1]:9000/',
    'a{background:url(data:image/png;base64,AAAA)}',
    'marker-end:url(#arrow)',
    'url(/assets/x.svg) url(./y.svg)',
    'URL.createObjectURL(new Blob([t]))',
    '// a comment with no host',
  ];
  for (const c of ok) assert.deepEqual(find(c), [], c);
});

test('a namespace-looking URL that is not the exact SVG namespace is refused', () => {
  assert.ok(find('"http://www.w3.org/2000/svg/evil"').length > 0);
  assert.ok(find('"http://www.w3.org/1999/xlink"').length > 0);
  assert.ok(find('http://127.0.0.1.evil.example/').length > 0);
});
