// scripts/release.sh against a real git repository and a bare "remote" in a temp folder: the new
// tag lands, the major tag moves with it, and every refusal leaves the remote untouched.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const script = join(import.meta.dirname, '../../scripts/release.sh');
const root = mkdtempSync(join(tmpdir(), 'ssla-release-'));
after(() => rmSync(root, { recursive: true, force: true }));

const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid', GIT_CONFIG_GLOBAL: '/dev/null' };
const remote = join(root, 'remote.git');
const work = join(root, 'work');
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim();
git(root, 'init', '-q', '--bare', remote);
git(root, 'init', '-q', '-b', 'main', work);
git(work, 'remote', 'add', 'origin', remote);

function commitVersion(version: string, changelog = `## [${version}] - 2026-12-01\n`) {
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'x', version }));
  writeFileSync(join(work, 'CHANGELOG.md'), `# Changelog\n\n## [Unreleased]\n\n${changelog}`);
  git(work, 'add', '-A');
  git(work, 'commit', '-qm', `v${version}`);
  git(work, 'push', '-q', 'origin', 'main');
  return git(work, 'rev-parse', 'HEAD');
}
const release = (tag: string) => spawnSync('bash', [script, tag, 'origin'], { cwd: work, env, encoding: 'utf8' });
/** What the remote's tags point at (annotated tags peeled to their commit). */
function remoteTags(): Record<string, string> {
  const out = git(work, 'ls-remote', '--tags', 'origin');
  const peeled = out.split('\n').filter((l) => l.endsWith('^{}')).map((l) => l.split('\t'));
  return Object.fromEntries(peeled.map(([sha, ref]) => [ref!.replace(/^refs\/tags\//, '').replace(/\^\{\}$/, ''), sha!]));
}

test('the first release creates vX.Y.Z and the major tag at the same commit', () => {
  const sha = commitVersion('1.0.0');
  const r = release('v1.0.0');
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(remoteTags(), { v1: sha, 'v1.0.0': sha });
  assert.equal(git(work, 'cat-file', '-t', 'v1.0.0'), 'tag', 'annotated');
});

test('a later release of the same major moves the major tag, the old tag stays', () => {
  const first = remoteTags()['v1.0.0'];
  const sha = commitVersion('1.1.0');
  const r = release('v1.1.0');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /moved v1 to v1\.1\.0/);
  assert.deepEqual(remoteTags(), { v1: sha, 'v1.0.0': first, 'v1.1.0': sha });
});

test('refusals name the problem and push nothing', () => {
  const before = remoteTags();
  const cases: [string, RegExp][] = [
    ['1.2.0', /not in vX\.Y\.Z form/],
    ['v1.2', /not in vX\.Y\.Z form/],
    ['v1.2.0-rc.1', /not in vX\.Y\.Z form/],
    ['v1.2.0', /package\.json says version 1\.1\.0/],
    ['v1.1.0', /package\.json|exists already/],
  ];
  for (const [tag, why] of cases) {
    const r = release(tag);
    assert.equal(r.status, 1, tag);
    assert.match(r.stderr, why, tag);
  }
  commitVersion('1.0.5');
  assert.match(release('v1.0.5').stderr, /older than v1\.1\.0: v1 would move backwards/);
  commitVersion('1.2.0', '');
  assert.match(release('v1.2.0').stderr, /CHANGELOG\.md has no "## \[1\.2\.0\]" section/);
  assert.deepEqual(remoteTags(), before);
});

test('a new major starts its own major tag and leaves the old one', () => {
  const before = remoteTags();
  const sha = commitVersion('2.0.0');
  const r = release('v2.0.0');
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(remoteTags(), { ...before, v2: sha, 'v2.0.0': sha });
});
