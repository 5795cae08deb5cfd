// The main step: read inputs, check the event is safe, run the pipeline, write every surface,
// then fail per fail-on. It wires; decisions live in the modules it calls. Whatever ends the run
// once the inputs are read (bad config, the daemon, a build, a bug) still reaches every surface:
// the summary, `verdict=error`, the check run and our PR comments (reportFailure).
import * as core from '@actions/core';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadConfig, loadRunConfig } from './config/load.ts';
import type { RunConfig } from './config/schema.ts';
import { connectDocker, pingDocker } from './docker/client.ts';
import { reapLeftovers } from './docker/reaper.ts';
import { newRunId, startLifecycle } from './lifecycle.ts';
import { runPipeline } from './pipeline.ts';
import { baselineSession } from './baseline/from-config.ts';
import { safetyDecision } from './github/event.ts';
import { readRunContext, type RunContext } from './github/run-context.ts';
import { parseReport, type Report } from './report/report.ts';
import { summarySections } from './report/summary.ts';
import { renderExports } from './report/interop.ts';
import { reportOutputs } from './report/results.ts';
import { actionLogger as logger } from './action-logger.ts';
import { setOutputs, writeSummary } from './action-surfaces.ts';
import { describeFailure } from './failure.ts';
import { cancelCheck, ghLog, gitHubSurfaces, postToGitHub, reportFailure, startCheck, type GitHubSurfaces } from './action-github.ts';
import { readInputs, warnOldRunner, warnUnknownInputs } from './action-inputs.ts';
import { isReportCollection, publishCombined } from './action-combine.ts';
import { systemClock } from './util/clock.ts';
import { ConfigError, errorMessage, fileErrorReason } from './util/errors.ts';
import { joinSections } from './util/sections.ts';
import { VERSION } from './version.ts';

/** `env` is where the runner's variables are read from (the event file, the runner version). */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const inputs = readInputs();
  if (inputs['github-token']) core.setSecret(inputs['github-token']);
  warnUnknownInputs(env);
  warnOldRunner(env);
  const ctx = readRunContext(env, (m) => core.warning(`startup-sla: ${m}`));
  const gh = gitHubSurfaces(inputs, ctx);
  try {
    if (!inputs.image && isReportCollection(inputs.report, env.GITHUB_WORKSPACE ?? process.cwd())) {
      // A matrix's combining job: its check run is the one required check, so it keeps it.
      return await publishCombined(inputs, ctx, gh);
    }
    if (inputs['pr-number'] && !inputs.image && !inputs.config) {
      // A check run here would land on this workflow_run's commit, not the PR's: none, even on error.
      gh.checkName = undefined;
      return await publishOnly(inputs, ctx, gh);
    }
    await measure(inputs, ctx, gh);
  } catch (e: unknown) {
    await reportFailure(describeFailure(e), ctx, gh);
  }
}

async function measure(inputs: Record<string, string>, ctx: RunContext, gh: GitHubSurfaces): Promise<void> {
  const config = loadConfig('action', inputs, process.env.GITHUB_WORKSPACE ?? process.cwd());
  const safety = safetyDecision({
    eventName: ctx.eventName,
    payload: ctx.payload,
    runnerEnvironment: process.env.RUNNER_ENVIRONMENT,
    allowForkPrs: config.run['allow-fork-prs'],
    runsCode: true,
  });
  if (!safety.allowed) throw new ConfigError(safety.reason);

  const endpoint = connectDocker();
  await pingDocker(endpoint);
  await reapLeftovers(endpoint.docker, { log: (m) => core.info(`startup-sla: ${m}`) }).catch((e: unknown) => core.warning(`startup-sla: leftovers of earlier runs not checked (${errorMessage(e)})`));
  await startCheck(gh, ctx);

  const runId = newRunId();
  core.saveState('runId', runId);
  const life = startLifecycle(endpoint.docker, runId, (name) => core.warning(`startup-sla: ${name} received, removing this run's containers`));
  let report: Report;
  try {
    report = await runPipeline(config, {
      endpoint,
      clock: systemClock,
      logger,
      runId,
      version: VERSION,
      signal: life.signal,
      live: life.live,
      git: { sha: ctx.sha, ref: ctx.ref, runUrl: ctx.runUrl },
      baseline: baselineSession(config.run, ctx, { log: ghLog, api: gh.api }),
    });
  } finally {
    // A failed cleanup (daemon gone) must not hide the run's own result: the post step retries.
    await life.cleanup().catch((e: unknown) => core.warning(`startup-sla: could not remove this run's containers now (${errorMessage(e)}); the post step tries again`));
    life.dispose();
  }
  const signalled = life.exitCode();
  if (signalled !== undefined) {
    core.setFailed('startup-sla: cancelled; removed this run\'s containers');
    await cancelCheck(gh);
    process.exit(signalled);
  }
  // Which machine measured, for a matrix's combined comment (not in the environment's
  // fingerprint: machines of one pool compare).
  if (process.env.RUNNER_NAME) report.runner = process.env.RUNNER_NAME;
  await publish(config.run, report, ctx, gh, config.run.config, true);
}

/** Report-only mode: a report measured by an untrusted job is posted by a trusted one. */
async function publishOnly(inputs: Record<string, string>, ctx: RunContext, gh: GitHubSurfaces): Promise<void> {
  const run = loadRunConfig('action', inputs);
  if (!run.report) throw new ConfigError('Input "report" is required with "pr-number": the path of the JSON report to post');
  let text: string;
  try {
    text = readFileSync(run.report, 'utf8');
  } catch (e: unknown) {
    throw new ConfigError(`Input "report" has value "${run.report}": the file cannot be read (${fileErrorReason(e)})`);
  }
  const report = parseReport(text, run.report);
  // The report came from another (untrusted) job: it must be the one this workflow_run is about.
  const headSha = (ctx.payload as { workflow_run?: { head_sha?: unknown } }).workflow_run?.head_sha;
  if (typeof headSha === 'string' && report.git?.sha && report.git.sha !== headSha) {
    throw new ConfigError(`Input "report" has value "${run.report}": it was measured on commit ${report.git.sha.slice(0, 12)}, but this workflow_run is for ${headSha.slice(0, 12)}; refusing to post it`);
  }
  await publish(run, report, ctx, gh, undefined, false);
}

/** `measured`: this job made the report, so it writes it (a later job may combine it), even with `pr-number`. */
async function publish(run: RunConfig, report: Report, ctx: RunContext, gh: GitHubSurfaces, configFile: string | undefined, measured: boolean): Promise<void> {
  const path = run.report ?? join(process.env.RUNNER_TEMP ?? process.cwd(), 'startup-sla-report.json');
  if (measured) {
    // The examples name a folder under RUNNER_TEMP that nothing created yet.
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
    for (const e of renderExports(report, path, run.export)) writeFileSync(e.path, e.text);
  }
  setOutputs(reportOutputs(report, path));

  // The summary first: it is the one surface a read-only token cannot take away.
  const summary = summarySections(report, { runUrl: ctx.runUrl });
  await writeSummary(joinSections(summary));

  // GitHub is best effort from here on: an outage or a refusal is a warning, and the verdict
  // (already in the summary, outputs and report) still decides the step.
  const urls = await postToGitHub(report, ctx, gh, summary);
  setOutputs({ 'comment-url': urls.comment ?? '', 'check-run-url': urls.checkRun ?? '' });

  const failing: string[] = [];
  for (const t of report.targets) {
    const props = { title: `startup-sla: ${t.id} ${t.verdict}`, file: t.source?.file ?? configFile, startLine: t.source?.line };
    const text = `${t.id}: ${t.reasons.map((r) => r.message).join('; ')}`;
    if (t.verdict === 'fail' || t.verdict === 'error') core.error(text, props);
    else if (t.verdict === 'inconclusive' || t.reasons.some((r) => r.severity === 'warning')) core.warning(text, props);
    else core.notice(text, props);
    if (t.failsStep) failing.push(`${t.id} (${t.reasons.filter((r) => r.severity === 'fail').map((r) => r.code).join(', ') || t.verdict})`);
  }
  if (failing.length > 0 && run['pr-number'] === undefined) core.setFailed(`startup-sla: ${failing.join('; ')}; see the job summary`);
}
