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
import { checkHealthAgainstImage } from './measure/preflight.ts';
import { inspectLocalImage, type LocalImage } from './image/inspect.ts';
import { buildImage } from './image/build.ts';
import { buildEngine } from './engine/build.ts';
import { gpuContainerOptions, listNvidiaDevices, locateDriverLibs } from './docker/gpu.ts';
import { TARGET_LABEL } from './docker/labels.ts';
import type { Environment } from './model.ts';
import { measureTarget, type PlanTemplate } from './measure/run.ts';
import type { StartContext } from './measure/start.ts';
import type { Sample } from './model.ts';
import { buildReport, type BuildFacts, type Report, type TargetResult } from './report/report.ts';
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
      targets.push(await deps.logger.group(`startup-sla: ${target.id} (${target.image})`, () => runTarget(ctx, target, deps, environment)));
      if (deps.signal.aborted) break;
    }
    return buildReport({ version: deps.version, runId: deps.runId, createdAt: new Date(), environment, targets, git: deps.git });
  } finally {
    feed.close();
  }
}

function planFor(target: TargetConfig, image: LocalImage): PlanTemplate {
  const manual = target['gpu-mode'] === 'manual' && target.gpus !== undefined;
  const gpu = gpuContainerOptions({
    gpus: target.gpus,
    mode: target['gpu-mode'],
    driverLibs: manual ? locateDriverLibs(target['gpu-driver-libs']) : undefined,
    hostDevices: manual ? listNvidiaDevices() : undefined,
    imageEnv: image.env,
  });
  return {
    targetId: target.id,
    image: image.facts.reference,
    healthCheck: target['health-check'],
    timeoutMs: target['timeout-ms'],
    pollMs: target['poll-ms'],
    network: target.network,
    env: target.env,
    hostConfig: gpu.HostConfig,
    extraEnv: gpu.Env,
  };
}

/** Engine, then image: the build stage runs only when the target asks for it. */
async function buildStage(target: TargetConfig, deps: PipelineDeps, environment: Environment): Promise<BuildFacts | undefined> {
  const { docker } = deps.endpoint;
  const build: BuildFacts = {};
  const engine = await buildEngine(target, { docker, runId: deps.runId, gpus: environment.gpus, log: (l) => deps.logger.debug(l) });
  if (engine) {
    build.engine = engine;
    deps.logger.info(
      `engine ${engine.enginePath}: ${engine.cacheHit ? 'cache hit, build skipped' : `built in ${(engine.buildMs / 1000).toFixed(1)} s`} (${(engine.sizeBytes / 1e6).toFixed(1)} MB${engine.tensorrtVersion ? `, TensorRT ${engine.tensorrtVersion}` : ''})`,
    );
    for (const w of engine.warnings) deps.logger.warning(`${target.id}: ${w}`);
  }
  if (target.dockerfile) {
    const image = await buildImage(docker, {
      dockerfile: target.dockerfile,
      context: target.context,
      buildArgs: target['build-args'],
      target: target.target,
      tag: target.image,
      timeoutMs: target['build-timeout-ms'],
      runId: deps.runId,
      labels: { [TARGET_LABEL]: target.id },
      log: (l) => deps.logger.debug(l),
    });
    const { outputTail: _tail, ...facts } = image;
    build.image = facts;
    deps.logger.info(`image ${target.image} built in ${(image.buildMs / 1000).toFixed(1)} s: ${(image.sizeBytes / 1e6).toFixed(1)} MB, ${image.layers} layers`);
  }
  return Object.keys(build).length > 0 ? build : undefined;
}

async function runTarget(ctx: StartContext, target: TargetConfig, deps: PipelineDeps, environment: Environment): Promise<TargetResult> {
  const { logger } = deps;
  const build = await buildStage(target, deps, environment);
  const head = await inspectLocalImage(ctx.endpoint.docker, target.image);
  checkHealthAgainstImage(target['health-check'], head);
  const baseRef = target['baseline-image'];
  const base = baseRef ? await inspectLocalImage(ctx.endpoint.docker, baseRef, 'baseline-image') : undefined;
  if (base) checkHealthAgainstImage(target['health-check'], base);

  logger.info(
    `measuring ${target.runs} starts (+${target.warmup} warm-up) of ${target.image}${base ? ` against ${baseRef} (interleaved)` : ''}, ready at ${formatHealthCheck(target['health-check'])}`,
  );
  const samples: Sample[] = [];
  let error: TargetResult['error'];
  try {
    await measureTarget(
      ctx,
      { runs: target.runs, warmup: target.warmup, head: planFor(target, head), base: base ? planFor(target, base) : undefined },
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
    build,
  };
}
