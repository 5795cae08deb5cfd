// The main step's last step, once there is a report: its outputs, the job summary, the PR comment
// and the check run, one annotation per target, and the step's result under fail-on. It is handed
// @actions/core (a stand-in that records, in the unit test) and the GitHub surfaces, so the whole
// decision runs without a runner, as actions/typescript-action tests its `run()`.
import type { AnnotationProperties } from '@actions/core';
import type { PostedUrls } from './action-github.ts';
import { setOutputs } from './action-surfaces.ts';
import type { Report, TargetResult } from './report/report.ts';
import { reportOutputs } from './report/results.ts';
import { summarySections } from './report/summary.ts';
import { joinSections, type Section } from './util/sections.ts';

/** What this step needs of @actions/core. */
export interface StepCore {
  setOutput(name: string, value: string): void;
  info(message: string): void;
  notice(message: string, props?: AnnotationProperties): void;
  warning(message: string, props?: AnnotationProperties): void;
  error(message: string, props?: AnnotationProperties): void;
  setFailed(message: string): void;
}

export type CheckVerdict = 'success' | 'failure' | 'neutral';
export type AnnotationLevel = 'error' | 'warning' | 'notice';

/** The check run follows the step: it fails when a target fails the step (or nothing was measured). */
export function checkConclusion(report: Report): CheckVerdict {
  if (report.targets.some((t) => t.failsStep) || report.verdict === 'error') return 'failure';
  return report.verdict === 'pass' ? 'success' : 'neutral';
}

/** The annotation follows the verdict, not fail-on: a breach under `fail-on: never` is still an error to read. */
export function annotationLevel(t: TargetResult): AnnotationLevel {
  if (t.verdict === 'fail' || t.verdict === 'error') return 'error';
  if (t.verdict === 'inconclusive' || t.reasons.some((r) => r.severity === 'warning')) return 'warning';
  return 'notice';
}

export interface PublishOptions {
  /** Where the JSON report is (the `report` output). */
  reportPath: string;
  runUrl?: string | undefined;
  /** Where targets without a source line point their annotation (the config file). */
  configFile?: string | undefined;
  /** With `pr-number` this job posts another job's result: it is that job's step to fail, not this one. */
  prNumber?: number | undefined;
}

export interface PublishDeps {
  core: StepCore;
  env: NodeJS.ProcessEnv;
  writeSummary(markdown: string): Promise<unknown>;
  /** The PR comments and the check run, best effort: what could not be posted is a warning there. */
  postToGitHub(summary: readonly Section[], conclusion: CheckVerdict): Promise<PostedUrls>;
}

export async function publishReport(report: Report, opts: PublishOptions, deps: PublishDeps): Promise<void> {
  const { core } = deps;
  setOutputs(reportOutputs(report, opts.reportPath), deps.env, core);
  // The summary first: it is the one surface a read-only token cannot take away.
  const summary = summarySections(report, { runUrl: opts.runUrl });
  await deps.writeSummary(joinSections(summary));
  // GitHub is best effort from here on: an outage or a refusal is a warning, and the verdict
  // (already in the summary, outputs and report) still decides the step.
  const urls = await deps.postToGitHub(summary, checkConclusion(report));
  setOutputs({ 'comment-url': urls.comment ?? '', 'check-run-url': urls.checkRun ?? '' }, deps.env, core);

  const failing: string[] = [];
  for (const t of report.targets) {
    const props = { title: `startup-sla: ${t.id} ${t.verdict}`, file: t.source?.file ?? opts.configFile, startLine: t.source?.line };
    core[annotationLevel(t)](`${t.id}: ${t.reasons.map((r) => r.message).join('; ')}`, props);
    if (t.failsStep) failing.push(`${t.id} (${t.reasons.filter((r) => r.severity === 'fail').map((r) => r.code).join(', ') || t.verdict})`);
  }
  if (failing.length > 0 && opts.prNumber === undefined) core.setFailed(`startup-sla: ${failing.join('; ')}; see the job summary`);
}
