// The bundled action, run as the runner runs it: `phases` from a Triton-shaped log and
// `start: cold` against the loopback registry, from action inputs to the report file.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startAction } from '../support/action-runner.ts';
import { buildDemoImage, containersOfRun, docker, removeImage } from '../support/docker.ts';
import { buildLogServerImage } from '../support/log-server.ts';
import { pushImage, REGISTRY, registryUp } from '../support/registry.ts';

const LOGS = 'ssla-itg-action-phases:logs';
const COLD = `${REGISTRY}/ssla-itg-action-cold/demo:${process.pid}`;
before(async () => {
  registryUp();
  buildLogServerImage(LOGS);
  buildDemoImage(COLD);
  await pushImage(COLD);
});
after(async () => {
  await removeImage(LOGS);
  await removeImage(COLD);
});

const inputs = { baseline: 'none', comment: 'false', runs: '2', warmup: '0' };

test('action: phases input with the triton preset; each phase says its source in the report', async () => {
  const r = await startAction({ inputs: { ...inputs, image: LOGS, 'health-check': 'http:8000/v2/health/ready', env: 'SCRIPT=/triton.script', phases: 'triton\nbanner=^== Triton Inference Server ==$' } }).done;
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const report = JSON.parse(readFileSync(r.outputs.report ?? '', 'utf8'));
  for (const s of report.samples) {
    const by = Object.fromEntries(s.phases.map((p: { name: string; source?: string }) => [p.name, p.source]));
    assert.equal(by['model loaded'], 'line-timestamp');
    assert.equal(by['http started'], 'line-timestamp');
    assert.equal(by.banner, 'arrival');
  }
  assert.ok(report.targets[0].timeline.some((p: { name: string }) => p.name === 'model loaded'));
  assert.match(r.stdout, /model loaded [\d.]+ \|/);
});

test('action: a bad phases regex is one clear error naming the input, nothing started', async () => {
  const r = await startAction({ inputs: { ...inputs, image: LOGS, 'health-check': 'tcp:8000', phases: 'loaded=successfully (loaded' } }).done;
  assert.equal(r.code, 1);
  assert.match(r.stdout, /::error::Input "phases" has value "loaded=successfully \(loaded": loaded: regular expression does not compile/);
  assert.deepEqual(await containersOfRun(r.state.runId ?? ''), []);
});

test('action: start cold reports cold apart from hot and leaves the image as found', async () => {
  const id = (await docker.getImage(COLD).inspect()).Id;
  const r = await startAction({ inputs: { ...inputs, image: COLD, 'health-check': 'http:8000/health', start: 'cold', 'cold-runs': '2', 'cold-sla-ms': '600000' } }).done;
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const report = JSON.parse(readFileSync(r.outputs.report ?? '', 'utf8'));
  const t = report.targets[0];
  assert.equal(t.stats.n, 2);
  assert.equal(t.cold.stats.n, 2);
  assert.equal(t.cold.samples.length, 2);
  assert.ok(t.cold.samples.every((s: { pull: { ms: number } }) => s.pull.ms > 0));
  assert.equal(t.cold.sla.met, true);
  assert.match(r.stdout, /cold start 2\/2: ready in [\d.]+ ms = pull/);
  assert.equal((await docker.getImage(COLD).inspect()).Id, id);
  assert.deepEqual(await containersOfRun(r.state.runId ?? ''), []);
});

test('action: start cold with a local image name is refused before any start', async () => {
  const r = await startAction({ inputs: { ...inputs, image: LOGS, 'health-check': 'tcp:8000', start: 'cold' } }).done;
  assert.equal(r.code, 1);
  assert.match(r.stdout, /"start": cold with image "ssla-itg-action-phases:logs": the reference names no registry/);
  assert.doesNotMatch(r.stdout, /measuring/);
});
