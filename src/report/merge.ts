// The combining job's one answer: the reports of a matrix's measure jobs merged into one report.
// Pure: the caller reads the files; every problem (a corrupt file, another commit's report, two
// reports for one target on one kind of runner, a target whose job left none) becomes a line
// the comment and the log show, never an exception, so the other targets are still posted.
import type { Environment, Stats } from '../model.ts';
import { fingerprintKey, fingerprintOf } from '../baseline/fingerprint.ts';
import { buildReport, parseReport, type Report, type TargetResult } from './report.ts';
import { errorMessage } from '../util/errors.ts';
import { decideVerdict, type FailOn } from '../analyze/verdict.ts';

export interface ReportFile {
  /** As the user will recognise it (relative to the workspace). */
  file: string;
  text: string;
}

export interface MergeOptions {
  /** Targets that should have a report (the config file's, or `targets`); [] expects none. */
  expected: readonly { id: string; failOn: readonly string[] }[];
  /** The commit this run is about: reports measured on another are refused. */
  headSha?: string | undefined;
  version: string;
  runId: string;
  now: Date;
  git?: Report['git'];
}

export interface Merged {
  /** undefined when there is nothing at all to show: no report and nothing expected. */
  report: Report | undefined;
  /** One line each, in the user's words, file names included. */
  problems: string[];
}

export const NO_REPORT = 'no report (job failed or cancelled)';

const NAN_STATS: Stats = { n: 0, min: NaN, p50: NaN, p90: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN, stdev: NaN };
const UNKNOWN_ENV: Environment = { dockerVersion: 'unknown', dockerApiVersion: 'unknown', dockerHost: 'unknown', os: 'unknown', kernel: 'unknown', cpuModel: 'unknown', cpuCount: 0, memoryBytes: 0, gpus: [] };

/** Where a target was measured, as a key: one target on two kinds of runner is two results. */
function machineKey(t: TargetResult): string {
  return `${t.id}\u0000${t.environment ? fingerprintKey(fingerprintOf(t.environment)) : ''}`;
}

/** A listed target with nothing to show: an error that fails the verdict unless fail-on is never. */
export function missingTarget(id: string, failOn: readonly string[]): TargetResult {
  const sla = { stat: 'p95', limitMs: NaN, valueMs: NaN, met: false } as const;
  const { verdict, reasons, failsStep } = decideVerdict({ stats: NAN_STATS, slaMs: sla.limitMs, slaStat: sla.stat, failOn: failOn as readonly FailOn[], missingReport: NO_REPORT });
  return {
    id,
    image: { reference: 'unknown', id: '', sizeBytes: 0, layers: 0 },
    healthCheck: '',
    runs: 0,
    warmup: 0,
    sla: { ...sla },
    verdict,
    reasons,
    failOn: [...failOn],
    failsStep,
    stats: NAN_STATS,
    timeline: [],
    samples: [],
  };
}

interface Found {
  target: TargetResult;
  file: string;
  createdAt: string;
}

function readOne(f: ReportFile, headSha: string | undefined, problems: string[]): Found[] {
  let report: Report;
  try {
    report = parseReport(f.text, f.file);
  } catch (e: unknown) {
    problems.push(`${errorMessage(e)}; not posted`);
    return [];
  }
  const sha = report.git?.sha;
  if (headSha && sha && sha !== headSha) {
    problems.push(`${f.file}: measured on commit ${sha.slice(0, 12)}, but this run is for ${headSha.slice(0, 12)}; refusing to post it`);
    return [];
  }
  return report.targets.map((t) => ({
    target: { ...t, environment: t.environment ?? report.environment, runner: t.runner ?? report.runner },
    file: f.file,
    createdAt: report.createdAt,
  }));
}

export function mergeReports(files: readonly ReportFile[], opts: MergeOptions): Merged {
  const problems: string[] = [];
  const byMachine = new Map<string, Found>();
  const ordered = [...files].sort((a, b) => a.file.localeCompare(b.file));
  for (const f of ordered) {
    for (const found of readOne(f, opts.headSha, problems)) {
      const key = machineKey(found.target);
      const other = byMachine.get(key);
      if (other === undefined) {
        byMachine.set(key, found);
        continue;
      }
      // A rerun's artifact beside the first one, or two jobs given the same share: the newer counts.
      const [kept, dropped] = found.createdAt > other.createdAt ? [found, other] : [other, found];
      byMachine.set(key, kept);
      problems.push(`${found.target.id}: two reports for one target on one kind of runner (${other.file}, ${found.file}); kept the newer, ${kept.file}, and ignored ${dropped.file}`);
    }
  }
  const targets = [...byMachine.values()].map((f) => f.target);
  const seen = new Set(targets.map((t) => t.id));
  for (const e of opts.expected) if (!seen.has(e.id)) targets.push(missingTarget(e.id, e.failOn));
  if (targets.length === 0) return { report: undefined, problems };

  // The config file's order first (how the user thinks of them), then anything else by name.
  const rank = new Map(opts.expected.map((e, i) => [e.id, i]));
  const order = (t: TargetResult) => rank.get(t.id) ?? opts.expected.length;
  targets.sort((a, b) => order(a) - order(b) || a.id.localeCompare(b.id) || (a.runner ?? '').localeCompare(b.runner ?? ''));
  const environment = targets.find((t) => t.environment)?.environment ?? UNKNOWN_ENV;
  const report = buildReport({ version: opts.version, runId: opts.runId, createdAt: opts.now, environment, targets, git: opts.git });
  return { report, problems };
}
