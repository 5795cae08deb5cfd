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
import { alphaPerLook, nextSampling, tooFewRunsWarning, type SamplingPlan } from './analyze/sequential.ts';
import { evaluateTarget, type BaselineSource, type Evaluation } from './baseline/evaluate.ts';
import { buildBaseArm, userBaseArm, type BaseArm, type BaseArmResult } from './baseline/base-arm.ts';
import type { BaselineRef } from './analyze/verdict.ts';
import type { HistoryKey } from './baseline/store.ts';
import type { ArtefactFacts } from './baseline/what-changed.ts';
import { artefactOf, historyKey, readBaselineSource, recordRun, type BaselineSession } from './baseline/session.ts';
import type { WriteResult } from './baseline/store.ts';
import { trendPoints } from './baseline/trend.ts';
import { summarizeComparison, type ComparisonSummary } from './report/comparison.ts';
import { isUsableDuration } from './analyze/sample-check.ts';
import { checkSla } from './analyze/sla.ts';
import { medianTimeline } from './analyze/phases.ts';
import { checkHealthAgainstImage } from './measure/preflight.ts';
import { inspectLocalImage, type LocalImage } from './image/inspect.ts';
import { buildImage } from './image/build.ts';
import { buildEngine } from './engine/build.ts';
import { gpuContainerOptions, listNvidiaDevices, locateDriverLibs } from './docker/gpu.ts';
import { KEEP_LABEL, TARGET_LABEL } from './docker/labels.ts';
import type { Environment } from './model.ts';
import { measureTarget, type PlanTemplate } from './measure/run.ts';
import type { StartContext } from './measure/start.ts';
import type { Sample } from './model.ts';
import { buildReport, type BuildFacts, type Report, type TargetResult } from './report/report.ts';
import type { Clock } from './util/clock.ts';
import { StartError } from './util/errors.ts';
import type { Logger } from './util/logger.ts';
import { formatSampleLine } from './report/console.ts';
import { measureColdStarts, prepareColdStarts, type ColdResult } from './measure/cold.ts';
import { dockerHostReads, readinessCost } from './measure/cost.ts';
import { checkStartConditions } from './measure/conditions.ts';
import { procPageCache, type PageCache } from './measure/page-cache.ts';
import { burstStats, countedBursts, groupBursts } from './analyze/bursts.ts';
import { summarizeCost } from './analyze/cost.ts';

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
  /** `page-cache: drop` writes here; the machine's /proc/sys/vm/drop_caches unless a test gives another. */
  pageCache?: PageCache | undefined;
}

export async function runPipeline(config: Config, deps: PipelineDeps): Promise<Report> {
  const environment = await collectEnvironment(deps.endpoint);
  // Before any start of any target: bursts the host cannot take, a page cache it may not drop.
  const host = { cpuCount: environment.cpuCount, memoryBytes: environment.memoryBytes, local: deps.endpoint.local, dockerHost: deps.endpoint.description };
  checkStartConditions(config.targets, host, deps.pageCache ?? procPageCache(), (m) => deps.logger.warning(m));
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

function planFor(target: TargetConfig, image: LocalImage, endpoint: DockerEndpoint): PlanTemplate {
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
    afterReady: readinessCost(dockerHostReads(endpoint.docker), { local: endpoint.local, gpus: target.gpus !== undefined }),
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
      labels: { [TARGET_LABEL]: target.id, ...(target['keep-image'] ? { [KEEP_LABEL]: 'true' } : {}) },
      log: (l) => deps.logger.debug(l),
    });
    const { outputTail: _tail, ...facts } = image;
    build.image = facts;
    deps.logger.info(`image ${target.image} built in ${(image.buildMs / 1000).toFixed(1)} s: ${(image.sizeBytes / 1e6).toFixed(1)} MB, ${image.layers} layers`);
  }
  return Object.keys(build).length > 0 ? build : undefined;
}

interface BasePlan {
  /** Measured alternately with the head from the start. */
  arm?: BaseArm;
  /** Measured only to confirm a history regression before failing. */
  confirmWith?: () => Promise<BaseArmResult>;
  /** Why the base commit is not the comparison (the history stands in). */
  note?: string;
}

/**
 * Which base to measure beside the head. `auto` on a PR with a Dockerfile builds the base
 * commit; an explicit history store keeps the history first and confirms its regressions.
 */
async function chooseBase(target: TargetConfig, deps: PipelineDeps, environment: Environment): Promise<BasePlan> {
  const { docker } = deps.endpoint;
  const requested = deps.baseline?.requested ?? 'auto';
  const explicitHistory = requested === 'branch' || requested === 'file' || requested === 'local';
  const ref = target['baseline-image'];
  if (ref !== undefined) {
    const user = async () => userBaseArm(docker, ref);
    return explicitHistory ? { confirmWith: async () => ({ ok: true, arm: await user() }) } : { arm: await user() };
  }
  const pull = deps.baseline?.pullBase;
  if (pull === undefined || target.dockerfile === undefined || (requested !== 'auto' && !explicitHistory)) return {};
  const build = () => {
    deps.logger.info(`building the base commit ${pull.commit.slice(0, 7)} of ${target.id} to measure beside the head`);
    return buildBaseArm(target, { docker, runId: deps.runId, logger: deps.logger, gpus: environment.gpus, commit: pull.commit, cwd: process.cwd(), token: pull.token, remoteUrl: pull.remoteUrl, tempDir: pull.tempDir });
  };
  if (explicitHistory) return { confirmWith: build };
  const built = await build();
  if (built.ok) return { arm: built.arm };
  const note = `base commit ${pull.commit.slice(0, 7)} not built here: ${built.reason}; compared with the stored history instead`;
  deps.logger.warning(`${target.id}: ${note}`);
  return { note };
}

function baseRefOf(arm: BaseArm): BaselineRef {
  const o = arm.origin;
  return o.kind === 'base-commit' && o.commit
    ? { commit: o.commit, date: arm.image.facts.created ?? '', description: `base commit ${o.commit.slice(0, 7)} (built here, interleaved)` }
    : { commit: '', date: '', description: `baseline-image ${o.image} (interleaved)` };
}

async function runTarget(ctx: StartContext, target: TargetConfig, deps: PipelineDeps, environment: Environment): Promise<TargetResult> {
  const build = await buildStage(target, deps, environment);
  const head = await inspectLocalImage(ctx.endpoint.docker, target.image);
  checkHealthAgainstImage(target['health-check'], head);
  const plan = await chooseBase(target, deps, environment);
  let confirmArm: BaseArm | undefined;
  try {
    if (plan.arm) checkHealthAgainstImage(target['health-check'], plan.arm.image);
    const key = historyKey(target.id, environment, { concurrency: target.concurrency, pageCache: target['page-cache'] });
    const artefact = artefactOf(head.facts, build?.engine);
    const interleaved = plan.arm ? { baseArtefact: artefactOf(plan.arm.image.facts), ref: baseRefOf(plan.arm) } : undefined;
    const { source, warning } = await readBaselineSource(deps.baseline, key, interleaved);
    if (warning) deps.logger.warning(`${target.id}: ${warning}`);
    // Cold starts (start: cold), checked before any start: registry name, registry answers, same image.
    const coldPlan = target.start === 'cold' ? await prepareColdStarts(ctx.endpoint.docker, target) : undefined;
    const m = new TargetMeasurement(ctx, target, deps, { head, base: plan.arm?.image, key, artefact, note: plan.note });
    let evaluation = await m.run(source);
    let confirmation: ComparisonSummary['confirmation'];
    if (evaluation.comparison?.classification === 'regression' && source.kind === 'history' && plan.confirmWith && !m.error && !deps.signal.aborted) {
      const confirmed = await m.confirm(evaluation, plan.confirmWith);
      if (confirmed) ({ evaluation, confirmation, arm: confirmArm } = confirmed);
    }
    // Cold starts run after the hot ones and stay apart from them (own stats, own SLA).
    if (coldPlan && !m.error && !deps.signal.aborted) {
      m.cold = await measureColdStarts(ctx, coldPlan, planFor(target, head, ctx.endpoint), target, deps.logger);
      evaluation = m.reevaluate();
    }
    return await m.result(evaluation, source, build, { arm: plan.arm ?? confirmArm, confirmation });
  } finally {
    await plan.arm?.remove();
    await confirmArm?.remove();
  }
}

interface Arms {
  head: LocalImage;
  base?: LocalImage | undefined;
  key: HistoryKey;
  artefact: ArtefactFacts;
  note?: string | undefined;
}

/** One target's starts, sampling policy, evaluation and result: state shared by those steps. */
class TargetMeasurement {
  readonly samples: Sample[] = [];
  error: TargetResult['error'];
  cold: ColdResult | undefined;
  private last: { source: BaselineSource; extra: { confirming?: string } } | undefined;
  private readonly ctx: StartContext;
  private readonly target: TargetConfig;
  private readonly deps: PipelineDeps;
  private readonly arms: Arms;
  private baseBuildMs = 0;

  constructor(ctx: StartContext, target: TargetConfig, deps: PipelineDeps, arms: Arms) {
    this.ctx = ctx;
    this.target = target;
    this.deps = deps;
    this.arms = arms;
  }

  private get sampling(): SamplingPlan {
    const max = this.target['max-runs'];
    // max-runs bounds both arms together: an interleaved run gets half of it per arm.
    const interleaved = this.arms.base !== undefined;
    return { runs: this.target.runs, maxRuns: max === undefined ? undefined : Math.max(this.target.runs, interleaved ? Math.floor(max / 2) : max) };
  }

  private readonly onSample = (sample: Sample, position: number, total: number) => {
    // A start without a usable time is a failed start, never a number in the statistics.
    if (!isUsableDuration(sample.totalMs)) throw new StartError(`start ${position} of ${this.target.id} has no usable create -> ready time (${sample.totalMs} ms): clock or event fault`, []);
    this.samples.push(sample);
    this.deps.logger.info(formatSampleLine(sample, position, total));
  };

  evaluate(source: BaselineSource, extra: { confirming?: string } = {}): Evaluation {
    const t = this.target;
    this.last = { source, extra };
    return evaluateTarget({
      failOn: t['fail-on'],
      ...(this.error ? { startFailure: this.error.message } : {}),
      samples: this.samples,
      environment: this.arms.key.environment,
      artefact: this.arms.artefact,
      slaMs: t['sla-ms'],
      slaStat: t['sla-stat'],
      slaScope: { scope: t['sla-scope'], size: t.concurrency },
      limits: { memoryMiB: t['max-memory-mib'], gpuMemoryMiB: t['max-gpu-memory-mib'] },
      thresholdPct: t['regression-threshold'],
      alpha: alphaPerLook(this.sampling),
      baseline: source,
      note: this.arms.note,
      ...(this.cold ? { cold: { failure: this.cold.error?.message, sla: this.cold.sla } } : {}),
      ...extra,
    });
  }

  /** The last evaluation again, with what was measured since (the cold starts). */
  reevaluate(): Evaluation {
    if (!this.last) throw new Error('reevaluate before evaluate');
    return this.evaluate(this.last.source, this.last.extra);
  }

  /** Measures (with the base arm when there is one) and keeps sampling while inconclusive. */
  async run(source: BaselineSource): Promise<Evaluation> {
    const t = this.target;
    const { logger } = this.deps;
    if (source.kind !== 'none') {
      const few = tooFewRunsWarning(source.kind, Math.max(t.runs, this.sampling.maxRuns ?? 0), alphaPerLook(this.sampling));
      if (few) logger.warning(`${t.id}: ${few}`);
    }
    const base = this.arms.base;
    const what = t.concurrency > 1 ? `bursts of ${t.concurrency} starts` : 'starts';
    const cache = t['page-cache'] === 'drop' ? ', page cache dropped before each' : '';
    logger.info(`measuring ${t.runs} ${what} (+${t.warmup} warm-up)${cache} of ${t.image}${base ? ` against ${base.facts.reference} (interleaved)` : ''}, ready at ${formatHealthCheck(t['health-check'])}`);
    const schedule = { ...this.burstPlan(), runs: t.runs, warmup: t.warmup, firstIndex: 0, head: planFor(t, this.arms.head, this.ctx.endpoint), base: base ? planFor(t, base, this.ctx.endpoint) : undefined };
    await this.guarded(async () => {
      await measureTarget(this.ctx, schedule, this.onSample);
      for (;;) {
        const next = nextSampling(this.evaluate(source).comparison, this.countedRuns(), this.sampling);
        if (!next.keepSampling) break;
        logger.info(`${t.id}: ${next.reason}`);
        await measureTarget(this.ctx, { ...schedule, runs: next.addRuns, warmup: 0, firstIndex: this.samples.length }, this.onSample);
      }
    });
    return this.evaluate(source);
  }

  /** The history said regression: measure head and base alternately, and let that decide. */
  async confirm(history: Evaluation, get: () => Promise<BaseArmResult>): Promise<{ evaluation: Evaluation; confirmation: ComparisonSummary['confirmation']; arm: BaseArm } | undefined> {
    const t = this.target;
    const started = performance.now();
    const got = await get();
    if (!got.ok) {
      this.deps.logger.warning(`${t.id}: the regression could not be confirmed (${got.reason}); the history's verdict stands`);
      return undefined;
    }
    this.baseBuildMs = got.arm.origin.buildMs ?? performance.now() - started;
    checkHealthAgainstImage(t['health-check'], got.arm.image);
    this.arms.base = got.arm.image;
    const fromIndex = this.samples.length;
    this.deps.logger.info(`${t.id}: the history says regression; confirming with ${t.runs} interleaved starts against ${got.arm.image.facts.reference}`);
    const schedule = { ...this.burstPlan(), runs: t.runs, warmup: t.warmup, firstIndex: fromIndex, head: planFor(t, this.arms.head, this.ctx.endpoint), base: planFor(t, got.arm.image, this.ctx.endpoint) };
    await this.guarded(() => measureTarget(this.ctx, schedule, this.onSample).then(() => undefined));
    const source: BaselineSource = { kind: 'interleaved', baseArtefact: artefactOf(got.arm.image.facts), ref: baseRefOf(got.arm), fromIndex };
    const confirming = history.verdict.reasons.find((r) => r.code === 'regression')?.message ?? 'regression';
    const evaluation = this.evaluate(source, { confirming });
    const confirmed = evaluation.comparison?.classification === 'regression';
    return { evaluation, confirmation: confirmed ? 'confirmed' : 'not confirmed (noise)', arm: got.arm };
  }

  /** `concurrency` and `page-cache` as the schedule takes them. */
  private burstPlan(): { concurrency: number; pageCache: 'warm' | 'drop'; beforeBurst?: () => Promise<void> } {
    const t = this.target;
    const cache = this.deps.pageCache ?? procPageCache();
    return { concurrency: t.concurrency, pageCache: t['page-cache'], ...(t['page-cache'] === 'drop' ? { beforeBurst: () => cache.drop() } : {}) };
  }

  /** Counted bursts of the head so far: `runs` and `max-runs` count bursts. */
  private countedRuns(): number {
    return this.target.concurrency === 1 ? countedTotals(this.samples).length : countedBursts(this.samples).length;
  }

  private async guarded(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e: unknown) {
      if (!(e instanceof StartError)) throw e;
      this.error = { message: e.message, logTail: e.logTail };
      this.deps.logger.error(e.message);
      if (e.logTail.length > 0) this.deps.logger.untrusted(`last ${e.logTail.length} log lines of the container`, e.logTail);
    }
  }

  async result(evaluation: Evaluation, source: BaselineSource, build: BuildFacts | undefined, base: { arm?: BaseArm | undefined; confirmation: ComparisonSummary['confirmation'] }): Promise<TargetResult> {
    const t = this.target;
    const counted = countedSamples(this.samples);
    let written: WriteResult | undefined;
    if (!this.error && !this.deps.signal.aborted) {
      written = await recordRun(this.deps.baseline, this.arms.key, counted, evaluation.stats, this.arms.artefact);
      if (written && written.status !== 'written' && written.status !== 'skipped') this.deps.logger.warning(`${t.id}: history not saved (${written.reason})`);
    }
    const trend = source.kind === 'history' && source.doc ? trendPoints(source.doc.entries, source.context.defaultBranch) : [];
    const comparison = summarizeComparison(evaluation, trend, this.deps.baseline?.store?.description, written);
    const baseSamples = this.samples.filter((s) => s.arm === 'base');
    if (base.arm) {
      comparison.base = { ...base.arm.origin, ...(base.arm.origin.buildMs === undefined && this.baseBuildMs ? { buildMs: this.baseBuildMs } : {}), extraStarts: baseSamples.length };
    }
    if (base.confirmation) comparison.confirmation = base.confirmation;
    if (this.arms.note) comparison.note = this.arms.note;
    return {
      id: t.id,
      source: t.source,
      image: this.arms.head.facts,
      baseImage: this.arms.base?.facts,
      healthCheck: formatHealthCheck(t['health-check']),
      runs: t.runs,
      warmup: t.warmup,
      sla: checkSla(evaluation.slaStats, t['sla-stat'], t['sla-ms'], t['sla-scope']),
      concurrency: t.concurrency,
      slaScope: t['sla-scope'],
      pageCache: t['page-cache'],
      bursts: { ...burstStats(this.samples, t.concurrency), list: groupBursts(this.samples) },
      cost: summarizeCost(counted),
      verdict: evaluation.verdict.verdict,
      reasons: evaluation.verdict.reasons,
      failOn: t['fail-on'],
      failsStep: evaluation.verdict.failsStep,
      stats: evaluation.stats,
      baseStats: this.arms.base ? describe(countedTotals(this.samples, 'base')) : undefined,
      timeline: medianTimeline(counted),
      samples: this.samples,
      error: this.error,
      build,
      comparison,
      ...(this.cold ? { cold: this.cold } : {}),
    };
  }
}
