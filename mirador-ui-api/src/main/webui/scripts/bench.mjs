// Runs bench/*.bench.ts (compiled by esbuild) with node: layout timings for the README.
import * as esbuild from 'esbuild';
import { readdirSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'node_modules', '.mirador-bench');
mkdirSync(outdir, { recursive: true });
const entries = readdirSync(join(root, 'bench')).filter((f) => f.endsWith('.bench.ts')).map((f) => join('bench', f));
await esbuild.build({ absWorkingDir: root, entryPoints: entries, bundle: true, platform: 'node', format: 'esm', outdir, outExtension: { '.js': '.mjs' }, logLevel: 'warning' });
for (const f of readdirSync(outdir).filter((x) => x.endsWith('.mjs'))) {
  const r = spawnSync(process.execPath, [join(outdir, f)], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
