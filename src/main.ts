// The main step: read inputs, check the event is safe, run the pipeline, write every surface,
// then fail per fail-on. It wires; decisions live in the modules it calls. Whatever ends the run
// once the inputs are read (bad config, the daemon, a build, a bug) still reaches every surface:
// the summary, `verdict=error`, the check run and our PR comments (reportFailure).
import * as core from '@actions/core';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadConfig, loadRunConfig } from './config/load.ts';
import type { RunConfig } from './config/schema.ts';
import { measureRun } from './run-lifecycle.ts';
import { baselineSession } from './baseline/from-config.ts';
import { safetyDecision } from './github/event.ts';
import { readRunContext, type RunContext } from './github/run-context.ts';
import { parseReport, type Report } from './report/report.ts';
import { renderExports } from './report/interop.ts';
import { actionLogger as logger } from './action-logger.ts';
import { writeSummary } from './action-surfaces.ts';
import { publishReport } from './action-publish.ts';
import { saveRunId } from './action-state.ts';
import { describeFailure } from './failure.ts';
import { cancelCheck, ghLog, gitHubSurfaces, postToGitHub, reportFailure, startCheck, type GitHubSurfaces } from './action-github.ts';
import { readInputs, warnOldRunner, warnUnknownInputs } from './action-inputs.ts';
import { isReportCollection, publishCombined } from './action-combine.ts';
import { ConfigError, fileErrorReason } from './util/errors.ts';

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

  const { report, signalled } = await measureRun(
    { config, logger, git: { sha: ctx.sha, ref: ctx.ref, runUrl: ctx.runUrl }, baseline: () => baselineSession(config.run, ctx, { log: ghLog, api: gh.api }) },
    {
      info: (m) => core.info(`startup-sla: ${m}`),
      warning: (m) => core.warning(`startup-sla: ${m}`),
      beforeStart: async (runId) => {
        await startCheck(gh, ctx);
        saveRunId(runId);
      },
      onSignal: (name) => core.warning(`startup-sla: ${name} received, removing this run's containers`),
      cleanupFailed: (reason) => core.warning(`startup-sla: could not remove this run's containers now (${reason}); the post step tries again`),
    },
  );
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
  await publishReport(report, { reportPath: path, runUrl: ctx.runUrl, configFile, prNumber: run['pr-number'] }, {
    core,
    env: process.env,
    writeSummary: (markdown) => writeSummary(markdown),
    postToGitHub: (summary, conclusion) => postToGitHub(report, ctx, gh, { summary, conclusion }),
  });
}
