// `baseline: auto` on a pull request with a Dockerfile: the action builds the PR's base commit
// from a real git repository and measures head and base alternately, with no history store at
// all. The base comes from the checkout, or is fetched when the checkout is shallow; a base
// without the Dockerfile falls back with a note; nothing of the base build is left behind.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { examplePayload, startAction } from '../support/action-runner.ts';
import { docker, removeImage, removeKeptImages } from '../support/docker.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const HEAD_TAG = 'ssla-itg-base-commit:pr';
const DOCKERFILE = readFileSync(join(ROOT, 'examples/demo-server/Dockerfile'), 'utf8');
let origin: string;
const sha: Record<'none' | 'base' | 'slow' | 'same', string> = { none: '', base: '', slow: '', same: '' };

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

before(() => {
  // One history: README only, then the server (the PR's base), then two PRs on top of it.
  const work = mkdtempSync(join(tmpdir(), 'ssla-base-repo-'));
  git(work, 'init', '-q');
  writeFileSync(join(work, 'README.md'), 'demo\n');
  git(work, 'add', '.');
  git(work, 'commit', '-qm', 'readme');
  sha.none = git(work, 'rev-parse', 'HEAD');
  execFileSync('gcc', ['-O2', '-static', '-o', join(work, 'server'), join(ROOT, 'examples/demo-server/server.c')]);
  writeFileSync(join(work, 'weights.bin'), Buffer.alloc(1024 * 1024, 3));
  writeFileSync(join(work, 'Dockerfile'), DOCKERFILE);
  git(work, 'add', '.');
  git(work, 'commit', '-qm', 'server');
  sha.base = git(work, 'rev-parse', 'HEAD');
  writeFileSync(join(work, 'Dockerfile'), `${DOCKERFILE}ENV READY_DELAY_MS=500\n`);
  git(work, 'commit', '-qam', 'slower start');
  sha.slow = git(work, 'rev-parse', 'HEAD');
  git(work, 'checkout', '-q', sha.base);
  writeFileSync(join(work, 'README.md'), 'demo, documented\n');
  git(work, 'commit', '-qam', 'docs only');
  sha.same = git(work, 'rev-parse', 'HEAD');
  origin = mkdtempSync(join(tmpdir(), 'ssla-base-origin-'));
  git(origin, 'clone', '-q', '--bare', work, '.');
  for (const c of [sha.slow, sha.same]) git(origin, 'update-ref', `refs/heads/pr-${c.slice(0, 7)}`, c);
});
after(async () => {
  await removeImage(HEAD_TAG);
  await removeKeptImages('ssla-itg-base-commit');
});

/** A checkout of `commit` as actions/checkout leaves it: full, or depth 1 (the default). */
function checkout(commit: string, depth?: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'ssla-base-ws-'));
  git(dir, 'clone', '-q', ...(depth ? ['--depth', String(depth), '--branch', `pr-${commit.slice(0, 7)}`] : []), `file://${origin}`, '.');
  git(dir, 'checkout', '-q', commit);
  return dir;
}

function prEvent(head: string, base: string) {
  const payload = examplePayload('pull_request', 'opened') as Record<string, any>;
  payload.pull_request.base.sha = base;
  payload.pull_request.head.sha = head;
  return { name: 'pull_request', payload };
}

const inputs = { dockerfile: 'Dockerfile', image: HEAD_TAG, 'health-check': 'http:8000/health', runs: '6', warmup: '1', comment: 'false', 'github-token': '' };

async function leftovers(runDir: string): Promise<string[]> {
  const images = await docker.listImages({ filters: { reference: ['startup-sla-base/*'] } });
  const worktrees = git(runDir, 'worktree', 'list').split('\n').slice(1);
  return [...images.flatMap((i) => i.RepoTags ?? []), ...worktrees];
}

test('a head 500 ms slower than its base commit fails as a regression naming the base, with no history store', async () => {
  const ws = checkout(sha.slow);
  const r = await startAction({ workspace: ws, inputs, event: prEvent(sha.slow, sha.base) }).done;
  assert.equal(r.code, 1, r.stdout);
  assert.equal(r.outputs.verdict, 'fail');
  assert.match(r.stdout, new RegExp(`regression vs base commit ${sha.base.slice(0, 7)} \\(built here, interleaved\\)`));
  const t = JSON.parse(readFileSync(r.outputs.report ?? '', 'utf8')).targets[0];
  assert.equal(t.comparison.base.kind, 'base-commit');
  assert.equal(t.comparison.base.how, 'in the checkout');
  assert.ok(t.comparison.base.buildMs > 0 && t.comparison.base.extraStarts >= 6, JSON.stringify(t.comparison.base));
  assert.match(r.summary, /base commit/);
  assert.deepEqual(await leftovers(ws), []);
});

test('a head equal to its base passes; a shallow checkout fetches the base commit', async () => {
  const ws = checkout(sha.same, 1);
  assert.throws(() => git(ws, 'cat-file', '-e', `${sha.base}^{commit}`), 'the shallow checkout lacks the base');
  const r = await startAction({ workspace: ws, inputs, event: prEvent(sha.same, sha.base) }).done;
  assert.equal(r.code, 0, r.stdout);
  assert.notEqual(r.outputs.verdict, 'fail');
  const t = JSON.parse(readFileSync(r.outputs.report ?? '', 'utf8')).targets[0];
  assert.equal(t.comparison.base.how, 'fetched');
  assert.ok(['no-change', 'inconclusive'].includes(t.comparison.classification), t.comparison.classification);
  assert.deepEqual(await leftovers(ws), []);
});

test('a base commit without the Dockerfile falls back to the history with a clear note', async () => {
  const ws = checkout(sha.slow);
  const r = await startAction({ workspace: ws, inputs, event: prEvent(sha.slow, sha.none) }).done;
  assert.equal(r.code, 0, r.stdout);
  assert.match(r.stdout, new RegExp(`::warning::.*base commit ${sha.none.slice(0, 7)} not built here: base commit ${sha.none.slice(0, 7)} has no Dockerfile \\(the Dockerfile is new in this PR\\); compared with the stored history instead`));
  assert.match(r.stdout, /no baseline: the history branch needs github-token/);
  assert.deepEqual(await leftovers(ws), []);
});

test('a base commit that cannot be fetched falls back, never a crash', async () => {
  const ws = checkout(sha.slow);
  const r = await startAction({ workspace: ws, inputs, event: prEvent(sha.slow, 'f'.repeat(40)) }).done;
  assert.equal(r.code, 0, r.stdout);
  assert.match(r.stdout, /base commit fffffff not built here: base commit fffffff is not in the checkout and could not be fetched/);
});

test('outside git the base cannot be built: said, and the history stands in', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'ssla-base-nogit-'));
  for (const f of ['Dockerfile']) writeFileSync(join(ws, f), DOCKERFILE);
  copyFileSync(join(checkout(sha.base), 'server'), join(ws, 'server'));
  writeFileSync(join(ws, 'weights.bin'), Buffer.alloc(1024, 1));
  const r = await startAction({ workspace: ws, inputs, event: prEvent(sha.slow, sha.base) }).done;
  assert.equal(r.code, 0, r.stdout);
  assert.match(r.stdout, /not built here: the workspace is not a git checkout/);
});
