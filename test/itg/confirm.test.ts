// A history regression is re-measured interleaved before it fails the step: against the same
// image it is "not confirmed (noise)" and passes, against the truly faster base it is
// "confirmed" and fails. The history here is a real earlier report (baseline-file).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startAction } from '../support/action-runner.ts';
import { buildDemoImage, removeImage } from '../support/docker.ts';
import { execFileSync } from 'node:child_process';

const FAST = 'ssla-itg-confirm:fast';
const SLOW = 'ssla-itg-confirm:slow';
let history = '';

before(async () => {
  buildDemoImage(FAST);
  // The same server, 400 ms slower to listen: a Dockerfile on stdin, FROM the local image.
  execFileSync('docker', ['build', '-q', '--label', 'startup-sla.test=itg', '-t', SLOW, '-'], { input: `FROM ${FAST}\nENV READY_DELAY_MS=400\n`, stdio: ['pipe', 'ignore', 'inherit'] });
  const first = await startAction({ inputs: { id: 'srv', image: FAST, 'health-check': 'http:8000/health', runs: '5', baseline: 'none', comment: 'false' } }).done;
  assert.equal(first.code, 0, first.stdout);
  history = first.outputs.report ?? '';
});
after(async () => {
  await removeImage(SLOW);
  await removeImage(FAST);
});

const slowAgainstHistory = (baseImage: string) =>
  startAction({ inputs: { id: 'srv', image: SLOW, 'health-check': 'http:8000/health', runs: '6', baseline: 'file', 'baseline-file': history, 'baseline-image': baseImage, comment: 'false' } }).done;

test('not confirmed: the interleaved run against the same image finds no change, the step passes', async () => {
  const r = await slowAgainstHistory(SLOW);
  assert.equal(r.code, 0, r.stdout);
  const t = JSON.parse(readFileSync(r.outputs.report ?? '', 'utf8')).targets[0];
  assert.equal(t.comparison.confirmation, 'not confirmed (noise)');
  assert.equal(t.comparison.base.kind, 'baseline-image');
  assert.match(r.stdout, /the history says regression; confirming with 6 interleaved starts/);
  assert.ok(t.reasons.some((x: { code: string; message: string }) => x.code === 'confirmation' && /did not confirm it \(noise\)/.test(x.message)));
  assert.match(r.summary, /not confirmed \(noise\)/);
});

test('confirmed: against the faster base the regression stands and fails the step', async () => {
  const r = await slowAgainstHistory(FAST);
  assert.equal(r.code, 1, r.stdout);
  const t = JSON.parse(readFileSync(r.outputs.report ?? '', 'utf8')).targets[0];
  assert.equal(t.comparison.confirmation, 'confirmed');
  assert.equal(t.verdict, 'fail');
  assert.match(r.summary, /\*\*confirmed\*\*/);
});
