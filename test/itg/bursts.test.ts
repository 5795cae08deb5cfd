// Bursts, what readiness costs and the page cache, against the real Docker Engine: K containers
// of the demo server started at once, each with its memory reading and its source; the page
// cache dropped as root and refused for another user (CLI and action bundles, one line, nothing
// started, the action's surfaces still written); a concurrency the host cannot take refused the
// same way. Run with DOCKER_HOST at the second engine (scripts/docker26.sh) beside other suites.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../src/config/load.ts';
import { connectDocker } from '../../src/docker/client.ts';
import { MANAGED_LABEL } from '../../src/docker/labels.ts';
import { procPageCache, type PageCache } from '../../src/measure/page-cache.ts';
import { runPipeline } from '../../src/pipeline.ts';
import type { Report } from '../../src/report/report.ts';
import { renderSummary } from '../../src/report/summary.ts';
import { systemClock } from '../../src/util/clock.ts';
import type { Logger } from '../../src/util/logger.ts';
import { startAction } from '../support/action-runner.ts';
import { buildDemoImage, containersOfRun, docker, removeImage } from '../support/docker.ts';

const IMAGE = 'ssla-itg-bursts:demo';
const CLI = resolve(import.meta.dirname, '../../dist/cli.js');
const endpoint = connectDocker();
const runId = `itg-bursts-${process.pid}`;
const warnings: string[] = [];
const quiet: Logger = { info() {}, warning: (m) => warnings.push(m), error() {}, debug() {}, group: (_t, fn) => fn(), untrusted() {} };
// The one machine fact the expected source depends on: cgroup v1 has a memory hierarchy folder.
const cgroupV1 = existsSync('/sys/fs/cgroup/memory');

before(() => {
  buildDemoImage(IMAGE);
});
after(async () => {
  assert.deepEqual(await containersOfRun(runId), [], 'every container of the run was removed');
  await removeImage(IMAGE);
});

async function measure(inputs: Record<string, string>, pageCache?: PageCache): Promise<Report> {
  const config = loadConfig('cli', { image: IMAGE, 'health-check': 'http:8000/health', warmup: '0', 'timeout-ms': '20000', baseline: 'none', ...inputs });
  const report = await runPipeline(config, { endpoint, clock: systemClock, logger: quiet, runId, version: 't', signal: new AbortController().signal, live: new Set(), pageCache });
  // Every start of every burst, the failed ones too, has ended and removed its container.
  assert.deepEqual(await containersOfRun(runId), [], 'nothing left running');
  return report;
}

async function managedContainers(): Promise<string[]> {
  return (await docker.listContainers({ all: true, filters: { label: [MANAGED_LABEL] } })).map((c) => c.Id);
}

test('bursts of 3: started at once, each timed with its burst, memory read with its source', async () => {
  const report = await measure({ concurrency: '3', runs: '2', warmup: '1', env: 'READY_DELAY_MS=300' });
  const t = report.targets[0]!;
  assert.equal(t.verdict, 'pass', JSON.stringify(t.reasons));
  assert.equal(t.samples.length, 9, 'warm-up burst + 2 counted bursts of 3');
  assert.equal(t.stats.n, 6, 'statistics over every counted start');
  assert.deepEqual([t.concurrency, t.slaScope, t.pageCache, t.sla.scope], [3, 'start', 'warm', 'start']);
  for (const s of t.samples) {
    assert.equal(s.burst?.size, 3);
    assert.equal(s.burst?.index, Math.floor(s.index / 3));
    assert.equal(s.burst?.slot, s.index % 3);
    assert.ok((s.burst?.sinceBurstMs ?? 0) >= s.totalMs, `seen ready after its own create -> ready (${s.burst?.sinceBurstMs} >= ${s.totalMs})`);
    assert.equal(s.pageCache, 'warm');
    assert.ok(s.memory, 'memory read for every start');
    assert.ok((s.memory.bytes ?? 0) > 0, JSON.stringify(s.memory));
    assert.equal(s.memory.source, cgroupV1 ? 'cgroup1-memory.max_usage_in_bytes' : 'cgroup2-memory.peak', JSON.stringify(s.memory));
    assert.equal(s.memory.peak, true);
    assert.equal(s.gpuMemory, undefined, 'no GPU figure without gpus');
  }
  const bursts = t.bursts!;
  assert.deepEqual(bursts.list.map((b) => [b.index, b.warmup, b.ready]), [[0, true, 3], [1, false, 3], [2, false, 3]]);
  assert.equal(bursts.slowest.n, 2);
  for (const b of bursts.list) {
    const mine = t.samples.filter((s) => s.burst?.index === b.index);
    assert.equal(b.slowestMs, Math.max(...mine.map((s) => s.totalMs)));
    // Started one after another, the last would be ready only after the three waits together.
    const sum = mine.reduce((a, s) => a + s.totalMs, 0);
    assert.ok(b.allReadyMs < sum, `burst ${b.index}: all ready in ${b.allReadyMs} ms, under the ${sum} ms of the three in a row`);
  }
  assert.equal(t.cost?.memory?.n, 6);
  assert.ok((t.cost?.memory?.maxMiB ?? 0) > 0);
  assert.match(t.reasons[0]!.message, /^p95 over every start \(bursts of 3\) /);
  const md = renderSummary(report);
  assert.match(md, /SLA held against every start of the bursts of 3 \(sla-scope start\)/);
  assert.match(md, /peak host memory to ready: p50 [\d.]+ MiB, max [\d.]+ MiB over 6 starts \(cgroup v[12] memory\.(max_usage_in_bytes|peak)\)/);
  assert.match(md, /\| slowest start \| 2 \|/);
});

test('sla-scope burst holds the SLA against the slowest start per burst; a memory limit fails like the SLA', async () => {
  const report = await measure({ concurrency: '2', runs: '3', 'sla-scope': 'burst', 'sla-stat': 'max', 'max-memory-mib': '1' });
  const t = report.targets[0]!;
  const slowest = Math.max(...t.bursts!.list.map((b) => b.slowestMs));
  assert.equal(t.sla.scope, 'burst');
  assert.equal(t.sla.valueMs, slowest);
  assert.match(t.reasons.find((r) => r.code === 'sla-met')?.message ?? '', /^max of the slowest start per burst of 2 [\d.]+ ms <= SLA 3000 ms$/);
  const memory = t.reasons.find((r) => r.code === 'memory-over-limit');
  assert.match(memory?.message ?? '', /^peak host memory \(cgroup v[12] memory\.(max_usage_in_bytes|peak)\) max [\d.]+ MiB > max-memory-mib 1 MiB$/);
  assert.equal(t.verdict, 'fail');
  assert.equal(t.failsStep, true);
});

test('a burst whose starts all time out ends every one of them before the run goes on', async () => {
  const report = await measure({ concurrency: '3', runs: '1', 'timeout-ms': '1500', env: 'READY_DELAY_MS=10000' });
  const t = report.targets[0]!;
  assert.match(t.error?.message ?? '', /not ready within 1500 ms/);
  assert.equal(t.verdict, 'error');
});

test('page-cache drop: dropped before each burst, recorded in every sample', async () => {
  // The interface, over a file of our own: counts the drops without emptying the machine's cache.
  const file = join(mkdtempSync(join(tmpdir(), 'ssla-bursts-')), 'drop_caches');
  writeFileSync(file, '');
  const real = procPageCache(file);
  let drops = 0;
  const counted: PageCache = { path: file, cannotDrop: () => real.cannotDrop(), drop: async () => (drops++, real.drop()) };
  const report = await measure({ concurrency: '2', runs: '2', warmup: '1', 'page-cache': 'drop' }, counted);
  const t = report.targets[0]!;
  assert.equal(drops, 3, 'one drop per burst, warm-up included');
  assert.equal(readFileSync(file, 'utf8'), '3');
  assert.equal(t.pageCache, 'drop');
  assert.ok(t.samples.every((s) => s.pageCache === 'drop'));
  assert.match(renderSummary(report), /page cache dropped \(sync; 3 > \/proc\/sys\/vm\/drop_caches\) before each burst/);
});

const NOBODY = { uid: 65534, gid: Number(spawnSync('stat', ['-c', '%g', (process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock').replace(/^unix:\/\//, '')], { encoding: 'utf8' }).stdout.trim()) };
const cliDir = mkdtempSync(join(tmpdir(), 'ssla-bursts-cli-'));
chmodSync(cliDir, 0o777);
/** The CLI's error lines (the reaper's info line comes before them on stderr). */
const errorLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('error:'));
function cli(args: string[], user?: { uid: number; gid: number }) {
  return spawnSync(process.execPath, [CLI, '--image', IMAGE, '--health-check', 'http:8000/health', '--baseline', 'none', ...args], { cwd: cliDir, encoding: 'utf8', timeout: 120_000, ...(user ?? {}) });
}

test('the CLI as root drops the machine\'s page cache and says so in the report', async () => {
  const r = cli(['--runs', '1', '--warmup', '0', '--page-cache', 'drop', '--report', 'drop.json']);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const report = JSON.parse(readFileSync(join(cliDir, 'drop.json'), 'utf8')) as Report;
  assert.equal(report.targets[0]!.pageCache, 'drop');
  assert.equal(report.samples[0]!.pageCache, 'drop');
  assert.match(r.stdout, /page cache dropped/);
  assert.deepEqual(await managedContainers(), []);
});

test('page-cache drop without root: one line naming the input, exit 1, nothing started', async () => {
  assert.ok(Number.isInteger(NOBODY.gid) && NOBODY.gid > 0, 'the Docker socket has a group another user can be given');
  const r = cli(['--page-cache', 'drop'], NOBODY);
  assert.equal(r.status, 1, r.stderr + r.stdout);
  assert.deepEqual(errorLines(r.stderr), [
    'error: "page-cache" has value "drop": dropping the page cache needs root, to write 3 to /proc/sys/vm/drop_caches, and /proc/sys/vm/drop_caches is not writable here (EACCES, uid 65534); run as root, or set page-cache to warm',
  ]);
  assert.deepEqual(await managedContainers(), []);
});

test('the action as another user: the same one line, verdict error, the summary still written', async () => {
  const r = await startAction({ inputs: { image: IMAGE, 'health-check': 'http:8000/health', 'page-cache': 'drop', baseline: 'none', comment: 'false' }, user: NOBODY }).done;
  assert.equal(r.code, 1, r.stdout + r.stderr);
  const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error'));
  assert.equal(errors.length, 1, r.stdout);
  assert.match(errors[0] ?? '', /^::error::"page-cache" has value "drop": dropping the page cache needs root, to write 3 to \/proc\/sys\/vm\/drop_caches/);
  assert.equal(r.outputs.verdict, 'error');
  assert.match(r.summary, /page-cache/);
  assert.deepEqual(await managedContainers(), []);
});

test('concurrency 64 on a small host: refused before any start with the bound', async () => {
  const cpus = (await docker.info()).NCPU as number;
  const k = 4 * cpus + 1;
  const r = cli(['--concurrency', String(k)]);
  assert.equal(r.status, 1, r.stderr + r.stdout);
  assert.deepEqual(errorLines(r.stderr), [`error: "concurrency" has value ${k}: the Docker host has ${cpus} CPU(s), and more than 4 starts per CPU measure its run queue, not the image; set concurrency to ${4 * cpus} or less`]);
  const action = await startAction({ inputs: { image: IMAGE, 'health-check': 'http:8000/health', concurrency: String(k), baseline: 'none', comment: 'false' } }).done;
  assert.equal(action.code, 1);
  assert.equal(action.outputs.verdict, 'error');
  assert.match(action.summary, /"concurrency" has value/);
  assert.deepEqual(await managedContainers(), []);
  // 64 is within the schema's bound: the host decides (2 cores here refuse it, 16 take it with a warning).
  if (cpus < 16) assert.equal(cli(['--concurrency', '64']).status, 1);
});
