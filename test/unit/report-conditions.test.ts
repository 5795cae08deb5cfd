// Start conditions and costs as the summary and the console print them: which statistic the SLA
// was held against, the page cache, memory with its source, the burst table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describe } from '../../src/analyze/stats.ts';
import { conditionConsoleLines, conditionFacts, renderConditionsMarkdown } from '../../src/report/conditions.ts';
import type { TargetResult } from '../../src/report/report.ts';

const stats = describe([300, 310, 320]);
const base: TargetResult = {
  id: 'srv',
  image: { reference: 'srv:pr', id: 'sha256:x', sizeBytes: 1e8, layers: 4 },
  healthCheck: 'http:8000/health',
  runs: 3,
  warmup: 1,
  sla: { stat: 'p95', limitMs: 3000, valueMs: stats.p95, met: true },
  verdict: 'pass',
  reasons: [],
  failOn: ['sla'],
  failsStep: false,
  stats,
  timeline: [],
  samples: [],
};

const cases: { name: string; over: Partial<TargetResult>; facts: RegExp[] }[] = [
  { name: 'single warm starts without readings: nothing to add', over: { concurrency: 1, slaScope: 'start', pageCache: 'warm' }, facts: [] },
  { name: 'bursts, SLA over every start', over: { concurrency: 4, slaScope: 'start' }, facts: [/^SLA held against every start of the bursts of 4 \(sla-scope start\)$/] },
  { name: 'bursts, SLA over the slowest', over: { concurrency: 4, slaScope: 'burst' }, facts: [/^SLA held against the slowest start of each burst of 4 \(sla-scope burst\)$/] },
  { name: 'page cache dropped', over: { pageCache: 'drop' }, facts: [/^page cache dropped/] },
  {
    name: 'memory from the cgroup, GPU unavailable',
    over: { cost: { memory: { n: 3, unavailable: 0, p50MiB: 812.4, maxMiB: 900, sources: ['cgroup2-memory.peak'], peak: true }, gpuMemory: { n: 0, unavailable: 3, p50MiB: Number.NaN, maxMiB: Number.NaN, sources: [], peak: false, reason: 'nvidia-smi is not installed on this machine' } } },
    facts: [/^peak host memory to ready: p50 812\.4 MiB, max 900\.0 MiB over 3 starts \(cgroup v2 memory\.peak\)$/, /^GPU memory at ready: not available \(nvidia-smi is not installed on this machine\)$/],
  },
  {
    name: 'daemon usage is not called a peak',
    over: { cost: { memory: { n: 2, unavailable: 1, p50MiB: 10, maxMiB: 12, sources: ['daemon-stats-usage'], peak: false } } },
    facts: [/^host memory at ready: p50 10\.0 MiB, max 12\.0 MiB over 2 starts \(daemon stats: usage at ready, not a peak, 1 start\(s\) without a reading\)$/],
  },
];
for (const c of cases) {
  test(`conditions: ${c.name}`, () => {
    const facts = conditionFacts({ ...base, ...c.over });
    assert.equal(facts.length, c.facts.length, facts.join('\n'));
    c.facts.forEach((f, i) => assert.match(facts[i] ?? '', f));
  });
}

test('the burst table in Markdown and its console line', () => {
  const t: TargetResult = { ...base, concurrency: 2, slaScope: 'burst', bursts: { size: 2, slowest: describe([400, 420]), allReady: describe([401, 425]), list: [] } };
  const md = renderConditionsMarkdown(t);
  assert.match(md, /\| bursts of 2 \(ms\) \| n \| min \| p50 \| p95 \| max \|/);
  assert.match(md, /\| slowest start \| 2 \| 400\.0 \| 410\.0 \| 419\.0 \| 420\.0 \|/);
  assert.match(md, /\| all ready \| 2 \| 401\.0 \|/);
  assert.match(conditionConsoleLines(t).at(-1) ?? '', /^ {2}bursts of 2: slowest start n=2 p50=410\.0 p95=419\.0 max=420\.0 ms; all ready n=2 p50=413\.0/);
});
