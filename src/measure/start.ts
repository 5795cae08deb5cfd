// One timed start: create -> start -> ready -> remove. The heart of the measurement.
import type Docker from 'dockerode';
import type { HealthCheck } from '../config/health-check.ts';
import type { PhaseRule } from '../config/phases.ts';
import { daemonGoneMessage, isDaemonGone, type DockerEndpoint } from '../docker/client.ts';
import { eventWallMs, type DockerEvent, type EventFeed } from '../docker/events.ts';
import { runLabels, TARGET_LABEL } from '../docker/labels.ts';
import { freeLoopbackPort, isPortClash } from '../docker/ports.ts';
import type { Sample } from '../model.ts';
import { sleep, type Clock } from '../util/clock.ts';
import { StartError } from '../util/errors.ts';
import { rfc3339ToMs } from '../util/time.ts';
import { attachOutput, MAX_LINE_BYTES } from './container-output.ts';
import { parseStamp } from './log-lines.ts';
import { daemonOffset, toPhases } from './phases.ts';
import { daemonLineTimes, PhaseMatcher, resolveLineMarks } from './pattern-phases.ts';
import { probeHttp, probeTcp } from './probe.ts';

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
  hostConfig: Docker.HostConfig;
  extraEnv: string[];
  index: number;
  warmup: boolean;
  arm: 'head' | 'base';
  /** `phases` rules: marks from the server's own lines. */
  phases?: readonly PhaseRule[] | undefined;
  /** Called once the start is ready, off the timed path, before inspect and removal; merged into the Sample. */
  afterReady?: (containerId: string) => Promise<Partial<Sample>>;
}

const PORT_CLASH_RETRIES = 3;
const TCP_SETTLE_MS = 30;
const MAX_PROBE_WAIT_MS = 2000;

type Outcome =
  | { kind: 'ready'; at: number }
  | { kind: 'exited'; at: number; exitCode: string }
  | { kind: 'timeout'; at: number }
  | { kind: 'cancelled'; at: number }
  | { kind: 'daemon-lost'; at: number; error: unknown };

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

async function attemptStart(ctx: StartContext, plan: StartPlan): Promise<Sample> {
  if (ctx.signal.aborted) throw new StartError(`${describeStart(plan)}: cancelled`);
  // Subscribing before the create keeps the create and start events; a daemon that is still
  // gone fails the create below with the clear daemon message instead.
  if (ctx.feed.lost) await ctx.feed.reconnect().catch(() => undefined);
  const { docker } = ctx.endpoint;
  const { clock } = ctx;
  const hc = plan.healthCheck;
  const port = hc.kind === 'http' || hc.kind === 'tcp' ? hc.port : undefined;
  const publish = port !== undefined && plan.network !== 'host';
  const hostPort = publish && ctx.endpoint.local ? await freeLoopbackPort() : undefined;
  const portKey = `${port}/tcp`;

  const daemonEvents: { create?: number; start?: number; healthy?: number; die?: { at: number; exitCode: string }; killSignal?: string } = {};
  let onDie: (() => void) | undefined;
  let onHealthy: (() => void) | undefined;
  const stamps: { label: string; wallMs: number }[] = [];
  let logReady: number | undefined;
  let onLogReady: (() => void) | undefined;
  const logPattern = hc.kind === 'log' ? new RegExp(hc.pattern) : undefined;
  const matcher = new PhaseMatcher(plan.phases ?? []);

  let attempts = 0;
  const cpu0 = process.cpuUsage();
  const t0 = clock.now();
  const container = await docker.createContainer({
    Image: plan.image,
    Labels: runLabels(ctx.runId, { [TARGET_LABEL]: plan.targetId }),
    Env: [...Object.entries(plan.env).map(([k, v]) => `${k}=${v}`), ...plan.extraEnv],
    ExposedPorts: publish ? { [portKey]: {} } : undefined,
    HostConfig: {
      ...plan.hostConfig,
      NetworkMode: plan.network === 'bridge' ? plan.hostConfig.NetworkMode : plan.network,
      // Loopback only on a local daemon: a PR's server is never exposed to the network.
      PortBindings: publish ? { [portKey]: [{ HostIp: ctx.endpoint.local ? '127.0.0.1' : '', HostPort: hostPort ? String(hostPort) : '' }] } : undefined,
    },
  });
  const created = clock.now();
  ctx.live.add(container.id);
  const unwatch = ctx.feed.watch(container.id, (e: DockerEvent) => {
    const at = clock.fromWall(eventWallMs(e));
    if (e.Action === 'create') daemonEvents.create ??= at;
    else if (e.Action === 'start') daemonEvents.start ??= at;
    // This run never kills a container before its outcome: a kill is docker stop / the daemon stopping.
    else if (e.Action === 'kill') daemonEvents.killSignal ??= e.Actor.Attributes.signal ?? '?';
    else if (e.Action.startsWith('health_status: healthy')) {
      daemonEvents.healthy ??= at;
      onHealthy?.();
    } else if (e.Action === 'die') {
      daemonEvents.die ??= { at, exitCode: e.Actor.Attributes.exitCode ?? '?' };
      onDie?.();
    }
  });

  let output: Awaited<ReturnType<typeof attachOutput>> | undefined;
  const stop = new AbortController();
  try {
    output = await attachOutput(container, {
      now: () => clock.now(),
      everyLine: () => (logPattern !== undefined && logReady === undefined) || matcher.pending(),
      onLine: (line, at) => {
        matcher.offer(line, at);
        const stamp = parseStamp(line);
        if (stamp) stamps.push({ label: stamp.label, wallMs: stamp.wallMs });
        if (logPattern && logReady === undefined && logPattern.test(line)) {
          logReady = at;
          onLogReady?.();
        }
      },
    });
    await container.start();

    let probePort = hostPort ?? port;
    if (publish && hostPort === undefined) {
      // Remote daemon: it chose the port; ask which (off the hot path only in this case).
      const info = await container.inspect();
      probePort = Number(info.NetworkSettings.Ports[portKey]?.[0]?.HostPort);
    }
    const deadline = t0 + plan.timeoutMs;
    let lastProbe = 'no attempt yet';

    const ready = new Promise<Outcome>((resolve) => {
      if (hc.kind === 'log') {
        onLogReady = () => resolve({ kind: 'ready', at: logReady as number });
        if (logReady !== undefined) onLogReady();
      } else if (hc.kind === 'docker') {
        onHealthy = () => resolve({ kind: 'ready', at: daemonEvents.healthy as number });
        if (daemonEvents.healthy !== undefined) onHealthy();
      } else {
        void (async () => {
          while (!stop.signal.aborted) {
            const began = clock.now();
            const timeoutMs = Math.max(1, Math.min(MAX_PROBE_WAIT_MS, deadline - began));
            const target = { host: ctx.endpoint.probeHost, port: probePort as number, timeoutMs };
            attempts++;
            const r = hc.kind === 'http' ? await probeHttp({ ...target, path: hc.path }, clock.now) : await probeTcp({ ...target, settleMs: TCP_SETTLE_MS }, clock.now);
            if (r.ready && !stop.signal.aborted) return resolve({ kind: 'ready', at: r.at });
            lastProbe = r.detail;
            await sleep(Math.max(0, began + plan.pollMs - clock.now()), stop.signal);
          }
        })();
      }
    });
    const exited = new Promise<Outcome>((resolve) => {
      const fromEvent = () => resolve({ kind: 'exited', at: daemonEvents.die?.at ?? clock.now(), exitCode: daemonEvents.die?.exitCode ?? '?' });
      onDie = fromEvent;
      if (daemonEvents.die) fromEvent();
      // The event stream is the primary signal; the output ending is the fallback if it lags.
      void output?.ended.then(async () => {
        await sleep(200, stop.signal);
        if (stop.signal.aborted) return;
        const state = await container.inspect().then(
          (i) => i.State,
          (e: unknown) => {
            // Output ended because the daemon went away: say so now, not at the timeout.
            if (isDaemonGone(e)) resolve({ kind: 'daemon-lost', at: clock.now(), error: e });
            return undefined;
          },
        );
        if (state && !state.Running) resolve({ kind: 'exited', at: clock.now(), exitCode: String(state.ExitCode) });
      });
    });
    const timedOut = sleep(Math.max(0, deadline - clock.now()), stop.signal).then((): Outcome => ({ kind: 'timeout', at: clock.now() }));
    const cancelled = new Promise<Outcome>((resolve) => {
      if (ctx.signal.aborted) resolve({ kind: 'cancelled', at: clock.now() });
      const onAbort = () => resolve({ kind: 'cancelled', at: clock.now() });
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      // The run's signal outlives every start: leave no listener behind on it.
      stop.signal.addEventListener('abort', () => ctx.signal.removeEventListener('abort', onAbort), { once: true });
    });

    const outcome = await Promise.race([ready, exited, timedOut, cancelled]);
    stop.abort();
    const cpu = process.cpuUsage(cpu0);
    const tail = () => output?.tail() ?? [];
    switch (outcome.kind) {
      case 'cancelled':
        throw new StartError(`${describeStart(plan)}: cancelled`);
      case 'timeout':
        throw new StartError(
          `${describeStart(plan)}: not ready within ${plan.timeoutMs} ms (${describeWait(hc, lastProbe)})`,
          tail(),
        );
      case 'daemon-lost':
        throw new StartError(`${describeStart(plan)}: ${daemonGoneMessage(outcome.error)}`, tail());
      case 'exited':
        throw new StartError(
          `${describeStart(plan)}: the container exited with code ${outcome.exitCode} before it was ready${exitCause(daemonEvents.killSignal, ctx.feed.lost)}`,
          tail(),
        );
      case 'ready':
        break;
    }
    const extra = plan.afterReady ? await plan.afterReady(container.id) : {};

    // Off the timed path: the daemon's own StartedAt, for the runtime + GPU injection phase.
    const info = await container.inspect().catch(() => undefined);
    const startedWall = info ? rfc3339ToMs(info.State.StartedAt) : undefined;
    const offset = daemonOffset(t0, created, daemonEvents.create);
    const shift = (at: number | undefined) => (at === undefined ? undefined : at + offset);
    const lines = await resolveLineMarks(matcher.hits(), { clock, offset, daemonTimes: (l) => daemonLineTimes(container, l, MAX_LINE_BYTES) });
    const phases = toPhases({
      t0,
      created,
      startedAt: shift(startedWall === undefined ? undefined : clock.fromWall(startedWall)),
      started: shift(daemonEvents.start),
      firstOutput: output.firstOutputAt(),
      stamps: stamps.map((s) => ({ label: s.label, at: clock.fromWall(s.wallMs) + offset })),
      lines,
      ready: hc.kind === 'docker' ? outcome.at + offset : outcome.at,
    });
    const readyMs = phases.find((p) => p.name === 'ready')?.ms ?? Number.NaN;
    const probe = { attempts, cpuMs: Math.round((cpu.user + cpu.system) / 100) / 10 };
    return { ...extra, index: plan.index, warmup: plan.warmup, arm: plan.arm, totalMs: readyMs, phases, probe };
  } finally {
    stop.abort();
    unwatch();
    output?.close();
    await container.remove({ force: true, v: true }).catch(() => undefined);
    ctx.live.delete(container.id);
  }
}

function exitCause(killSignal: string | undefined, feedLost: string | undefined): string {
  if (feedLost) return ` (${feedLost}: the Docker daemon stopped or restarted)`;
  if (killSignal) return ` (stopped from outside with signal ${killSignal}: docker stop/kill, or the Docker daemon stopping or restarting)`;
  return '';
}

function describeWait(hc: HealthCheck, lastProbe: string): string {
  switch (hc.kind) {
    case 'http':
      return `last answer on port ${hc.port}${hc.path}: ${lastProbe}`;
    case 'tcp':
      return `last attempt on port ${hc.port}: ${lastProbe}`;
    case 'log':
      return `no log line matched /${hc.pattern}/`;
    case 'docker':
      return "the image's HEALTHCHECK never reported healthy";
  }
}
