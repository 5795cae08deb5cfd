// Fault injection: hostile and mistaken input through the bundled entry points, as users reach
// them. Action inputs (dist/index.js run as the runner runs it), YAML config files and CLI flags
// (dist/cli.js): each mistake is exactly one clear line naming the input, exit 1, and nothing is
// started. Image tags Docker itself refuses are refused up front. The token never shows, not even
// with step debug on, in a failing run and in the post step.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { examplePayload, startAction as startActionWithGitHub, type StepResult } from '../support/action-runner.ts';
import { buildDemoImage, docker, removeImage } from '../support/docker.ts';
import { startGitHubServer, type GitHubServer } from '../support/github-server.ts';

const CLI = resolve(import.meta.dirname, '../../dist/cli.js');
const IMAGE = 'ssla-itg-faults-inputs:demo';
const TOKEN = 'ghs_faults_token_4f1c9a77e2';
const startAction = (opts: Parameters<typeof startActionWithGitHub>[0] = {}) =>
  startActionWithGitHub({ ...opts, inputs: { baseline: 'none', comment: 'false', ...opts.inputs } });

let gh: GitHubServer;
before(async () => {
  buildDemoImage(IMAGE);
  gh = await startGitHubServer({ owner: 'Codertocat', repo: 'Hello-World', defaultBranch: 'master', tokens: { [TOKEN]: {} } });
});
after(async () => {
  await gh.close();
  await removeImage(IMAGE);
});

const errorLines = (r: StepResult) => r.stdout.split('\n').filter((l) => l.startsWith('::error'));
const LONG_TAG = `srv:${'a'.repeat(129)}`;

// Tags Docker's own reference parser refuses ("invalid reference format"): shell metacharacters,
// upper case in the repository, a tag over 128 characters, a leading dash, an empty component.
const REFUSED_TAGS = ['srv:pr;rm -rf /', 'srv:$(id)', 'Srv:upper', LONG_TAG, 'srv:-lead', 'srv..x:1', 'srv:pr`id`'];

describe('image tags Docker refuses', () => {
  for (const tag of REFUSED_TAGS) {
    test(`the daemon itself refuses ${JSON.stringify(tag.slice(0, 24))}`, async () => {
      // dockerode cannot even send a path with a space; the daemon refuses the rest by name.
      await assert.rejects(docker.getImage(tag).inspect(), /invalid reference format|unescaped characters/);
    });
  }
  test('the bundled action refuses each with one ::error line naming the input, before any container', async () => {
    for (const tag of REFUSED_TAGS) {
      const r = await startAction({ inputs: { image: tag, 'health-check': 'http:8000/health' } }).done;
      assert.equal(r.code, 1, tag);
      const errors = errorLines(r);
      assert.equal(errors.length, 1, r.stdout);
      assert.match(errors[0] ?? '', /^::error::Input "image" has value ".*": expected a Docker image reference \(lowercase name\[:tag\]/);
      assert.equal(r.state.runId, undefined, 'no run was started');
    }
  });
});

// Action inputs through the bundle: exactly one ::error line each, naming the input.
const workspace = mkdtempSync(join(tmpdir(), 'ssla-faults-ws-'));
writeFileSync(join(workspace, 'typo.yml'), `targets:\n  - image: ${IMAGE}\n    health-check: http:8000/health\n    runz: 3\n`);
writeFileSync(join(workspace, 'kinds.yml'), `targets:\n  - image: ${IMAGE}\n    health-check: http:8000/health\n    env: [A, B]\n`);
const ACTION_BAD: [string, Record<string, string>, RegExp][] = [
  ['runs not a number', { runs: 'ten' }, /^::error::Input "runs" has value "ten": expected a whole number from 1 to 1000$/],
  ['sla-stat unknown', { 'sla-stat': 'p97' }, /^::error::Input "sla-stat" has value "p97": expected one of min, p50/],
  ['timeout-ms with a unit', { 'timeout-ms': '1m' }, /^::error::Input "timeout-ms" has value "1m": expected a whole number/],
  ['log: regex that does not compile', { 'health-check': 'log:([' }, /^::error::Input "health-check" has value "log:\(\[": log: regular expression does not compile/],
  ['env line without =', { env: 'READY_DELAY_MS' }, /^::error::Input "env" has value "READY_DELAY_MS": expected env as KEY=VALUE lines/],
  ['fail-on unknown word', { 'fail-on': 'sla,flaky' }, /^::error::Input "fail-on" has value "sla,flaky": .*"flaky" is none of them$/],
  ['config with a typo key', { image: '', 'health-check': '', config: 'typo.yml' }, /^::error::typo\.yml: targets\[0\]\.runz is not a setting startup-sla knows; did you mean "runs"\?$/],
  ['config with a list where a mapping goes', { image: '', 'health-check': '', config: 'kinds.yml' }, /^::error::kinds\.yml: targets\[0\]\.env has value .*: expected env as a mapping of NAME: value, or as KEY=VALUE lines$/],
  ['config file missing', { image: '', 'health-check': '', config: 'nope.yml' }, /^::error::Input "config" has value "nope\.yml": the file cannot be read \(ENOENT\)$/],
  ['comment not a boolean (token set)', { comment: 'maybe' }, /^::error::Input "comment" has value "maybe": expected true or false$/],
];
describe('bad action inputs through the bundle', () => {
  for (const [name, inputs, want] of ACTION_BAD) {
    test(`${name}: one ::error line naming the input, no run started`, async () => {
      const r = await startActionWithGitHub({ token: TOKEN, inputs: { image: IMAGE, 'health-check': 'http:8000/health', baseline: 'none', ...inputs }, env: { GITHUB_WORKSPACE: workspace } }).done;
      assert.equal(r.code, 1);
      const errors = errorLines(r);
      assert.equal(errors.length, 1, r.stdout);
      assert.match(errors[0] ?? '', want);
      assert.equal(r.state.runId, undefined);
      assert.ok(!(r.stdout + r.stderr).replace(`::add-mask::${TOKEN}`, '').includes(TOKEN), 'token not shown');
    });
  }
});

// CLI flags and YAML files through the bundled CLI: one line on stderr, exit 1.
const cliDir = mkdtempSync(join(tmpdir(), 'ssla-faults-cli-'));
function cli(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: cliDir, env: { ...process.env }, encoding: 'utf8', timeout: 30_000 });
}
function assertOneLine(r: ReturnType<typeof cli>, want: RegExp): void {
  assert.equal(r.status, 1, r.stderr + r.stdout);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0] ?? '', want);
  assert.doesNotMatch(r.stderr, /crashed|\n\s+at /);
}
const ok = ['--image', IMAGE, '--health-check', 'http:8000/health'];
const CLI_BAD: [string, string[], RegExp][] = [
  ['sla-stat unknown', [...ok, '--sla-stat', 'p97'], /^error: Flag --sla-stat has value "p97": expected one of min, p50/],
  ['health-check form unknown', ['--image', IMAGE, '--health-check', 'grpc:1'], /^error: Flag --health-check has value "grpc:1": expected http:<port><path>/],
  ['a negative timeout (parsed as a flag)', [...ok, '--timeout-ms', '-5'], /^error: Option '--timeout-ms' argument is ambiguous\..*'--timeout-ms=-XYZ'.*\(see --help\)$/],
  ['timeout given as =-5', [...ok, '--timeout-ms=-5'], /^error: Flag --timeout-ms has value "-5": expected a whole number/],
  ['gpus not a count', [...ok, '--gpus', 'lots'], /^error: Flag --gpus has value "lots": expected all, a count/],
  ['network not a network name', [...ok, '--network', 'my net'], /^error: Flag --network has value "my net": expected bridge, host, or the name of an existing Docker network/],
  ['image tag Docker refuses', ['--image', 'srv:pr;id', '--health-check', 'tcp:8000'], /^error: Flag --image has value "srv:pr;id": expected a Docker image reference/],
  ['image missing', ['--health-check', 'tcp:8000'], /^error: Flag --image is required: no value was given$/],
  ['a stray positional argument', ['foo', ...ok], /^error: Unexpected argument 'foo'\. This command does not take positional arguments \(see --help\)$/],
  ['a flag without its value', [...ok, '--runs'], /^error: Option '--runs <value>' argument missing \(see --help\)$/],
  ['config file missing', ['--config', 'nope.yml'], /^error: Flag --config has value "nope\.yml": the file cannot be read \(ENOENT\)$/],
];
const YAML_BAD: [string, string, RegExp][] = [
  ['empty targets', 'targets: []', /^error: sla\.yml: "targets" must be a non-empty list/],
  ['targets not a list', 'targets: nope', /^error: sla\.yml: "targets" must be a non-empty list/],
  ['not a mapping', '- a\n- b', /^error: sla\.yml: expected a mapping with a "targets" list$/],
  ['invalid YAML', 'targets: [', /^error: Flag --config has value "sla\.yml": not valid YAML \(/],
  ['unknown top-level key', 'servers: []', /^error: sla\.yml: top-level key "servers" is not known/],
  ['unknown target key', `targets:\n  - image: ${IMAGE}\n    health-check: tcp:8000\n    runz: 3`, /^error: sla\.yml: targets\[0\]\.runz is not a setting startup-sla knows; did you mean "runs"\?$/],
  ['runs not a number', `targets:\n  - image: ${IMAGE}\n    health-check: tcp:8000\n    runs: many`, /^error: sla\.yml: targets\[0\]\.runs has value "many": expected a whole number from 1 to 1000$/],
  ['runs as a list', `targets:\n  - image: ${IMAGE}\n    health-check: tcp:8000\n    runs: [3]`, /^error: sla\.yml: targets\[0\]\.runs has value "\[3\]": expected a single text or number value, not a list/],
  ['env as a list', `targets:\n  - image: ${IMAGE}\n    health-check: tcp:8000\n    env: [1, 2]`, /^error: sla\.yml: targets\[0\]\.env has value "\[1,2\]": expected env as a mapping of NAME: value/],
  ['image tag Docker refuses', 'targets:\n  - image: "Srv:Bad"\n    health-check: tcp:8000', /^error: sla\.yml: targets\[0\]\.image has value "Srv:Bad": expected a Docker image reference/],
  ['two targets with one id', `targets:\n  - image: ${IMAGE}\n    health-check: tcp:8000\n  - image: ${IMAGE}\n    health-check: tcp:8001`, /^error: sla\.yml: two targets have id "ssla-itg-faults-inputs"/],
  ['health-check unknown', `targets:\n  - image: ${IMAGE}\n    health-check: nope`, /^error: sla\.yml: targets\[0\]\.health-check has value "nope"/],
];
describe('bad CLI flags and YAML files through the bundled CLI', () => {
  for (const [name, args, want] of CLI_BAD) test(`flag: ${name}`, () => assertOneLine(cli(args), want));
  for (const [name, text, want] of YAML_BAD) {
    test(`yaml: ${name}`, () => {
      writeFileSync(join(cliDir, 'sla.yml'), `${text}\n`);
      assertOneLine(cli(['--config', 'sla.yml']), want);
    });
  }
});

describe('the token never shows, with ACTIONS_STEP_DEBUG and RUNNER_DEBUG on', () => {
  const DEBUG = { ACTIONS_STEP_DEBUG: 'true', RUNNER_DEBUG: '1' };
  const hidden = (text: string) => !text.split('\n').filter((l) => l !== `::add-mask::${TOKEN}`).join('\n').includes(TOKEN);

  test('a failing run (exit before ready) that comments, then its post step', async () => {
    const run = startActionWithGitHub({
      token: TOKEN,
      inputs: { image: IMAGE, 'health-check': 'http:8000/health', runs: '1', warmup: '0', baseline: 'none', env: `EXIT_BEFORE_READY=5\nSAY=${TOKEN.slice(0, 8)}` },
      env: { ...DEBUG, GITHUB_API_URL: gh.url },
    });
    const r = await run.done;
    assert.equal(r.code, 1);
    assert.match(r.stdout, /exited with code 5 before it was ready/);
    assert.ok(gh.state.issueComments(2).length >= 1, 'the token was used: a comment was posted');
    assert.match(r.stdout, new RegExp(`^::add-mask::${TOKEN}$`, 'm'));
    assert.ok(hidden(r.stdout) && hidden(r.stderr) && hidden(r.summary), 'not in the main step');
    assert.ok(hidden(readFileSync(r.outputs.report ?? '', 'utf8')), 'not in the report');
    for (const c of gh.state.issueComments(2)) assert.ok(hidden(c.body), 'not in the comment');
    const post = await run.post();
    assert.equal(post.code, 0);
    assert.ok(hidden(post.stdout) && hidden(post.stderr), 'not in the post step');
    assert.deepEqual(gh.violations, []);
  });

  test('a GitHub API that refuses the token (401) prints no token either', async () => {
    const r = await startActionWithGitHub({
      token: 'ghs_unknown_token_9b2e51',
      inputs: { image: IMAGE, 'health-check': 'http:8000/health', runs: '1', warmup: '0', baseline: 'none' },
      env: { ...DEBUG, GITHUB_API_URL: gh.url },
    }).done;
    const shown = (r.stdout + r.stderr + r.summary).split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');
    assert.ok(!shown.includes('ghs_unknown_token_9b2e51'), shown);
    assert.doesNotMatch(shown, /crashed/);
  });
});

describe('a branch name with shell metacharacters is only ever text', () => {
  test('PR head ref and GITHUB_REF full of shell and markup: nothing runs, the report keeps it literally, the comment stays ours', async () => {
    const canary = join(tmpdir(), `ssla-pwned-${process.pid}`);
    const ref = `feat/$(touch ${canary});\`touch ${canary}\`|sh&&@octocat<!-- startup-sla:target=evil -->%0A::error::x`;
    const payload = examplePayload('pull_request', 'opened') as { pull_request: { head: { ref: string } } };
    payload.pull_request.head.ref = ref;
    const r = await startActionWithGitHub({
      token: TOKEN,
      event: { name: 'pull_request', payload },
      inputs: { image: IMAGE, 'health-check': 'http:8000/health', runs: '1', warmup: '0', baseline: 'branch', 'baseline-branch': `data;$(touch ${canary})` },
      env: { GITHUB_API_URL: gh.url, GITHUB_REF: `refs/heads/${ref}`, GITHUB_HEAD_REF: ref },
    }).done;
    assert.ok(!existsSync(canary), 'no shell ever ran the branch name');
    assert.doesNotMatch(r.stdout + r.stderr, /crashed/);
    // Whatever the run decided, no line of its output became a workflow command from the name.
    assert.ok(!r.stdout.split('\n').some((l) => l.startsWith('::error::x')), r.stdout);
    if (r.outputs.report) assert.equal(JSON.parse(readFileSync(r.outputs.report, 'utf8')).git.ref, `refs/heads/${ref}`);
    for (const c of gh.state.issueComments(2)) {
      assert.equal(c.body.match(/<!-- startup-sla:target=/g)?.length ?? 0, c.body.startsWith('<!-- startup-sla:target=') ? 1 : 0);
      assert.ok(!c.body.includes('startup-sla:target=evil'));
    }
    assert.deepEqual(gh.violations, []);
  });
});
