// One timed start: create -> start -> ready -> remove. The heart of the measurement.
import type { HealthCheck } from '../config/health-check.ts';
import type { PhaseRule } from '../config/phases.ts';
import { daemonGoneMessage, isDaemonGone, type DockerEndpoint } from '../docker/client.ts';
import type { EventFeed } from '../docker/events.ts';
import { Containers, type ContainerHandle, type ContainerSpec, type HostConfig } from '../docker/containers.ts';
import { TARGET_LABEL } from '../docker/labels.ts';
import { freeLoopbackPort, isPortClash } from '../docker/ports.ts';
import type { Sample } from '../model.ts';
import type { Clock } from '../util/clock.ts';
import { StartError } from '../util/errors.ts';
import { rfc3339ToMs } from '../util/time.ts';
import { attachOutput, MAX_LINE_BYTES, type OutputWatch } from './container-output.ts';
import { daemonOffset, toPhases } from './phases.ts';
import { daemonLineTimes, resolveLineMarks } from './pattern-phases.ts';
import { readinessFor, type ReadinessStrategy, type WaitContext } from './readiness/index.ts';
import { raceOutcome, type Outcome } from './start-race.ts';
import { StartWatch } from './start-watch.ts';

export interface StartContext {
  endpoint: DockerEndpoint;
  feed: EventFeed;
  clock: Clock;
  runId: string;
  /** Ids of containers alive right now, so a signal handler can remove them. */
  live: Set<string>;
  /** Aborted on SIGINT/SIGTERM: the start stops waiting and removes its container. */
  signal: AbortSignal;
}

export interface StartPlan {
  targetId: string;
  image: string;
  healthCheck: HealthCheck;
  timeoutMs: number;
  pollMs: number;
  /** bridge, host, or a network the workflow created (ports are published on all but host). */
  network: string;
  env: Record<string, string>;
  /** GPU wiring and anything else merged into the create call. */
  hostConfig: HostConfig;
  extraEnv: string[];
  index: number;
  warmup: boolean;
  arm: 'head' | 'base';
  /** `phases` rules: marks from the server's own lines. */
  phases?: readonly PhaseRule[] | undefined;
  /**
   * Called once the start is ready, off the timed path, before the container is removed; what
   * it returns is merged into the sample. A rejection fails the start.
   */
  afterReady?: (containerId: string) => Promise<Partial<Sample>>;
}

const PORT_CLASH_RETRIES = 3;

export async function measureStart(ctx: StartContext, plan: StartPlan): Promise<Sample> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptStart(ctx, plan);
    } catch (e: unknown) {
      // The daemon went away (stopped, restarting): a failed start with one clear line, not a crash.
      if (isDaemonGone(e)) throw new StartError(`${describeStart(plan)}: ${daemonGoneMessage(e)}`);
      if (!isPortClash(e) || attempt >= PORT_CLASH_RETRIES) throw e;
    }
  }
}

function describeStart(plan: StartPlan): string {
  return `${plan.targetId}: start ${plan.index + 1}${plan.warmup ? ' (warm-up)' : ''}${plan.arm === 'base' ? ' of the baseline image' : ''}`;
}

/** Where the probe reaches the container: a port chosen here (local daemon) or by the daemon. */
interface PortPlan {
  port: number | undefined;
  publish: boolean;
  hostPort: number | undefined;
  key: string;
}

async function planPorts(ctx: StartContext, plan: StartPlan, port: number | undefined): Promise<PortPlan> {
  const publish = port !== undefined && plan.network !== 'host';
  const hostPort = publish && ctx.endpoint.local ? await freeLoopbackPort() : undefined;
  return { port, publish, hostPort, key: `${port}/tcp` };
}

function containerSpec(plan: StartPlan, local: boolean, ports: PortPlan): ContainerSpec {
  const { publish, hostPort, key } = ports;
  return {
    Image: plan.image,
    Env: [...Object.entries(plan.env).map(([k, v]) => `${k}=${v}`), ...plan.extraEnv],
    ExposedPorts: publish ? { [key]: {} } : undefined,
    HostConfig: {
      ...plan.hostConfig,
      NetworkMode: plan.network === 'bridge' ? plan.hostConfig.NetworkMode : plan.network,
      // Loopback only on a local daemon: a PR's server is never exposed to the network.
      PortBindings: publish ? { [key]: [{ HostIp: local ? '127.0.0.1' : '', HostPort: hostPort ? String(hostPort) : '' }] } : undefined,
    },
  };
}

async function probeTarget(ctx: StartContext, container: ContainerHandle, ports: PortPlan): Promise<WaitContext['target']> {
  if (ports.port === undefined) return undefined;
  let port = ports.hostPort ?? ports.port;
  if (ports.publish && ports.hostPort === undefined) {
    // Remote daemon: it chose the port; ask which (off the hot path only in this case).
    const info = await container.inspect();
    port = Number(info.NetworkSettings.Ports[ports.key]?.[0]?.HostPort);
  }
  return { host: ctx.endpoint.probeHost, port };
}

async function attemptStart(ctx: StartContext, plan: StartPlan): Promise<Sample> {
  if (ctx.signal.aborted) throw new StartError(`${describeStart(plan)}: cancelled`);
  // Subscribing before the create keeps the create and start events; a daemon that is still
  // gone fails the create below with the clear daemon message instead.
  if (ctx.feed.lost) await ctx.feed.reconnect().catch(() => undefined);
  const { clock } = ctx;
  const readiness = readinessFor(plan.healthCheck);
  const ports = await planPorts(ctx, plan, readiness.port);
  const watch = new StartWatch(readiness, plan.phases ?? [], clock);
  const containers = new Containers(ctx.endpoint.docker);

  const cpu0 = process.cpuUsage();
  const t0 = clock.now();
  const container = await containers.create(ctx.runId, { [TARGET_LABEL]: plan.targetId }, containerSpec(plan, ctx.endpoint.local, ports));
  const created = clock.now();
  ctx.live.add(container.id);
  const unwatch = ctx.feed.watch(container.id, watch.onEvent);
  let output: OutputWatch | undefined;
  const stop = new AbortController();
  try {
    output = await attachOutput(container, { now: () => clock.now(), everyLine: watch.wantsLines, onLine: watch.onLine });
    await container.start();
    const target = await probeTarget(ctx, container, ports);
    const outcome = await raceOutcome({
      clock,
      readiness,
      wait: { clock, target, deadline: t0 + plan.timeoutMs, pollMs: plan.pollMs, signal: stop.signal },
      died: watch.died,
      outputEnded: output.ended,
      inspectState: () => container.inspect().then((i) => i.State),
      cancel: ctx.signal,
      stop: stop.signal,
    });
    stop.abort();
    const cpu = process.cpuUsage(cpu0);
    if (outcome.kind !== 'ready') throw failure(outcome, { ctx, plan, readiness, watch, tail: output.tail() });
    const extra = plan.afterReady ? await plan.afterReady(container.id) : {};
    const timeline = { t0, created, readyAt: outcome.at, firstOutput: output.firstOutputAt() };
    const sample = await sampleOf(ctx, plan, { container, readiness, watch, timeline, cpu });
    return { ...sample, ...extra };
  } finally {
    stop.abort();
    unwatch();
    output?.close();
    await container.remove({ volumes: true }).catch(() => undefined);
    ctx.live.delete(container.id);
  }
}

interface Heard {
  ctx: StartContext;
  plan: StartPlan;
  readiness: ReadinessStrategy;
  watch: StartWatch;
  tail: string[];
}

function failure(outcome: Exclude<Outcome, { kind: 'ready' }>, h: Heard): StartError {
  const what = describeStart(h.plan);
  switch (outcome.kind) {
    case 'cancelled':
      return new StartError(`${what}: cancelled`);
    case 'timeout':
      return new StartError(`${what}: not ready within ${h.plan.timeoutMs} ms (${h.readiness.describeWait()})`, h.tail);
    case 'daemon-lost':
      return new StartError(`${what}: ${daemonGoneMessage(outcome.error)}`, h.tail);
    case 'exited':
      return new StartError(
        `${what}: the container exited with code ${outcome.exitCode} before it was ready${exitCause(h.watch.killSignal, h.ctx.feed.lost)}`,
        h.tail,
      );
  }
}

interface ReadyStart {
  container: ContainerHandle;
  readiness: ReadinessStrategy;
  watch: StartWatch;
  timeline: { t0: number; created: number; readyAt: number; firstOutput: number | undefined };
  cpu: NodeJS.CpuUsage;
}

/** The sample of a ready start: its phases on the runner's clock. Off the timed path. */
async function sampleOf(ctx: StartContext, plan: StartPlan, r: ReadyStart): Promise<Sample> {
  const { clock } = ctx;
  const { t0, created, readyAt, firstOutput } = r.timeline;
  // The daemon's own StartedAt, for the runtime + GPU injection phase.
  const info = await r.container.inspect().catch(() => undefined);
  const startedWall = info ? rfc3339ToMs(info.State.StartedAt) : undefined;
  const offset = daemonOffset(t0, created, r.watch.createdAt);
  const shift = (at: number | undefined) => (at === undefined ? undefined : at + offset);
  const lines = await resolveLineMarks(r.watch.matcher.hits(), { clock, offset, daemonTimes: (l) => daemonLineTimes(r.container, l, MAX_LINE_BYTES) });
  const phases = toPhases({
    t0,
    created,
    startedAt: shift(startedWall === undefined ? undefined : clock.fromWall(startedWall)),
    started: shift(r.watch.startedAt),
    firstOutput,
    stamps: r.watch.stamps.map((s) => ({ label: s.label, at: clock.fromWall(s.wallMs) + offset })),
    lines,
    ready: r.readiness.daemonClock ? readyAt + offset : readyAt,
  });
  const readyMs = phases.find((p) => p.name === 'ready')?.ms ?? Number.NaN;
  const probe = { attempts: r.readiness.attempts(), cpuMs: Math.round((r.cpu.user + r.cpu.system) / 100) / 10 };
  return { index: plan.index, warmup: plan.warmup, arm: plan.arm, totalMs: readyMs, phases, probe };
}

function exitCause(killSignal: string | undefined, feedLost: string | undefined): string {
  if (feedLost) return ` (${feedLost}: the Docker daemon stopped or restarted)`;
  if (killSignal) return ` (stopped from outside with signal ${killSignal}: docker stop/kill, or the Docker daemon stopping or restarting)`;
  return '';
}
