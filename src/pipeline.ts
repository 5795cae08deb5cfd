// The run, target by target: check -> measure -> analyze. Shared by the action and the CLI;
// I/O arrives through deps so the same code runs under both.
import type { Config, TargetConfig } from './config/schema.ts';
import { formatHealthCheck } from './config/health-check.ts';
import type { DockerEndpoint } from './docker/client.ts';
import { collectEnvironment } from './docker/environment.ts';
import { EventFeed } from './docker/events.ts';
import { describe } from './analyze/stats.ts';
import { checkSla } from './analyze/sla.ts';
import { medianTimeline } from './analyze/phases.ts';
import { checkHealthAgainstImage, inspectImage } from './measure/preflight.ts';
import { measureTarget, type PlanTemplate } from './measure/run.ts';
import type { StartContext } from './measure/start.ts';
import type { Sample } from './model.ts';
import { buildReport, type Report, type TargetResult } from './report/report.ts';
import type { Clock } from './util/clock.ts';
import { StartError } from './util/errors.ts';
import type { Logger } from './util/logger.ts';
import { formatSampleLine } from './report/console.ts';

export interface PipelineDeps {
  endpoint: DockerEndpoint;
  clock: Clock;
  logger: Logger;
  runId: string;
  version: string;
  signal: AbortSignal;
  live: Set<string>;
  git?: Report['git'];
}

export async function runPipeline(config: Config, deps: PipelineDeps): Promise<Report> {
  const environment = await collectEnvironment(deps.endpoint);
  const feed = await EventFeed.open(deps.endpoint.docker, deps.runId);
  try {
    const ctx: StartContext = { endpoint: deps.endpoint, feed, clock: deps.clock, runId: deps.runId, live: deps.live, signal: deps.signal };
    const targets: TargetResult[] = [];
    for (const target of config.targets) {
      targets.push(await deps.logger.group(`startup-sla: ${target.id} (${target.image})`, () => runTarget(ctx, target, deps)));
      if (deps.signal.aborted) break;
    }
    return buildReport({ version: deps.version, runId: deps.runId, createdAt: new Date(), environment, targets, git: deps.git });
  } finally {
    feed.close();
  }
}

function planFor(target: TargetConfig, image: string): PlanTemplate {
  return {
    targetId: target.id,
    image,
    healthCheck: target['health-check'],
    timeoutMs: target['timeout-ms'],
    pollMs: target['poll-ms'],
    network: target.network,
    env: target.env,
    hostConfig: {},
    extraEnv: [],
  };
}

async function runTarget(ctx: StartContext, target: TargetConfig, deps: PipelineDeps): Promise<TargetResult> {
  const { logger } = deps;
  const head = await inspectImage(ctx.endpoint, target.image);
  checkHealthAgainstImage(target['health-check'], head);
  const baseRef = target['baseline-image'];
  const base = baseRef ? await inspectImage(ctx.endpoint, baseRef, 'baseline-image') : undefined;
  if (base) checkHealthAgainstImage(target['health-check'], base);

  logger.info(
    `measuring ${target.runs} starts (+${target.warmup} warm-up) of ${target.image}${base ? ` against ${baseRef} (interleaved)` : ''}, ready at ${formatHealthCheck(target['health-check'])}`,
  );
  const samples: Sample[] = [];
  let error: TargetResult['error'];
  try {
    await measureTarget(
      ctx,
      { runs: target.runs, warmup: target.warmup, head: planFor(target, target.image), base: base && baseRef ? planFor(target, baseRef) : undefined },
      (sample, position, total) => {
        samples.push(sample);
        logger.info(formatSampleLine(sample, position, total));
      },
    );
  } catch (e: unknown) {
    if (!(e instanceof StartError)) throw e;
    error = { message: e.message, logTail: e.logTail };
    logger.error(e.message);
    if (e.logTail.length > 0) logger.untrusted(`last ${e.logTail.length} log lines of the container`, e.logTail);
  }

  const counted = samples.filter((s) => !s.warmup && s.arm === 'head');
  const stats = describe(counted.map((s) => s.totalMs));
  const sla = checkSla(stats, target['sla-stat'], target['sla-ms']);
  const reasons: string[] = [];
  const conditions: TargetResult['conditions'] = [];
  let verdict: TargetResult['verdict'];
  if (error) {
    verdict = 'fail';
    conditions.push('error');
    reasons.push(`a start failed: ${error.message}`);
  } else {
    verdict = sla.met ? 'pass' : 'fail';
    if (!sla.met) conditions.push('sla');
    reasons.push(`${sla.stat} ${sla.valueMs.toFixed(1)} ms ${sla.met ? '<=' : '>'} SLA ${sla.limitMs} ms (${stats.n} starts)`);
  }
  const baseCounted = samples.filter((s) => !s.warmup && s.arm === 'base');
  return {
    id: target.id,
    image: head.facts,
    baseImage: base?.facts,
    healthCheck: formatHealthCheck(target['health-check']),
    runs: target.runs,
    warmup: target.warmup,
    sla,
    verdict,
    reasons,
    conditions,
    failOn: target['fail-on'],
    stats,
    baseStats: base ? describe(baseCounted.map((s) => s.totalMs)) : undefined,
    timeline: medianTimeline(counted),
    samples,
    error,
  };
}
