// The run, target by target: check -> measure -> analyze. Shared by the action and the CLI;
// I/O arrives through deps so the same code runs under both.
import { resolve } from 'node:path';
import type { Config, TargetConfig } from './config/schema.ts';
import { formatHealthCheck } from './config/health-check.ts';
import type { DockerEndpoint } from './docker/client.ts';
import { collectEnvironment } from './docker/environment.ts';
import { EventFeed } from './docker/events.ts';
import { describe } from './analyze/stats.ts';
import { countedSamples, countedTotals } from './analyze/samples.ts';
import { gateFails } from './analyze/verdict.ts';
import { alphaPerLook, nextSampling } from './analyze/sequential.ts';
import { evaluateTarget } from './baseline/evaluate.ts';
import { artefactOf, historyKey, readBaselineSource, recordRun, type BaselineSession } from './baseline/session.ts';
import type { WriteResult } from './baseline/store.ts';
import { trendPoints } from './baseline/trend.ts';
import { summarizeComparison, type Reason } from './report/comparison.ts';
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
import { measureColdStarts, prepareColdStarts, withCold } from './measure/cold.ts';

export interface PipelineDeps {
  endpoint: DockerEndpoint;
  clock: Clock;
  logger: Logger;
  runId: string;
  version: string;
  signal: AbortSignal;
  live: Set<string>;
  git?: Report['git'];
  /** The history store and this run's place in it; absent means no baseline comparison. */
  baseline?: BaselineSession | undefined;
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
    phases: target.phases,
    timeoutMs: target['timeout-ms'],
    pollMs: target['poll-ms'],
    network: target.network,
    env: target.env,
    hostConfig: { ...gpu.HostConfig, Binds: [...(gpu.HostConfig.Binds ?? []), ...target.volumes.map(absoluteBind)] },
    extraEnv: gpu.Env,
  };
}

/** Docker wants absolute host paths; users write them relative to the workspace. */
function absoluteBind(bind: string): string {
  const [host = '', ...rest] = bind.split(':');
  return [resolve(host), ...rest].join(':');
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
  // Cold starts (start: cold), checked before any start: registry name, registry answers, same image.
  const coldPlan = target.start === 'cold' ? await prepareColdStarts(ctx.endpoint.docker, target) : undefined;

  const key = historyKey(target.id, environment);
  const artefact = artefactOf(head.facts, build?.engine);
  const { source, warning } = await readBaselineSource(deps.baseline, key, base ? artefactOf(base.facts) : undefined);
  if (warning) logger.warning(`${target.id}: ${warning}`);

  logger.info(
    `measuring ${target.runs} starts (+${target.warmup} warm-up) of ${target.image}${base ? ` against ${baseRef} (interleaved)` : ''}, ready at ${formatHealthCheck(target['health-check'])}`,
  );
  const samples: Sample[] = [];
  const onSample = (sample: Sample, position: number, total: number) => {
    samples.push(sample);
    logger.info(formatSampleLine(sample, position, total));
  };
  const schedule = { runs: target.runs, warmup: target.warmup, firstIndex: 0, head: planFor(target, head), base: base ? planFor(target, base) : undefined };
  const sampling = { runs: target.runs, maxRuns: target['max-runs'] };
  const evaluate = () =>
    evaluateTarget({
      samples,
      environment: key.environment,
      artefact,
      slaMs: target['sla-ms'],
      slaStat: target['sla-stat'],
      thresholdPct: target['regression-threshold'],
      alpha: alphaPerLook(sampling),
      baseline: source,
    });
  let error: TargetResult['error'];
  try {
    await measureTarget(ctx, schedule, onSample);
    // With max-runs, an inconclusive comparison earns more starts, up to the budget.
    for (;;) {
      const next = nextSampling(evaluate().comparison, countedTotals(samples).length, sampling);
      if (!next.keepSampling) break;
      logger.info(`${target.id}: ${next.reason}`);
      await measureTarget(ctx, { ...schedule, runs: next.addRuns, warmup: 0, firstIndex: samples.length }, onSample);
    }
  } catch (e: unknown) {
    if (!(e instanceof StartError)) throw e;
    error = { message: e.message, logTail: e.logTail };
    logger.error(e.message);
    if (e.logTail.length > 0) logger.untrusted(`last ${e.logTail.length} log lines of the container`, e.logTail);
  }

  // Cold starts run after the hot ones and stay apart from them (own stats, own SLA).
  const cold = coldPlan && !error && !deps.signal.aborted ? await measureColdStarts(ctx, coldPlan, schedule.head, target, logger) : undefined;
  const evaluation = evaluate();
  const counted = countedSamples(samples);
  const failOn = target['fail-on'];
  const reasons: Reason[] = error ? [{ code: 'start-failed', severity: 'fail', message: `a start failed: ${error.message}` }] : [];
  reasons.push(...evaluation.verdict.reasons);
  let written: WriteResult | undefined;
  if (!error && !deps.signal.aborted) {
    written = await recordRun(deps.baseline, key, counted, evaluation.stats, artefact);
    if (written && written.status !== 'written' && written.status !== 'skipped') logger.warning(`${target.id}: history not saved (${written.reason})`);
  }
  const trend = source.kind === 'history' && source.doc ? trendPoints(source.doc.entries, source.context.defaultBranch) : [];
  return withCold({
    id: target.id,
    source: target.source,
    image: head.facts,
    baseImage: base?.facts,
    healthCheck: formatHealthCheck(target['health-check']),
    runs: target.runs,
    warmup: target.warmup,
    sla: checkSla(evaluation.stats, target['sla-stat'], target['sla-ms']),
    verdict: error ? 'fail' : evaluation.verdict.verdict,
    reasons,
    failOn,
    failsStep: error ? !failOn.includes('never') : gateFails(evaluation.verdict, failOn),
    stats: evaluation.stats,
    baseStats: base ? describe(countedTotals(samples, 'base')) : undefined,
    timeline: medianTimeline(counted),
    samples,
    error,
    build,
    comparison: summarizeComparison(evaluation, trend, deps.baseline?.store?.description, written),
  }, cold);
}
