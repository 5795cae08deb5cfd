// The post step: whatever the main step left (it was killed, or its cleanup failed) goes now.
// It has its own entry file (post-step.ts), so it never needs saved state to know it is the post
// step; it needs the run id only to know what is this run's.
import * as core from '@actions/core';
import { savedRunId } from './action-state.ts';
import { removeLeftovers } from './run-lifecycle.ts';
import { errorMessage } from './util/errors.ts';

export async function post(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const runId = savedRunId();
  // A runner that keeps state (GITHUB_STATE) but got none from the main step: it started nothing.
  if (!runId && env.GITHUB_STATE) return core.info('startup-sla: nothing to clean up');
  try {
    await removeLeftovers(runId || undefined, env, { info: (m) => core.info(`startup-sla: ${m}`), debug: (m) => core.debug(`startup-sla: ${m}`) });
  } catch (e: unknown) {
    // Cleanup is best effort: a post step that fails the job would hide the real result.
    core.warning(`startup-sla: cleanup${runId ? ` of run ${runId}` : ''} failed: ${errorMessage(e)}`);
  }
}

/** The name @github/local-action calls in a `--post` entry (as in actions/typescript-action). */
export const run = post;
