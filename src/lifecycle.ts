// One run's identity and its cancellation. The runner sends SIGINT, then SIGTERM 7.5 s later,
// then kills. On the first signal the current start stops waiting and removes its container as
// it unwinds; the caller then sweeps everything labelled with the run id and exits (130 / 143).
import { randomBytes } from 'node:crypto';
import type { DockerClient } from './docker/client.ts';
import { removeRunResources, type Removed } from './docker/cleanup.ts';

export interface RunLifecycle {
  runId: string;
  live: Set<string>;
  signal: AbortSignal;
  /** The exit code a signal asks for, once one arrived. */
  exitCode(): number | undefined;
  /** Removes everything of this run still on the daemon; safe to call more than once. */
  cleanup(): Promise<Removed>;
  dispose(): void;
}

export function newRunId(env: NodeJS.ProcessEnv = process.env): string {
  const parts = [env.GITHUB_RUN_ID, env.GITHUB_RUN_ATTEMPT].filter(Boolean);
  return [...parts, randomBytes(4).toString('hex')].join('-');
}

// Well inside the runner's 7.5 s between SIGINT and SIGTERM, even with a hung daemon.
const HARD_EXIT_MS = 6000;

export function startLifecycle(docker: DockerClient, runId: string, onSignal: (name: string) => void): RunLifecycle {
  const controller = new AbortController();
  const live = new Set<string>();
  let code: number | undefined;
  const cleanup = () => removeRunResources(docker, runId);
  const handler = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) return;
    code = name === 'SIGINT' ? 130 : 143;
    onSignal(name);
    controller.abort();
    const hard = setTimeout(() => process.exit(code), HARD_EXIT_MS);
    hard.unref();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    runId,
    live,
    signal: controller.signal,
    exitCode: () => code,
    cleanup,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
