// main's publish step as a table, without a runner: a stand-in for @actions/core records the
// outputs, annotations and failure (as actions/typescript-action's __fixtures__/core.ts does),
// and the targets come from the real verdict decider under each fail-on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnnotationProperties } from '@actions/core';
import { publishReport, type CheckVerdict, type StepCore } from '../../src/action-publish.ts';
import { decideVerdict, type FailOn, type VerdictInput } from '../../src/analyze/verdict.ts';
import { compareSamples } from '../../src/analyze/compare.ts';
import { describe } from '../../src/analyze/stats.ts';
import { buildReport, type TargetResult } from '../../src/report/report.ts';
import type { Environment, Verdict } from '../../src/model.ts';
import { sectionText, type Section } from '../../src/util/sections.ts';

const environment: Environment = { dockerVersion: '28.2.2', dockerApiVersion: '1.50', dockerHost: 'unix:///var/run/docker.sock', os: 'Ubuntu', kernel: '6.8', cpuModel: 'EPYC', cpuCount: 16, memoryBytes: 1, gpus: [] };
const base = [1000, 1010, 990, 1005, 995, 1002, 998, 1008, 992, 1001];
const same = base.map((v) => v + 0.5);
const slower = base.map((v) => v * 1.2);
const noisy = [900, 1700, 1300, 1600, 950];
const dflt: FailOn[] = ['sla', 'regression'];

type Input = Omit<VerdictInput, 'stats' | 'slaStat'> & { samples: number[] };

function target(id: string, input: Input): TargetResult {
  const stats = describe(input.samples);
  const decided = decideVerdict({ ...input, stats, slaStat: 'p95' });
  return {
    id,
    image: { reference: `${id}:pr`, id: 'sha256:x', sizeBytes: 1e8, layers: 4 },
    healthCheck: 'http:8000/health',
    runs: input.samples.length,
    warmup: 1,
    sla: { stat: 'p95', limitMs: input.slaMs, valueMs: stats.p95, met: stats.p95 <= input.slaMs },
    ...decided,
    failOn: [...input.failOn],
    stats,
    timeline: [],
    samples: [],
  };
}

/** Records what the step did, in order, as the runner would show it. */
function standInCore() {
  const calls = { outputs: new Map<string, string>(), annotations: [] as { level: string; message: string; props?: AnnotationProperties | undefined }[], failed: [] as string[], info: [] as string[] };
  const annotate = (level: string) => (message: string, props?: AnnotationProperties) => void calls.annotations.push({ level, message, props });
  const core: StepCore = {
    setOutput: (name, value) => void calls.outputs.set(name, value),
    info: (m) => void calls.info.push(m),
    notice: annotate('notice'),
    warning: annotate('warning'),
    error: annotate('error'),
    setFailed: (m) => void calls.failed.push(m),
  };
  return { core, calls };
}

interface Case {
  name: string;
  targets: Input[];
  prNumber?: number;
  verdict: Verdict;
  levels: ('error' | 'warning' | 'notice')[];
  conclusion: CheckVerdict;
  /** The step's failure message, or undefined when the step passes. */
  failed: RegExp | undefined;
}

const cases: Case[] = [
  { name: 'SLA met, no change', targets: [{ samples: same, slaMs: 3000, failOn: dflt, comparison: compareSamples(same, base) }], verdict: 'pass', levels: ['notice'], conclusion: 'success', failed: undefined },
  { name: 'SLA met, no baseline: a warning, still a success', targets: [{ samples: same, slaMs: 3000, failOn: dflt, noBaselineReason: 'history is empty' }], verdict: 'pass', levels: ['warning'], conclusion: 'success', failed: undefined },
  { name: 'SLA breached under the default fail-on', targets: [{ samples: same, slaMs: 900, failOn: dflt, comparison: compareSamples(same, base) }], verdict: 'fail', levels: ['error'], conclusion: 'failure', failed: /^startup-sla: a \(sla-breached\); see the job summary$/ },
  { name: 'SLA breached, fail-on regression only: an error to read, the step passes', targets: [{ samples: same, slaMs: 900, failOn: ['regression'] }], verdict: 'fail', levels: ['error'], conclusion: 'neutral', failed: undefined },
  { name: 'SLA breached under fail-on never', targets: [{ samples: same, slaMs: 900, failOn: ['never'] }], verdict: 'fail', levels: ['error'], conclusion: 'neutral', failed: undefined },
  { name: 'regression within the SLA', targets: [{ samples: slower, slaMs: 3000, failOn: dflt, comparison: compareSamples(slower, base) }], verdict: 'fail', levels: ['error'], conclusion: 'failure', failed: /a \(regression\)/ },
  { name: 'regression under fail-on sla', targets: [{ samples: slower, slaMs: 3000, failOn: ['sla'], comparison: compareSamples(slower, base) }], verdict: 'fail', levels: ['error'], conclusion: 'neutral', failed: undefined },
  { name: 'inconclusive', targets: [{ samples: noisy, slaMs: 3000, failOn: dflt, comparison: compareSamples(noisy, base.slice(0, 5)) }], verdict: 'inconclusive', levels: ['warning'], conclusion: 'neutral', failed: undefined },
  { name: 'inconclusive under fail-on inconclusive', targets: [{ samples: noisy, slaMs: 3000, failOn: ['inconclusive'], comparison: compareSamples(noisy, base.slice(0, 5)) }], verdict: 'inconclusive', levels: ['warning'], conclusion: 'failure', failed: /a \(inconclusive\)/ },
  { name: 'nothing measured', targets: [{ samples: [], slaMs: 3000, failOn: dflt }], verdict: 'error', levels: ['error'], conclusion: 'failure', failed: /a \(no-samples\)/ },
  { name: 'nothing measured under fail-on never: the check still fails, the step does not', targets: [{ samples: [], slaMs: 3000, failOn: ['never'] }], verdict: 'error', levels: ['error'], conclusion: 'failure', failed: undefined },
  { name: 'a failed start', targets: [{ samples: same, slaMs: 3000, failOn: dflt, startFailure: 'exited with code 1' }], verdict: 'fail', levels: ['error'], conclusion: 'failure', failed: /a \(start-failed\)/ },
  { name: 'with pr-number the breach is posted, not failed here', targets: [{ samples: same, slaMs: 900, failOn: dflt }], prNumber: 7, verdict: 'fail', levels: ['error'], conclusion: 'failure', failed: undefined },
  {
    name: 'two targets: each annotated, only the failing one named',
    targets: [
      { samples: same, slaMs: 3000, failOn: dflt, comparison: compareSamples(same, base) },
      { samples: same, slaMs: 900, failOn: dflt, comparison: compareSamples(same, base) },
    ],
    verdict: 'fail',
    levels: ['notice', 'error'],
    conclusion: 'failure',
    failed: /^startup-sla: b \(sla-breached\); see the job summary$/,
  },
];

for (const c of cases) {
  test(`publish: ${c.name}`, async () => {
    const targets = c.targets.map((t, i) => target(String.fromCharCode(97 + i), t));
    const report = buildReport({ version: 't', runId: 'r', createdAt: new Date(0), environment, targets });
    const { core, calls } = standInCore();
    const summaries: string[] = [];
    const posted: { summary: readonly Section[]; conclusion: CheckVerdict }[] = [];
    await publishReport(report, { reportPath: '/tmp/r.json', runUrl: 'https://github.com/o/r/actions/runs/1', configFile: 'sla.yml', prNumber: c.prNumber }, {
      core,
      env: { GITHUB_OUTPUT: '/dev/null' },
      writeSummary: async (md) => void summaries.push(md),
      postToGitHub: async (summary, conclusion) => {
        posted.push({ summary, conclusion });
        return { comment: 'https://github.com/o/r/pull/7#issuecomment-1', checkRun: 'https://github.com/o/r/runs/2' };
      },
    });
    assert.equal(report.verdict, c.verdict);
    assert.deepEqual(calls.annotations.map((a) => a.level), c.levels);
    assert.equal(posted.length, 1);
    assert.equal(posted[0]?.conclusion, c.conclusion);
    if (c.failed === undefined) assert.deepEqual(calls.failed, []);
    else {
      assert.equal(calls.failed.length, 1);
      assert.match(calls.failed[0] ?? '', c.failed);
    }
    // Every surface, whatever the verdict: the outputs, the summary, the URLs of what was posted.
    assert.equal(calls.outputs.get('verdict'), c.verdict);
    assert.equal(calls.outputs.get('report'), '/tmp/r.json');
    assert.equal(calls.outputs.get('comment-url'), 'https://github.com/o/r/pull/7#issuecomment-1');
    assert.equal(calls.outputs.get('check-run-url'), 'https://github.com/o/r/runs/2');
    assert.equal(summaries.length, 1);
    assert.equal(posted[0]?.summary.map(sectionText).join(''), summaries[0], 'the check run shows the job summary');
    for (const [i, a] of calls.annotations.entries()) {
      assert.equal(a.props?.title, `startup-sla: ${targets[i]?.id} ${targets[i]?.verdict}`);
      assert.equal(a.props?.file, 'sla.yml');
    }
  });
}

test('publish: GitHub unreachable still leaves outputs, summary, annotations and the failure', async () => {
  const report = buildReport({ version: 't', runId: 'r', createdAt: new Date(0), environment, targets: [target('a', { samples: same, slaMs: 900, failOn: dflt })] });
  const { core, calls } = standInCore();
  await publishReport(report, { reportPath: '/tmp/r.json' }, { core, env: { GITHUB_OUTPUT: '/dev/null' }, writeSummary: async () => false, postToGitHub: async () => ({}) });
  assert.equal(calls.outputs.get('comment-url'), '');
  assert.equal(calls.outputs.get('check-run-url'), '');
  assert.deepEqual(calls.annotations.map((a) => a.level), ['error']);
  assert.equal(calls.failed.length, 1);
});
