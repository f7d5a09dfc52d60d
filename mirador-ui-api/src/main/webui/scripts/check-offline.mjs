// Fails when any built file references a URL that is not relative or loopback: an airgapped site
// cannot reach it, and the UI must not try. Lists every offending file and text.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findExternalReferences } from './offline-rules.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(root, process.env.MIRADOR_WEBUI_OUT || '../../../target/classes/META-INF/resources');

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else yield p;
  }
}

let count = 0;
let bad = 0;
for (const file of files(out)) {
  count++;
  const text = readFileSync(file, 'latin1');
  for (const hit of findExternalReferences(text)) {
    bad++;
    console.error(`check-offline: ${relative(out, file)}: ${hit}`);
  }
}
if (count === 0) {
  console.error(`check-offline: no built files under ${out}: run npm run build first`);
  process.exit(1);
}
if (bad > 0) {
  console.error(`check-offline: ${bad} external reference(s) in the built UI`);
  process.exit(1);
}
console.log(`check-offline: ${count} built files, no external reference`);
