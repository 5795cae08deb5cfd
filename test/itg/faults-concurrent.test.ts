// Fault injection: two runs of the bundled action at once on one daemon. No port clash, no
// cross-talk (each report holds only the starts of its own containers), each cleans only its own.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startAction as startActionWithGitHub, type StepResult } from '../support/action-runner.ts';
import { buildDemoImage, containersOfRun, removeImage } from '../support/docker.ts';

const startAction = (opts: Parameters<typeof startActionWithGitHub>[0] = {}) =>
  startActionWithGitHub({ ...opts, inputs: { baseline: 'none', comment: 'false', ...opts.inputs } });

const IMAGE = 'ssla-itg-faults-concurrent:demo';
before(() => buildDemoImage(IMAGE));
after(() => removeImage(IMAGE));

interface ReportSample {
  warmup: boolean;
  totalMs: number;
  phases: { name: string; ms: number }[];
}
interface Report {
  runId: string;
  targets: { samples: ReportSample[] }[];
  samples: ReportSample[];
}

function reportOf(r: StepResult): Report {
  assert.ok(r.outputs.report, r.stdout + r.stderr);
  return JSON.parse(readFileSync(r.outputs.report, 'utf8')) as Report;
}

const ms = (s: ReportSample, name: string) => {
  const p = s.phases.find((x) => x.name === name);
  assert.ok(p, `phase ${name} in ${s.phases.map((x) => x.name)}`);
  return p.ms;
};

/**
 * Each run's container waits its own READY_DELAY_MS between "model loaded" and "listening", so a
 * sample carrying the other run's stamps or probed on the other run's port shows at once.
 */
function assertOwnSamples(report: Report, count: number, delayMs: number, otherDelayMs: number): void {
  assert.equal(report.samples.length, count, `exactly its own ${count} starts`);
  for (const s of report.samples) {
    // Under two runs on two cores the server can be ready (the probe got in) before it printed
    // "listening"; a stamp after ready is not a phase. Then ready itself ends the delay.
    const listening = s.phases.some((p) => p.name === 'listening') ? ms(s, 'listening') : s.totalMs;
    const gap = listening - ms(s, 'model loaded');
    assert.ok(gap >= delayMs - 5, `gap ${gap} ms is this run's ${delayMs} ms delay`);
    if (otherDelayMs > delayMs) assert.ok(gap < otherDelayMs - 100, `gap ${gap} ms is not the other run's ${otherDelayMs} ms`);
    // Probed on its own port: ready never precedes its own server's "listening" stamp.
    assert.ok(s.totalMs >= listening - 1, `ready ${s.totalMs} >= listening ${listening}`);
    assert.ok(s.phases.filter((p) => p.name === 'listening').length <= 1, 'one server per sample');
  }
}

test('two runs at once: both pass, no port clash, each report holds only its own starts, nothing left', async () => {
  const a = startAction({ inputs: { image: IMAGE, 'health-check': 'http:8000/health', runs: '4', warmup: '1', env: 'READY_DELAY_MS=50' } });
  const b = startAction({ inputs: { image: IMAGE, 'health-check': 'http:8000/health', runs: '3', warmup: '1', env: 'READY_DELAY_MS=700' } });
  const [ra, rb] = await Promise.all([a.done, b.done]);
  assert.equal(ra.code, 0, ra.stdout + ra.stderr);
  assert.equal(rb.code, 0, rb.stdout + rb.stderr);
  const idA = ra.state.runId ?? '';
  const idB = rb.state.runId ?? '';
  assert.ok(idA && idB && idA !== idB, `distinct run ids ${idA} ${idB}`);
  assert.doesNotMatch(ra.stdout + rb.stdout, /port is already allocated|address already in use/);
  const repA = reportOf(ra);
  const repB = reportOf(rb);
  assert.equal(repA.runId, idA);
  assert.equal(repB.runId, idB);
  assertOwnSamples(repA, 5, 50, 700);
  assertOwnSamples(repB, 4, 700, 50);
  assert.deepEqual(await containersOfRun(idA), []);
  assert.deepEqual(await containersOfRun(idB), []);
  const [pa, pb] = await Promise.all([a.post(), b.post()]);
  assert.match(pa.stdout, /removed 0 container/);
  assert.match(pb.stdout, /removed 0 container/);
});

test('one run cancelled while the other is mid-start: the cancelled one cleans only its own', async () => {
  // B is slow to become ready, so it has a live container whenever A's cleanup sweeps.
  const b = startAction({ inputs: { image: IMAGE, 'health-check': 'http:8000/health', runs: '3', warmup: '0', env: 'READY_DELAY_MS=1500' } });
  const a = startAction({ inputs: { image: IMAGE, 'health-check': 'http:8000/health', runs: '50', warmup: '0', env: 'READY_DELAY_MS=200' } });
  await Promise.all([a.waitFor(/start +2\/50/), b.waitFor(/measuring 3 starts/)]);
  const idA = a.state().runId ?? '';
  const idB = b.state().runId ?? '';
  assert.ok(idA && idB);
  for (let i = 0; i < 400 && (await containersOfRun(idB)).length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal((await containersOfRun(idB)).length, 1, 'B has a live container while A is cancelled');
  a.child.kill('SIGINT');
  const ra = await a.done;
  assert.equal(ra.code, 130, ra.stdout + ra.stderr);
  assert.deepEqual(await containersOfRun(idA), []);
  const rb = await b.done;
  assert.equal(rb.code, 0, `B survived A's cleanup:\n${rb.stdout}${rb.stderr}`);
  assertOwnSamples(reportOf(rb), 3, 1500, 0);
  assert.deepEqual(await containersOfRun(idB), []);
});
