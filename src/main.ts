// The main step: read inputs, run the pipeline, write every surface, then fail per fail-on.
// It wires; decisions live in the modules it calls.
import * as core from '@actions/core';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from './config/load.ts';
import { RUN_KEYS, TARGET_KEYS, type Config } from './config/schema.ts';
import { connectDocker, pingDocker } from './docker/client.ts';
import { newRunId, startLifecycle } from './lifecycle.ts';
import { runPipeline } from './pipeline.ts';
import { failingConditions, type Report } from './report/report.ts';
import { renderSummary } from './report/summary.ts';
import { actionLogger as logger } from './action-logger.ts';
import { systemClock } from './util/clock.ts';
import { errorMessage, isUserError } from './util/errors.ts';
import { VERSION } from './version.ts';

function readInputs(): Record<string, string> {
  return Object.fromEntries([...TARGET_KEYS, ...RUN_KEYS].map((k) => [k, core.getInput(k)]));
}

export async function run(): Promise<void> {
  try {
    const inputs = readInputs();
    if (inputs['github-token']) core.setSecret(inputs['github-token']);
    const config = loadConfig('action', inputs, process.env.GITHUB_WORKSPACE ?? process.cwd());
    const endpoint = connectDocker();
    await pingDocker(endpoint);

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
        git: { sha: process.env.GITHUB_SHA, ref: process.env.GITHUB_REF, runUrl: runUrl() },
      });
    } finally {
      await life.cleanup();
      life.dispose();
    }
    const signalled = life.exitCode();
    if (signalled !== undefined) {
      core.setFailed(`startup-sla: cancelled; removed this run's containers`);
      process.exit(signalled);
    }
    await publish(config, report);
  } catch (e: unknown) {
    if (isUserError(e)) core.setFailed(errorMessage(e));
    else core.setFailed(`startup-sla crashed (a bug, please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}

function runUrl(): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id } = process.env;
  return server && repo && id ? `${server}/${repo}/actions/runs/${id}` : undefined;
}

async function publish(config: Config, report: Report): Promise<void> {
  const path = config.run.report ?? join(process.env.RUNNER_TEMP ?? process.cwd(), 'startup-sla-report.json');
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);

  const first = report.targets[0];
  core.setOutput('verdict', report.verdict);
  core.setOutput('p50-ms', first ? first.stats.p50.toFixed(1) : '');
  core.setOutput('p95-ms', first ? first.stats.p95.toFixed(1) : '');
  core.setOutput('stat-ms', first ? first.sla.valueMs.toFixed(1) : '');
  core.setOutput('report', path);
  core.setOutput('delta-pct', '');

  const markdown = renderSummary(report, { runUrl: report.git?.runUrl });
  await core.summary.addRaw(markdown, true).write();

  const failing: string[] = [];
  for (const t of report.targets) {
    const props = { title: `startup-sla: ${t.id} ${t.verdict}`, file: config.run.config };
    const text = `${t.id}: ${t.reasons.join('; ')}`;
    if (t.verdict === 'fail') core.error(text, props);
    else if (t.verdict === 'inconclusive') core.warning(text, props);
    else core.notice(text, props);
    const conds = failingConditions(t);
    if (conds.length > 0) failing.push(`${t.id} (${conds.join(', ')})`);
  }
  if (failing.length > 0) core.setFailed(`startup-sla: ${failing.join('; ')}; see the job summary`);
}
