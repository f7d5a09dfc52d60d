// Bundles src/main.ts and src/styles.css with esbuild into content-hashed files and writes
// index.html naming them. Output: $MIRADOR_WEBUI_OUT, else ../../../target/classes/META-INF/resources.
import * as esbuild from 'esbuild';
import { mkdirSync, rmSync, writeFileSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(root, process.env.MIRADOR_WEBUI_OUT || '../../../target/classes/META-INF/resources');
const assets = join(out, 'assets');
// Only what this build owns is removed: the assets folder and index.html.
rmSync(assets, { recursive: true, force: true });
mkdirSync(assets, { recursive: true });

const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: { app: 'src/main.ts', style: 'src/styles.css' },
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2022'],
  platform: 'browser',
  outdir: assets,
  entryNames: '[name]-[hash]',
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs).map((p) => resolve(root, p));
const js = outputs.find((p) => p.endsWith('.js'));
const css = outputs.find((p) => p.endsWith('.css'));
if (!js || !css) throw new Error('esbuild produced no js or css: ' + outputs.join(', '));
const href = (p) => '/' + relative(out, p).split('\\').join('/');

const template = readFileSync(join(root, 'src/index.html'), 'utf8');
const html = template.replace('%CSS%', href(css)).replace('%JS%', href(js));
writeFileSync(join(out, 'index.html'), html);

let raw = 0;
let gz = 0;
for (const p of [js, css]) {
  raw += statSync(p).size;
  gz += gzipSync(readFileSync(p), { level: 9 }).length;
}
const budget = 400 * 1024;
console.log(`webui: ${href(js)} ${href(css)}; JS+CSS ${(raw / 1024).toFixed(1)} KB, ${(gz / 1024).toFixed(1)} KB gzip (budget ${budget / 1024} KB)`);
if (gz > budget) {
  console.error('webui: the shipped JS+CSS exceed the 400 KB gzip budget');
  process.exit(1);
}
