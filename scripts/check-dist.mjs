// Fails when the committed dist/ differs from a fresh build of the committed sources.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const fresh = mkdtempSync(join(tmpdir(), 'ssla-dist-'));
execFileSync(process.execPath, ['scripts/build.mjs', fresh], { stdio: 'inherit' });

function list(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? list(p) : [p];
  });
}
const a = new Map(list('dist').map((p) => [relative('dist', p), readFileSync(p)]));
const b = new Map(list(fresh).map((p) => [relative(fresh, p), readFileSync(p)]));
const diffs = [...new Set([...a.keys(), ...b.keys()])].filter((k) => !a.get(k)?.equals(b.get(k) ?? Buffer.alloc(0)) || !b.has(k));
if (diffs.length > 0) {
  console.error(`dist/ is stale: ${diffs.join(', ')} differ from a fresh build. Run \`npm run build\` and commit dist/.`);
  process.exit(1);
}
console.log(`dist/ matches a fresh build (${a.size} files)`);
