// Compiles tests/*.test.ts with esbuild (each with the sources it imports) and runs them with
// node's built-in test runner.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'node_modules', '.mirador-tests');
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
const tests = readdirSync(join(root, 'tests')).filter((f) => f.endsWith('.test.ts'));
await esbuild.build({
  absWorkingDir: root,
  entryPoints: tests.map((f) => join('tests', f)),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: ['node20'],
  outdir,
  outExtension: { '.js': '.mjs' },
  packages: 'external',
  logLevel: 'warning',
});
const files = readdirSync(outdir).filter((f) => f.endsWith('.mjs')).map((f) => join(outdir, f));
const run = spawnSync(process.execPath, ['--test', ...files], { stdio: 'inherit', cwd: root });
process.exit(run.status ?? 1);
