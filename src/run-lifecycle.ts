// One run as the daemon sees it, shared by the action's main step, its post step and the CLI:
// connect -> ping -> clear earlier runs' leftovers -> lifecycle (signals, live containers) ->
// pipeline -> remove what this run created. Each entry point supplies only its words and its
// surfaces; the order, and what a failure of each step costs, live here.
import type { BaselineSession } from './baseline/session.ts';
import type { Config } from './config/schema.ts';
import { connectDocker, pingDocker } from './docker/client.ts';
import { removeRunResources } from './docker/cleanup.ts';
import { reapLeftovers, REAP_AGE_MS } from './docker/reaper.ts';
import { newRunId, startLifecycle } from './lifecycle.ts';
import { runPipeline } from './pipeline.ts';
import type { Report } from './report/report.ts';
import { systemClock } from './util/clock.ts';
import { errorMessage } from './util/errors.ts';
import type { Logger } from './util/logger.ts';
import { VERSION } from './version.ts';

export interface RunHooks {
  /** About the run's housekeeping, not the measurement (the action prefixes "startup-sla: "). */
  info(message: string): void;
  warning(message: string): void;
  /** The daemon answered and the run has its id; nothing of it exists on the daemon yet. */
  beforeStart?(runId: string): Promise<void>;
  /** A signal arrived: the current start unwinds, then everything of the run is removed. */
  onSignal(name: string): void;
  /** This run's containers could not be removed now (the daemon went away): what to do instead. */
  cleanupFailed(reason: string, runId: string): void;
}

export interface MeasureRequest {
  config: Config;
  logger: Logger;
  git: Report['git'];
  /** Made only once the daemon answered: a baseline the user named but cannot be used is said then. */
  baseline(): BaselineSession | undefined;
}

export interface Measured {
  report: Report;
  runId: string;
  /** The exit code a signal asked for (130 / 143), when one arrived. */
  signalled: number | undefined;
}

/** Throws what stopped the run (the daemon, the input, a bug) for the caller to sort (failure.ts). */
export async function measureRun(req: MeasureRequest, hooks: RunHooks): Promise<Measured> {
  const endpoint = connectDocker();
  await pingDocker(endpoint);
  await reapLeftovers(endpoint.docker, { log: hooks.info }).catch((e: unknown) => hooks.warning(`leftovers of earlier runs not checked (${errorMessage(e)})`));
  const runId = newRunId();
  await hooks.beforeStart?.(runId);
  const life = startLifecycle(endpoint.docker, runId, hooks.onSignal);
  try {
    const report = await runPipeline(req.config, {
      endpoint,
      clock: systemClock,
      logger: req.logger,
      runId,
      version: VERSION,
      signal: life.signal,
      live: life.live,
      git: req.git,
      baseline: req.baseline(),
    });
    return { report, runId, signalled: life.exitCode() };
  } finally {
    // A failed cleanup (daemon gone) must not hide the run's own result.
    await life.cleanup().catch((e: unknown) => hooks.cleanupFailed(errorMessage(e), runId));
    life.dispose();
  }
}

/**
 * After the run (the action's post step): what it left goes. With its id, exactly its resources;
 * without (a runner that keeps no state), what carries our labels from this workflow run whose
 * creating process has ended, and anything of ours older than the reaper's age.
 */
export async function removeLeftovers(runId: string | undefined, env: NodeJS.ProcessEnv, log: { info(m: string): void; debug(m: string): void }): Promise<void> {
  const { docker } = connectDocker();
  if (runId) {
    const removed = await removeRunResources(docker, runId);
    const kept = removed.kept.length > 0 ? `; kept the built image(s) ${removed.kept.map((id) => id.replace(/^sha256:/, '').slice(0, 12)).join(', ')} (keep-image)` : '';
    return log.info(`removed ${removed.containers.length} container(s) and ${removed.images.length} image(s) of run ${runId}${kept}`);
  }
  const prefix = env.GITHUB_RUN_ID ? `${[env.GITHUB_RUN_ID, env.GITHUB_RUN_ATTEMPT].filter(Boolean).join('-')}-` : undefined;
  log.info(
    `no saved run id (this runner gives the post step no state); removing containers with startup-sla's labels ${prefix ? `from workflow run ${prefix}* whose main step has ended, and ` : ''}older than ${REAP_AGE_MS / 3_600_000} h`,
  );
  await reapLeftovers(docker, { log: log.info, ...(prefix ? { runPrefix: prefix } : { byProcess: false }) });
  if (prefix) await reapLeftovers(docker, { log: log.debug, byProcess: false });
}
