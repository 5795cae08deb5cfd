// The fleet path as examples/workflows/matrix.yml writes it, run as the runner runs it against
// the OpenAPI-checked GitHub server and the real engine: three measure jobs (three runner names,
// one target each of one sla.yml) publish nothing to the PR and leave a report each; the
// combining job merges them into one comment and one check run, and on a push records every
// target's history. Then what goes wrong in a fleet: a corrupt report, another commit's, a
// duplicate, a job that left none, a folder with nothing in it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { examplePayload, startAction, type RunOptions, type StepResult } from '../support/action-runner.ts';
import { buildDemoImage, removeImage } from '../support/docker.ts';
import { startGitHubServer, type GitHubServer } from '../support/github-server.ts';
import { actionStepInputs } from '../support/workflow-step.ts';

const EXAMPLE = 'examples/workflows/matrix.yml';
const TOKEN = 'ghs_rw_token_for_fanout';
const READ_ONLY = 'ghs_ro_token_for_fanout';
const HEAD = '4'.repeat(40);
const MAIN = '5'.repeat(40);
const PR = 12;
const IMAGE = `startup-sla-fanout:${process.pid}`;
const JOBS = [
  { target: 'fan-http', gpu: 'gpu-a100', runner: 'gpu-a100-7f9c' },
  { target: 'fan-log', gpu: 'gpu-h100', runner: 'gpu-h100-2b1d' },
  { target: 'fan-mmap', gpu: 'gpu-l4', runner: 'gpu-l4-0e44' },
];
let gh: GitHubServer;
let workspace: string;

before(async () => {
  gh = await startGitHubServer({ owner: 'Codertocat', repo: 'Hello-World', defaultBranch: 'main', tokens: { [TOKEN]: {}, [READ_ONLY]: { readOnly: true } } });
  buildDemoImage(IMAGE, 1);
  workspace = mkdtempSync(join(tmpdir(), 'ssla-fan-ws-'));
  mkdirSync(join(workspace, '.github'));
  writeFileSync(
    join(workspace, '.github/sla.yml'),
    [
      'defaults:',
      `  image: ${IMAGE}`,
      '  runs: 3',
      '  warmup: 0',
      '  sla-ms: 20000',
      'targets:',
      '  - id: fan-http',
      '    health-check: http:8000/health',
      '  - id: fan-log',
      "    health-check: 'log:listening'",
      '  - id: fan-mmap',
      '    health-check: http:8000/health',
      '    env:',
      '      LOAD_MODE: mmap',
      '',
    ].join('\n'),
  );
});
after(async () => {
  await gh.close();
  await removeImage(IMAGE);
});

function prEvent(): RunOptions['event'] {
  const payload = examplePayload('pull_request', 'opened') as Record<string, unknown> & { number: number; pull_request: Record<string, any>; repository: Record<string, any> };
  payload.number = PR;
  payload.pull_request.number = PR;
  payload.pull_request.head.sha = HEAD;
  payload.pull_request.base.ref = 'main';
  payload.repository.default_branch = 'main';
  return { name: 'pull_request', payload };
}

function pushEvent(): RunOptions['event'] {
  const payload = { ...examplePayload('push'), ref: 'refs/heads/main', after: MAIN } as unknown as Record<string, unknown> & { repository: Record<string, any> };
  payload.repository.default_branch = 'main';
  return { name: 'push', payload };
}

/** The example's `with:` for step `index` (0: measure, 1: combine), its expressions filled in. */
function inputsOf(index: number, values: Record<string, string>): Record<string, string> {
  return actionStepInputs(EXAMPLE, values, index);
}

interface Fleet {
  measures: StepResult[];
  /** What download-artifact with merge-multiple leaves: every job's report in one folder. */
  reports: string;
  combineTemp: string;
}

/** One workflow run: the measure matrix, then the artifacts merged into one folder. */
async function measureFleet(event: RunOptions['event'], env: NodeJS.ProcessEnv, token: string): Promise<Fleet> {
  const measures: StepResult[] = [];
  const combineTemp = mkdtempSync(join(tmpdir(), 'ssla-fan-combine-'));
  const reports = join(combineTemp, 'reports');
  mkdirSync(reports);
  for (const job of JOBS) {
    const temp = mkdtempSync(join(tmpdir(), 'ssla-fan-temp-'));
    const inputs = inputsOf(0, { 'matrix.target': job.target, 'matrix.gpu': job.gpu, 'runner.temp': temp });
    const r = await startAction({ token, workspace, inputs, event, env: { ...env, GITHUB_API_URL: gh.url, RUNNER_TEMP: temp, RUNNER_NAME: job.runner } }).done;
    measures.push(r);
    for (const f of readdirSync(join(temp, 'startup-sla'))) copyFileSync(join(temp, 'startup-sla', f), join(reports, f));
  }
  return { measures, reports, combineTemp };
}

async function combine(fleet: Pick<Fleet, 'combineTemp'>, reports: string, event: RunOptions['event'], env: NodeJS.ProcessEnv, token = TOKEN): Promise<StepResult> {
  const inputs = inputsOf(1, { 'runner.temp': fleet.combineTemp });
  inputs.report = `${reports}/`;
  return startAction({ token, workspace, inputs, event, env: { ...env, GITHUB_API_URL: gh.url, RUNNER_TEMP: fleet.combineTemp } }).done;
}

const ours = () => gh.state.issueComments(PR).filter((c) => c.body.startsWith('<!-- startup-sla:'));
const checks = () => [...gh.state.checkRuns.values()].filter((c) => c.name === 'startup-sla');
const warnings = (r: StepResult) => r.stdout.split('\n').filter((l) => /::(warning|error)/.test(l)).join('\n');
let prFleet: Fleet | undefined;
const PR_ENV = { GITHUB_RUN_ID: '7001', GITHUB_SHA: 'f'.repeat(40) };

/** What a step cost in API requests, for docs/scaling.md: all, and the writes among them. */
function cost(from: number): string {
  const reqs = gh.requests.slice(from);
  return `${reqs.length} requests, ${reqs.filter((r) => r.method !== 'GET').length} writes (${[...new Set(reqs.map((r) => `${r.method} ${r.path.split('?')[0]!.replace(/\/\d+/g, '/N')}`))].join(', ')})`;
}

test('three measure jobs post nothing; the combining job posts one comment naming all three and one completed check run', async (t) => {
  let from = gh.requests.length;
  const fleet = await measureFleet(prEvent(), PR_ENV, TOKEN);
  t.diagnostic(`PR, 3 measure jobs: ${cost(from)}`);
  from = gh.requests.length;
  prFleet = fleet;
  for (const [i, m] of fleet.measures.entries()) {
    assert.equal(m.code, 0, `${JOBS[i]!.target}: ${m.stdout}\n${m.stderr}`);
    assert.equal(m.outputs.verdict, 'pass', warnings(m));
  }
  assert.deepEqual(ours(), [], 'measure jobs with comment: false and no check-name post no comment');
  assert.deepEqual(checks(), [], 'and no check run');
  assert.deepEqual(readdirSync(fleet.reports).sort(), JOBS.map((j) => `report-${j.target}-${j.gpu}.json`).sort());
  for (const j of JOBS) {
    const r = JSON.parse(readFileSync(join(fleet.reports, `report-${j.target}-${j.gpu}.json`), 'utf8')) as { runner: string; targets: { id: string }[] };
    assert.equal(r.runner, j.runner);
    assert.deepEqual(r.targets.map((t) => t.id), [j.target], 'targets: picks the one target of the matrix cell');
  }

  const c = await combine(fleet, fleet.reports, prEvent(), PR_ENV);
  t.diagnostic(`PR, combining job (first): ${cost(from)}`);
  assert.equal(c.code, 0, `${c.stdout}\n${c.stderr}`);
  assert.equal(c.outputs.verdict, 'pass');
  assert.equal(JSON.parse(c.outputs.results ?? '[]').length, 3);
  assert.equal(ours().length, 1, 'one comment for the whole matrix');
  const body = ours()[0]!.body;
  assert.ok(body.startsWith('<!-- startup-sla:combined -->\n## ✅ startup-sla: PASS (3 results on 3 runners)'), body.slice(0, 200));
  for (const j of JOBS) assert.match(body, new RegExp(`\\| ${j.target} \\| ${j.runner} \\| ✅ pass \\|`));
  assert.equal(body.match(/<details><summary>✅ /g)?.length, 3, 'each target collapsed');
  assert.equal(checks().length, 1);
  assert.equal(checks()[0]!.status, 'completed');
  assert.equal(checks()[0]!.conclusion, 'success');
  assert.equal(checks()[0]!.headSha, HEAD, 'on the PR head, not the merge commit');
  assert.ok(c.summary.includes('fan-mmap'), 'the job summary has it too');

  const again = await combine(fleet, fleet.reports, prEvent(), PR_ENV);
  assert.equal(again.code, 0, again.stdout);
  assert.equal(ours().length, 1, 'a rerun updates the one comment in place');
  assert.deepEqual(gh.violations, []);
});

test('on a push the combining job records every target history; the measure jobs could only read', async (t) => {
  const env = { GITHUB_RUN_ID: '7002', GITHUB_REF: 'refs/heads/main', GITHUB_SHA: MAIN };
  let from = gh.requests.length;
  const fleet = await measureFleet(pushEvent(), env, READ_ONLY);
  t.diagnostic(`push, 3 measure jobs (read-only token): ${cost(from)}`);
  for (const m of fleet.measures) assert.equal(m.code, 0, m.stdout);
  from = gh.requests.length;
  const c = await combine(fleet, fleet.reports, pushEvent(), env);
  t.diagnostic(`push, combining job: ${cost(from)}`);
  assert.equal(c.code, 0, `${c.stdout}\n${c.stderr}`);
  const data = gh.state.resolve('refs/heads/startup-sla-data');
  assert.ok(data, 'the combining job created the data branch');
  const histories = [...gh.state.files(data).keys()].filter((p) => p.endsWith('.json'));
  assert.deepEqual(histories.map((p) => p.split('/').at(-2)).sort(), JOBS.map((j) => j.target).sort());
  for (const p of histories) {
    const doc = JSON.parse(gh.state.readFile('startup-sla-data', p) ?? '{}') as { entries: { runId: string; commit: string; totals: number[] }[] };
    assert.equal(doc.entries.length, 1, p);
    assert.equal(doc.entries[0]!.runId, '7002-1');
    assert.equal(doc.entries[0]!.commit, MAIN);
    assert.equal(doc.entries[0]!.totals.length, 3);
  }
  // A rerun of the combining job adds nothing: the entry of this workflow run is there.
  const head = gh.state.resolve('refs/heads/startup-sla-data');
  const again = await combine(fleet, fleet.reports, pushEvent(), env);
  assert.equal(again.code, 0, again.stdout);
  assert.equal(gh.state.resolve('refs/heads/startup-sla-data'), head, 'no second commit');
  assert.match(again.stdout, /history already has this run/);
  assert.deepEqual(gh.violations, []);
});

test('a corrupt report, another commit, a duplicate and a job that left none: each a line; the rest posted; the verdict fails', async () => {
  assert.ok(prFleet, 'the first test measured the PR');
  const bad = join(prFleet.combineTemp, 'bad');
  mkdirSync(bad);
  const [a, b] = JOBS;
  copyFileSync(join(prFleet.reports, `report-${a!.target}-${a!.gpu}.json`), join(bad, 'a.json'));
  copyFileSync(join(prFleet.reports, `report-${a!.target}-${a!.gpu}.json`), join(bad, 'a-rerun.json'));
  const other = JSON.parse(readFileSync(join(prFleet.reports, `report-${b!.target}-${b!.gpu}.json`), 'utf8')) as { git: { sha: string } };
  other.git.sha = '9'.repeat(40);
  writeFileSync(join(bad, 'b.json'), JSON.stringify(other));
  writeFileSync(join(bad, 'broken.json'), '{"schemaVersion": 1, "targ');
  // fan-mmap's job "was cancelled": no file.

  const c = await combine(prFleet, bad, prEvent(), PR_ENV);
  assert.equal(c.code, 1, c.stdout);
  assert.equal(ours().length, 1);
  const body = ours()[0]!.body;
  assert.match(body, /\| fan-http \| gpu-a100-7f9c \| ✅ pass \|/, 'the good report is still posted');
  assert.match(body, /\| fan-log \| – \| ⛔ error \| .* no report \(job failed or cancelled\) \|/, "the refused report's target is missing");
  assert.match(body, /\| fan-mmap \| – \| ⛔ error \| .* no report \(job failed or cancelled\) \|/);
  for (const line of [/broken\.json: not a JSON report/, /b\.json: measured on commit 999999999999, but this run is for 444444444444; refusing to post it/, /fan-http: two reports for one target on one kind of runner/]) {
    assert.match(body, line);
    assert.match(c.stdout, new RegExp(`::warning::startup-sla: .*${line.source}`));
  }
  assert.match(c.stdout, /::error::startup-sla: fan-log \(no-report\); fan-mmap \(no-report\)/);
  assert.equal(checks().at(-1)?.conclusion, 'failure');

  const empty = join(prFleet.combineTemp, 'empty');
  mkdirSync(empty);
  const none = await combine(prFleet, empty, prEvent(), PR_ENV);
  assert.equal(none.code, 1, none.stdout);
  assert.match(none.stdout, /::warning::startup-sla: no reports in ".*empty\/"/);
  assert.equal(ours().length, 1);
  assert.match(ours()[0]!.body, /no reports in/);
  assert.match(ours()[0]!.body, /fan-http \| – \| ⛔ error/, 'every expected target listed as missing');
  assert.deepEqual(gh.violations, []);
});
