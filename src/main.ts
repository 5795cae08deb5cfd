// The main step: read inputs, check the event is safe, run the pipeline, write every surface,
// then fail per fail-on. It wires; decisions live in the modules it calls.
import * as core from '@actions/core';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadConfig, loadRunConfig } from './config/load.ts';
import { RUN_KEYS, TARGET_KEYS, type RunConfig } from './config/schema.ts';
import { connectDocker, daemonGoneMessage, isDaemonGone, pingDocker } from './docker/client.ts';
import { newRunId, startLifecycle } from './lifecycle.ts';
import { runPipeline } from './pipeline.ts';
import { baselineSession } from './baseline/from-config.ts';
import { createOctokit, gitHubApi, parseRepo, type GitHubApi, type GitHubLog } from './github/client.ts';
import { safetyDecision } from './github/event.ts';
import { readRunContext, type RunContext } from './github/run-context.ts';
import { completeCheckRun, startCheckRun } from './github/check-run.ts';
import { resolveIdentity, upsertComment } from './github/comment.ts';
import { parseReport, type Report } from './report/report.ts';
import { renderSummary } from './report/summary.ts';
import { renderExports } from './report/interop.ts';
import { actionLogger as logger } from './action-logger.ts';
import { systemClock } from './util/clock.ts';
import { ConfigError, errorMessage, isUserError } from './util/errors.ts';
import { VERSION } from './version.ts';

const ghLog: GitHubLog = { warning: (m) => core.warning(m), debug: (m) => core.debug(m) };

function readInputs(): Record<string, string> {
  return Object.fromEntries([...TARGET_KEYS, ...RUN_KEYS].map((k) => [k, core.getInput(k)]));
}

export async function run(): Promise<void> {
  try {
    const inputs = readInputs();
    if (inputs['github-token']) core.setSecret(inputs['github-token']);
    const ctx = readRunContext();
    if (inputs['pr-number'] && !inputs.image && !inputs.config) return await publishOnly(inputs, ctx);

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
    const api = githubApi(config.run, ctx);
    const check = await startCheck(api, config.run, ctx);

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
        baseline: baselineSession(config.run, ctx, ghLog),
      });
    } finally {
      // A failed cleanup (daemon gone) must not hide the run's own result: the post step retries.
      await life.cleanup().catch((e: unknown) => core.warning(`startup-sla: could not remove this run's containers now (${errorMessage(e)}); the post step tries again`));
      life.dispose();
    }
    const signalled = life.exitCode();
    if (signalled !== undefined) {
      core.setFailed('startup-sla: cancelled; removed this run\'s containers');
      process.exit(signalled);
    }
    await publish(config.run, report, ctx, api, check, config.run.config);
  } catch (e: unknown) {
    if (isUserError(e)) core.setFailed(errorMessage(e));
    else if (isDaemonGone(e)) core.setFailed(`startup-sla: ${daemonGoneMessage(e)}`);
    else core.setFailed(`startup-sla crashed (a bug, please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}

function githubApi(run: RunConfig, ctx: RunContext): GitHubApi | undefined {
  const token = run['github-token'];
  if (!token || !ctx.repository) return undefined;
  return gitHubApi(createOctokit({ token, baseUrl: ctx.apiUrl, log: ghLog }), parseRepo(ctx.repository));
}

async function startCheck(api: GitHubApi | undefined, run: RunConfig, ctx: RunContext): Promise<number | undefined> {
  const name = run['check-name'];
  if (!name || !api || !ctx.sha) return undefined;
  try {
    const started = await startCheckRun(api, { name, headSha: ctx.sha, ...(ctx.runUrl ? { detailsUrl: ctx.runUrl } : {}) });
    if (!started.ok) core.warning(started.warning);
    return started.ok ? started.id : undefined;
  } catch (e: unknown) {
    core.warning(`startup-sla: check run "${name}" not created (${errorMessage(e).split('\n')[0]}); measuring anyway`);
    return undefined;
  }
}

/** Report-only mode: a report measured by an untrusted job is posted by a trusted one. */
async function publishOnly(inputs: Record<string, string>, ctx: RunContext): Promise<void> {
  const run = loadRunConfig('action', inputs);
  if (!run.report) throw new ConfigError('Input "report" is required with "pr-number": the path of the JSON report to post');
  let text: string;
  try {
    text = readFileSync(run.report, 'utf8');
  } catch (e: unknown) {
    throw new ConfigError(`Input "report" has value "${run.report}": the file cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const report = parseReport(text, run.report);
  // The report came from another (untrusted) job: it must be the one this workflow_run is about.
  const headSha = (ctx.payload as { workflow_run?: { head_sha?: unknown } }).workflow_run?.head_sha;
  if (typeof headSha === 'string' && report.git?.sha && report.git.sha !== headSha) {
    throw new ConfigError(`Input "report" has value "${run.report}": it was measured on commit ${report.git.sha.slice(0, 12)}, but this workflow_run is for ${headSha.slice(0, 12)}; refusing to post it`);
  }
  await publish(run, report, ctx, githubApi(run, ctx), undefined, undefined);
}

async function publish(run: RunConfig, report: Report, ctx: RunContext, api: GitHubApi | undefined, checkId: number | undefined, configFile: string | undefined): Promise<void> {
  const path = run.report ?? join(process.env.RUNNER_TEMP ?? process.cwd(), 'startup-sla-report.json');
  if (run['pr-number'] === undefined) {
    // The examples name a folder under RUNNER_TEMP that nothing created yet.
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
    for (const e of renderExports(report, path, run.export)) writeFileSync(e.path, e.text);
  }

  const first = report.targets[0];
  core.setOutput('verdict', report.verdict);
  core.setOutput('p50-ms', first ? first.stats.p50.toFixed(1) : '');
  core.setOutput('p95-ms', first ? first.stats.p95.toFixed(1) : '');
  core.setOutput('stat-ms', first ? first.sla.valueMs.toFixed(1) : '');
  core.setOutput('report', path);
  const delta = first?.comparison?.deltaPct;
  core.setOutput('delta-pct', delta === undefined ? '' : delta.toFixed(1));

  // The summary first: it is the one surface a read-only token cannot take away.
  const markdown = renderSummary(report, { runUrl: ctx.runUrl });
  await core.summary.addRaw(markdown, true).write();

  // GitHub is best effort from here on: an outage or a refusal is a warning, and the verdict
  // (already in the summary, outputs and report) still decides the step.
  await postToGitHub(run, report, ctx, api, checkId, markdown);

  const failing: string[] = [];
  for (const t of report.targets) {
    const props = { title: `startup-sla: ${t.id} ${t.verdict}`, file: t.source?.file ?? configFile, startLine: t.source?.line };
    const text = `${t.id}: ${t.reasons.map((r) => r.message).join('; ')}`;
    if (t.verdict === 'fail') core.error(text, props);
    else if (t.verdict === 'inconclusive' || t.reasons.some((r) => r.severity === 'warning')) core.warning(text, props);
    else core.notice(text, props);
    if (t.failsStep) failing.push(`${t.id} (${t.reasons.filter((r) => r.severity === 'fail').map((r) => r.code).join(', ') || t.verdict})`);
  }
  if (failing.length > 0 && run['pr-number'] === undefined) core.setFailed(`startup-sla: ${failing.join('; ')}; see the job summary`);
}

/** Each write on its own: one that fails (an outage, a refusal) costs a warning, not the others. */
async function postToGitHub(run: RunConfig, report: Report, ctx: RunContext, api: GitHubApi | undefined, checkId: number | undefined, markdown: string): Promise<void> {
  const prNumber = run['pr-number'] ?? ctx.event.pullRequest?.number;
  if (run.comment && api && prNumber !== undefined) {
    const identity = await resolveIdentity(api).catch(() => undefined);
    for (const t of report.targets) {
      await bestEffort(`PR comment for ${t.id}`, async () => {
        const body = renderSummary({ ...report, verdict: t.verdict, targets: [t] }, { runUrl: ctx.runUrl });
        const posted = await upsertComment(api, { issueNumber: prNumber, targetId: t.id, body, ...(identity ? { identity } : {}), log: ghLog });
        if (posted.posted) core.info(`startup-sla: PR comment ${posted.action}: ${posted.url}`);
        else core.warning(`startup-sla: ${posted.reason}`);
      });
    }
  }
  if (api && checkId !== undefined) {
    await bestEffort('check run', async () => {
      const failed = report.targets.some((t) => t.failsStep);
      const done = await completeCheckRun(api, checkId, {
        conclusion: failed ? 'failure' : report.verdict === 'pass' ? 'success' : 'neutral',
        title: report.targets.map((t) => `${t.id}: ${t.verdict} (${t.sla.stat} ${t.sla.valueMs.toFixed(0)} ms, SLA ${t.sla.limitMs} ms)`).join('; '),
        summary: markdown,
      });
      if (!done.ok) core.warning(done.warning);
    });
  }
}

async function bestEffort(what: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e: unknown) {
    core.warning(`startup-sla: ${what} not posted (${errorMessage(e).split('\n')[0]}); the job summary and the report have the result`);
  }
}
