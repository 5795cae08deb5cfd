// What readiness costs: nvidia-smi's CSV, /proc/<pid>/cgroup, which memory source is used where
// (a table over hosts given as their reads), and the summary the limits are held against.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costLimits, summarizeCost } from '../../src/analyze/cost.ts';
import { parseComputeApps, sumForPids } from '../../src/docker/gpu-memory.ts';
import { cgroupFiles, parsePids, parseProcCgroup } from '../../src/docker/memory.ts';
import { readinessCost, type HostReads } from '../../src/measure/cost.ts';
import type { Sample } from '../../src/model.ts';

const MIB = 1024 * 1024;

const csv: { name: string; text: string; apps: [number, number][]; skipped: number }[] = [
  { name: 'two processes', text: '4242, 1024\n4300, 512\n', apps: [[4242, 1024], [4300, 512]], skipped: 0 },
  { name: 'no spaces, CRLF-free trailing blank lines', text: '17,80\n\n\n', apps: [[17, 80]], skipped: 0 },
  { name: 'one process on two GPUs', text: '99, 300\n99, 200\n', apps: [[99, 300], [99, 200]], skipped: 0 },
  { name: 'nothing running', text: 'No running processes found\n', apps: [], skipped: 0 },
  { name: 'empty output', text: '', apps: [], skipped: 0 },
  { name: 'figures hidden by the driver', text: '4242, [N/A]\n', apps: [], skipped: 1 },
  { name: 'decimal MiB', text: '5, 12.5\n', apps: [[5, 12.5]], skipped: 0 },
];
for (const c of csv) {
  test(`nvidia-smi compute apps: ${c.name}`, () => {
    const r = parseComputeApps(c.text);
    assert.deepEqual(r.apps.map((a) => [a.pid, a.usedMiB]), c.apps);
    assert.equal(r.skipped, c.skipped);
  });
}

test('GPU memory is summed over the container pids only, every GPU', () => {
  const { apps } = parseComputeApps('99, 300\n99, 200\n100, 50\n7, 4000\n');
  assert.deepEqual(sumForPids(apps, [99, 100, 101]), { usedMiB: 550, processes: 2 });
  assert.deepEqual(sumForPids(apps, [1]), { usedMiB: 0, processes: 0 });
});

const ID = '205cbb1118f351e1e3e68ead5eab0d994c4da2ca32919243ef1a95f57d4e8ef2';
const cgroups: { name: string; text: string; want: ReturnType<typeof parseProcCgroup>; peak?: string }[] = [
  {
    name: 'cgroup v1, cgroupfs driver (with the empty unified hierarchy beside it)',
    text: `9:name=systemd:/docker/${ID}\n4:memory:/docker/${ID}\n1:cpu:/docker/${ID}\n0::/docker/${ID}\n`,
    want: { version: 1, path: `/docker/${ID}` },
    peak: `/sys/fs/cgroup/memory/docker/${ID}/memory.max_usage_in_bytes`,
  },
  { name: 'cgroup v1, joint controllers', text: `5:memory,hugetlb:/system.slice/docker-${ID}.scope\n`, want: { version: 1, path: `/system.slice/docker-${ID}.scope` } },
  {
    name: 'cgroup v2, systemd driver',
    text: `0::/system.slice/docker-${ID}.scope\n`,
    want: { version: 2, path: `/system.slice/docker-${ID}.scope` },
    peak: `/sys/fs/cgroup/system.slice/docker-${ID}.scope/memory.peak`,
  },
  { name: 'cgroup v2, cgroupfs driver', text: `0::/docker/${ID}\n`, want: { version: 2, path: `/docker/${ID}` }, peak: `/sys/fs/cgroup/docker/${ID}/memory.peak` },
  { name: 'nothing readable', text: 'garbage\n', want: undefined },
];
for (const c of cgroups) {
  test(`/proc/<pid>/cgroup: ${c.name}`, () => {
    const loc = parseProcCgroup(c.text);
    assert.deepEqual(loc, c.want);
    if (loc && c.peak) assert.equal(cgroupFiles(loc).peak, c.peak);
  });
}

test('cgroup.procs lines', () => {
  assert.deepEqual(parsePids('12\n13\n\n'), [12, 13]);
});

/** A host as its reads: files by path, the daemon's stats, nvidia-smi's answer. */
function host(o: { files?: Record<string, string>; pid?: number; stats?: { maxUsage?: number; usage?: number } | Error; smi?: string | Error; top?: number[] }): HostReads {
  return {
    pid: async () => o.pid ?? 4242,
    readText: async (path) => (o.files?.[path] !== undefined ? { ok: true, text: o.files[path] } : { ok: false, reason: `${path}: ENOENT` }),
    daemonMemory: async () => {
      if (o.stats instanceof Error) throw o.stats;
      return o.stats ?? {};
    },
    topPids: async () => o.top ?? [],
    computeApps: async () => (o.smi instanceof Error ? { ok: false, reason: o.smi.message } : o.smi === undefined ? { ok: false, reason: 'nvidia-smi is not installed on this machine' } : { ok: true, text: o.smi }),
  };
}
const V2 = `/system.slice/docker-${ID}.scope`;
const v2Files = { '/proc/4242/cgroup': `0::${V2}\n`, [`/sys/fs/cgroup${V2}/memory.peak`]: `${64 * MIB}\n`, [`/sys/fs/cgroup${V2}/cgroup.procs`]: '4242\n4250\n' };

const sources: { name: string; reads: HostReads; local?: boolean; gpus?: boolean; memory: Partial<NonNullable<Sample['memory']>>; reason?: RegExp; gpu?: Partial<NonNullable<Sample['gpuMemory']>>; gpuReason?: RegExp }[] = [
  { name: 'cgroup v2 with memory.peak', reads: host({ files: v2Files }), memory: { bytes: 64 * MIB, peak: true, source: 'cgroup2-memory.peak' } },
  {
    name: 'cgroup v1',
    reads: host({ files: { '/proc/4242/cgroup': `4:memory:/docker/${ID}\n`, [`/sys/fs/cgroup/memory/docker/${ID}/memory.max_usage_in_bytes`]: '3817472' } }),
    memory: { bytes: 3817472, peak: true, source: 'cgroup1-memory.max_usage_in_bytes' },
  },
  {
    name: 'cgroup v2 on a kernel before 5.19: the daemon usage, not a peak',
    reads: host({ files: { '/proc/4242/cgroup': `0::${V2}\n` }, stats: { usage: 50 * MIB } }),
    memory: { bytes: 50 * MIB, peak: false, source: 'daemon-stats-usage' },
    reason: /memory\.peak: ENOENT \(memory\.peak needs kernel 5\.19\+\)/,
  },
  {
    name: 'another pid namespace: the pid is some other process',
    reads: host({ files: { '/proc/4242/cgroup': '0::/user.slice/session-1.scope\n' }, stats: { maxUsage: 9 * MIB, usage: 8 * MIB } }),
    memory: { bytes: 9 * MIB, peak: true, source: 'daemon-stats-max_usage' },
    reason: /not the container's cgroup/,
  },
  { name: 'remote daemon: daemon stats only', reads: host({ files: v2Files, stats: { maxUsage: 7 * MIB } }), local: false, memory: { bytes: 7 * MIB, source: 'daemon-stats-max_usage' }, reason: /remote Docker daemon/ },
  { name: 'nothing at all', reads: host({ stats: new Error('connection refused') }), local: false, memory: { bytes: null, source: 'unavailable' }, reason: /remote Docker daemon.*daemon stats: connection refused/ },
  {
    name: 'GPU memory of the container pids',
    reads: host({ files: v2Files, smi: '4242, 900\n4250, 100\n1, 5000\n' }),
    gpus: true,
    memory: { source: 'cgroup2-memory.peak' },
    gpu: { bytes: 1000 * MIB, processes: 2, source: 'nvidia-smi' },
  },
  { name: 'no nvidia-smi: unavailable with the reason, never an error', reads: host({ files: v2Files }), gpus: true, memory: { source: 'cgroup2-memory.peak' }, gpu: { bytes: null, source: 'unavailable' }, gpuReason: /nvidia-smi is not installed/ },
  { name: 'pids from docker top when no cgroup is readable', reads: host({ stats: { usage: MIB }, top: [77], smi: '77, 10\n' }), gpus: true, memory: { source: 'daemon-stats-usage' }, reason: /\/proc\/4242\/cgroup: ENOENT/, gpu: { bytes: 10 * MIB, processes: 1 } },
  { name: 'hidden per-process figures', reads: host({ files: v2Files, smi: '4242, [N/A]\n' }), gpus: true, memory: {}, gpu: { bytes: null, source: 'unavailable' }, gpuReason: /hides the per-process figures/ },
  { name: 'a remote daemon: GPU memory unavailable', reads: host({ stats: { usage: MIB }, smi: '4242, 1\n' }), local: false, gpus: true, memory: {}, reason: /remote Docker daemon/, gpu: { source: 'unavailable' }, gpuReason: /remote Docker daemon/ },
];
for (const c of sources) {
  test(`memory source: ${c.name}`, async () => {
    const got = await readinessCost(c.reads, { local: c.local ?? true, gpus: c.gpus ?? false })(ID);
    for (const [k, v] of Object.entries(c.memory)) assert.deepEqual((got.memory as unknown as Record<string, unknown>)[k], v, k);
    if (c.reason) assert.match(got.memory?.reason ?? '', c.reason);
    else assert.equal(got.memory?.reason, undefined);
    if (!c.gpus) assert.equal(got.gpuMemory, undefined);
    for (const [k, v] of Object.entries(c.gpu ?? {})) assert.deepEqual((got.gpuMemory as unknown as Record<string, unknown>)[k], v, k);
    if (c.gpuReason) assert.match(got.gpuMemory?.reason ?? '', c.gpuReason);
  });
}

const sample = (memMiB: number | null, gpuMiB?: number | null): Sample => ({
  index: 0,
  warmup: false,
  arm: 'head',
  totalMs: 1,
  phases: [],
  memory: memMiB === null ? { bytes: null, peak: false, source: 'unavailable', reason: 'no cgroup' } : { bytes: memMiB * MIB, peak: true, source: 'cgroup1-memory.max_usage_in_bytes' },
  ...(gpuMiB === undefined ? {} : { gpuMemory: gpuMiB === null ? { bytes: null, processes: 0, source: 'unavailable' as const, reason: 'nvidia-smi is not installed on this machine' } : { bytes: gpuMiB * MIB, processes: 1, source: 'nvidia-smi' as const } }),
});

test('summary: p50 and max in MiB, the sources, the starts without a reading', () => {
  const s = summarizeCost([sample(10), sample(30), sample(20), sample(null)]);
  assert.deepEqual(s.memory, { n: 3, unavailable: 1, p50MiB: 20, maxMiB: 30, sources: ['cgroup1-memory.max_usage_in_bytes'], peak: true, reason: 'no cgroup' });
  assert.equal(s.gpuMemory, undefined, 'no GPU figure for a target without GPUs');
});

const limits: { name: string; samples: Sample[]; limits: Parameters<typeof costLimits>[1]; want: [string, number, number | undefined][] }[] = [
  { name: 'none set, none checked', samples: [sample(10, 100)], limits: {}, want: [] },
  { name: 'memory against the max', samples: [sample(10), sample(30)], limits: { memoryMiB: 25 }, want: [['memory', 25, 30]] },
  { name: 'GPU memory unknown', samples: [sample(10, null)], limits: { gpuMemoryMiB: 1000 }, want: [['gpu-memory', 1000, undefined]] },
  { name: 'both', samples: [sample(10, 500)], limits: { memoryMiB: 64, gpuMemoryMiB: 1000 }, want: [['memory', 64, 10], ['gpu-memory', 1000, 500]] },
];
for (const c of limits) {
  test(`limits: ${c.name}`, () => {
    const got = costLimits(summarizeCost(c.samples), c.limits);
    assert.deepEqual(got.map((l) => [l.kind, l.limitMiB, l.maxMiB]), c.want);
  });
}
