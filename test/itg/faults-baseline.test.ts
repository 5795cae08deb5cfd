// Fault injection on the baseline store, end to end: the bundled action against the local
// OpenAPI-checking GitHub server, with the history document on the data branch broken under it.
// The measurement still finishes with a verdict, the problem is one warning naming the file, and
// the broken document is never overwritten (a human decides). The store's own cases (corrupt
// JSON, schema from the future, missing branch, ten concurrent writers) are unit-level in
// test/itg/baseline-branch-store.test.ts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { examplePayload, startAction, type RunOptions } from '../support/action-runner.ts';
import { buildDemoImage, removeImage } from '../support/docker.ts';
import { startGitHubServer, type GitHubServer } from '../support/github-server.ts';

const IMAGE = 'ssla-itg-faults-baseline:demo';
const TOKEN = 'ghs_faults_baseline_token';
const BRANCH = 'startup-sla-data';
let gh: GitHubServer;

before(async () => {
  buildDemoImage(IMAGE);
  gh = await startGitHubServer({ owner: 'Codertocat', repo: 'Hello-World', defaultBranch: 'master', tokens: { [TOKEN]: {} } });
});
after(async () => {
  await gh.close();
  await removeImage(IMAGE);
});

const base = { image: IMAGE, 'health-check': 'http:8000/health', runs: '2', warmup: '0', comment: 'false' };
const run = (opts: RunOptions) => startAction({ token: TOKEN, ...opts, env: { GITHUB_API_URL: gh.url, ...opts.env } }).done;
const push = () =>
  run({
    inputs: base,
    event: { name: 'push', payload: { ...examplePayload('push'), ref: 'refs/heads/master' } },
    env: { GITHUB_REF: 'refs/heads/master', GITHUB_SHA: '6113728f27ae82c7b1a177c8d03f9e96e0adf246' },
  });

function historyPath(): string {
  const head = gh.state.resolve(`refs/heads/${BRANCH}`);
  assert.ok(head, 'the data branch exists');
  const paths = [...gh.state.files(head).keys()].filter((p) => p.endsWith('.json'));
  assert.equal(paths.length, 1, paths.join(', '));
  return paths[0]!;
}

test('missing data branch: the first push creates it; a PR before that has no baseline, not an error', async () => {
  const pr = await run({ inputs: base });
  assert.equal(pr.code, 0, pr.stdout);
  assert.match(pr.stdout, /::warning.*no baseline/);
  assert.equal(gh.state.refs.has(`refs/heads/${BRANCH}`), false, 'a PR never writes');
  const first = await push();
  assert.equal(first.code, 0, first.stdout);
  historyPath();
  assert.deepEqual(gh.violations, []);
});

const broken = [
  { name: 'corrupt JSON', text: '{"schemaVersion":1,"entries":[{"runId":', problem: /not valid JSON/ },
  { name: 'a schema version from the future', text: JSON.stringify({ schemaVersion: 42, entries: [] }), problem: /schemaVersion 42, newer .*upgrade the action/ },
];
for (const b of broken) {
  test(`${b.name} on the data branch: verdict still given, a warning naming the file, file never overwritten`, async () => {
    const path = historyPath();
    gh.state.seedFile(BRANCH, path, b.text);
    const puts = gh.requests.filter((q) => q.method === 'PUT').length;
    const pr = await run({ inputs: base });
    assert.equal(pr.code, 0, pr.stdout);
    assert.match(pr.outputs.verdict ?? '', /^(pass|inconclusive)$/);
    assert.doesNotMatch(pr.stdout, /crashed/);
    assert.match(pr.stdout + pr.summary, b.problem);
    assert.match(pr.stdout + pr.summary, new RegExp(path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    const again = await push();
    assert.equal(again.code, 0, again.stdout);
    // Refused for the reason it found, on the first read: not a write that GitHub happened to reject.
    const warning = again.stdout.split('\n').find((l) => /^::warning::.*history not saved/.test(l)) ?? '';
    assert.match(warning, b.problem);
    assert.match(warning, /this run's result was not stored/);
    assert.equal(gh.requests.filter((q) => q.method === 'PUT').length, puts, 'no write was even tried');
    assert.equal(gh.state.readFile(BRANCH, path), b.text, 'the broken document is left for a human');
    assert.deepEqual(gh.violations, []);
  });
}
