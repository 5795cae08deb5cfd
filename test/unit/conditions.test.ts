// Start conditions checked before any start: the concurrency the Docker host can take, and
// whether the page cache may be dropped here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkConditions, checkStartConditions, type HostFacts } from '../../src/measure/conditions.ts';
import { procPageCache } from '../../src/measure/page-cache.ts';
import { loadConfig } from '../../src/config/load.ts';
import { ConfigError } from '../../src/util/errors.ts';
import { environmentDifferences, fingerprintKey, fingerprintOf, withStartConditions } from '../../src/baseline/fingerprint.ts';

const twoCores: HostFacts = { cpuCount: 2, memoryBytes: 24 * 1024 ** 3, local: true, dockerHost: 'unix:///var/run/docker.sock' };
const canDrop = () => undefined;
const cannot = () => '/proc/sys/vm/drop_caches is not writable here (EACCES, uid 1001)';
type T = Parameters<typeof checkConditions>[0];
const t = (o: Partial<T> = {}): T => ({ concurrency: 1, 'page-cache': 'warm', 'max-memory-mib': undefined, ...o });

const table: { name: string; target: T; host?: HostFacts; cannotDrop?: () => string | undefined; error?: RegExp; warnings: RegExp[] }[] = [
  { name: 'one start, warm: nothing to say', target: t(), warnings: [] },
  { name: 'as many as the CPUs: fine', target: t({ concurrency: 2 }), warnings: [] },
  { name: 'more than the CPUs: a warning', target: t({ concurrency: 8 }), warnings: [/^concurrency 8 is more than the Docker host's 2 CPU\(s\)/] },
  { name: '64 on 2 cores: refused with the bound', target: t({ concurrency: 64 }), error: /^"concurrency" has value 64: the Docker host has 2 CPU\(s\), and more than 4 starts per CPU measure its run queue, not the image; set concurrency to 8 or less$/, warnings: [] },
  { name: '64 on 16 cores: allowed, warned', target: t({ concurrency: 64 }), host: { ...twoCores, cpuCount: 16 }, warnings: [/more than the Docker host's 16 CPU/] },
  { name: 'bursts that cannot fit at the memory limit: a warning', target: t({ concurrency: 2, 'max-memory-mib': 16384 }), warnings: [/need 32768 MiB; the Docker host has 24576 MiB/] },
  { name: 'drop as root', target: t({ 'page-cache': 'drop' }), warnings: [] },
  { name: 'drop without permission', target: t({ 'page-cache': 'drop' }), cannotDrop: cannot, error: /^"page-cache" has value "drop": dropping the page cache needs root, to write 3 to \/proc\/sys\/vm\/drop_caches, and .* is not writable here \(EACCES, uid 1001\); run as root, or set page-cache to warm$/, warnings: [] },
  { name: 'drop with a remote daemon', target: t({ 'page-cache': 'drop' }), host: { ...twoCores, local: false, dockerHost: 'tcp://dind:2375' }, error: /^"page-cache" has value "drop": the page cache to drop is the Docker host's, and DOCKER_HOST \(tcp:\/\/dind:2375\) is another machine/, warnings: [] },
];
for (const c of table) {
  test(`conditions: ${c.name}`, () => {
    const r = checkConditions(c.target, c.host ?? twoCores, c.cannotDrop ?? canDrop, '/proc/sys/vm/drop_caches');
    if (c.error) assert.match(r.error ?? '(none)', c.error);
    else assert.equal(r.error, undefined);
    assert.equal(r.warnings.length, c.warnings.length, r.warnings.join('\n'));
    c.warnings.forEach((w, i) => assert.match(r.warnings[i] ?? '', w));
  });
}

test('the page cache refuses a path it cannot write, and writes 3 to one it can', async () => {
  const missing = procPageCache('/nonexistent/drop_caches');
  assert.match(missing.cannotDrop() ?? '', /^\/nonexistent\/drop_caches is not writable here \(ENOENT/);
  const file = join(mkdtempSync(join(tmpdir(), 'ssla-cache-')), 'drop_caches');
  writeFileSync(file, '');
  const fake = procPageCache(file);
  assert.equal(fake.cannotDrop(), undefined);
  await fake.drop();
  assert.equal(readFileSync(file, 'utf8'), '3');
});

test('several targets: the refusal names the target', () => {
  const config = loadConfig('cli', { image: 'srv:1', 'health-check': 'tcp:80', concurrency: '64' });
  const two = [config.targets[0]!, { ...config.targets[0]!, id: 'other' }];
  assert.throws(() => checkStartConditions(two, twoCores, procPageCache('/nonexistent'), () => undefined), (e: unknown) => e instanceof ConfigError && /^srv: "concurrency" has value 64/.test(e.message));
});

test('bursts and a dropped page cache keep their own history; the default keeps the old key', () => {
  const env = { gpus: [], runnerLabels: [], dockerVersion: '26.1.5', cpuModel: 'EPYC' };
  const fp = fingerprintOf(env);
  assert.equal(fingerprintKey(withStartConditions(fp, { concurrency: 1, pageCache: 'warm' })), fingerprintKey(fp));
  const k4 = withStartConditions(fp, { concurrency: 4, pageCache: 'warm' });
  assert.notEqual(fingerprintKey(k4), fingerprintKey(fp));
  assert.deepEqual(environmentDifferences(fp, k4), ['start conditions concurrency 1, page-cache warm -> concurrency 4, page-cache warm']);
  assert.deepEqual(environmentDifferences(k4, withStartConditions(fp, { concurrency: 4, pageCache: 'drop' })), ['start conditions concurrency 4, page-cache warm -> concurrency 4, page-cache drop']);
});

test('a report read back as a baseline keeps its start conditions', async () => {
  const { historyFromReport } = await import('../../src/baseline/report-import.ts');
  const raw = (concurrency?: number) => ({
    tool: { name: 'startup-sla' },
    runId: 'r',
    createdAt: '2026-12-01T00:00:00Z',
    environment: { dockerVersion: '26.1.5', cpuModel: 'EPYC', gpus: [] },
    targets: [{ id: 'srv', ...(concurrency ? { concurrency, pageCache: 'warm' } : {}), samples: [{ index: 0, warmup: false, arm: 'head', totalMs: 300, phases: [] }] }],
  });
  const burst = historyFromReport(raw(4), 'r.json');
  const single = historyFromReport(raw(), 'r.json');
  assert.ok(burst.ok && single.ok);
  assert.equal(burst.docs[0]!.environment.startConditions, 'concurrency 4, page-cache warm');
  assert.equal(single.docs[0]!.environment.startConditions, undefined);
  assert.notEqual(burst.docs[0]!.fingerprint, single.docs[0]!.fingerprint);
});
