// Greps the sources for the ways markup or code could be built from strings. Any hit fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SRC = join(process.cwd(), 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

const FORBIDDEN: [RegExp, string][] = [
  [/\.innerHTML\b/, 'innerHTML'],
  [/\.outerHTML\b/, 'outerHTML'],
  [/insertAdjacentHTML/, 'insertAdjacentHTML'],
  [/document\.write/, 'document.write'],
  [/\beval\s*\(/, 'eval'],
  [/new\s+Function\b/, 'new Function'],
  [/\bsetTimeout\s*\(\s*['"`]/, 'setTimeout with a string'],
  [/\bsetInterval\s*\(\s*['"`]/, 'setInterval with a string'],
  [/javascript:/i, 'javascript: URL'],
  [/setAttribute\(\s*['"`]on/i, 'inline event attribute'],
  [/setAttribute\(\s*['"`]style/i, 'inline style attribute'],
  [/\.style\.cssText/, 'style.cssText'],
  [/createContextualFragment|DOMParser|srcdoc/, 'HTML parsing'],
  [/\son[a-z]+\s*=\s*["']/i, 'inline handler in markup'],
];

test('no source builds markup or code from strings', () => {
  const hits: string[] = [];
  for (const f of files(SRC).filter((p) => /\.(ts|html|css)$/.test(p))) {
    const lines = readFileSync(f, 'utf8').split('\n');
    lines.forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, '');
      for (const [re, what] of FORBIDDEN) if (re.test(code)) hits.push(`${f}:${i + 1}: ${what}: ${line.trim()}`);
    });
  }
  assert.deepEqual(hits, []);
});

test('the page template has no inline script or style', () => {
  const html = readFileSync(join(SRC, 'index.html'), 'utf8');
  assert.equal((html.match(/<script\b[^>]*>/g) ?? []).every((t) => /\bsrc=/.test(t)), true);
  assert.doesNotMatch(html, /<style\b|\sstyle=/i);
});

test('the grep itself catches what it must', () => {
  const sample = ['el.innerHTML = x', "el.setAttribute('onclick', 'x')", 'eval(code)', "a.href = 'javascript:void 0'"];
  for (const s of sample) assert.ok(FORBIDDEN.some(([re]) => re.test(s)), s);
});
