// The post step: whatever the main step left (it was killed, or its cleanup failed) goes now.
// It has its own entry file (post-step.ts), so it never needs saved state to know it is the post
// step; it needs the run id only to know what is this run's.
import * as core from '@actions/core';
import { connectDocker } from './docker/client.ts';
import { removeRunResources } from './docker/cleanup.ts';
import { reapLeftovers, REAP_AGE_MS } from './docker/reaper.ts';
import { errorMessage } from './util/errors.ts';

export async function post(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const runId = core.getState('runId');
  // A runner that keeps state (GITHUB_STATE) but got none from the main step: it started nothing.
  if (!runId && env.GITHUB_STATE) return core.info('startup-sla: nothing to clean up');
  try {
    const { docker } = connectDocker();
    if (runId) {
      const removed = await removeRunResources(docker, runId);
      const kept = removed.kept.length > 0 ? `; kept the built image(s) ${removed.kept.map((id) => id.replace(/^sha256:/, '').slice(0, 12)).join(', ')} (keep-image)` : '';
      return core.info(`startup-sla: removed ${removed.containers.length} container(s) and ${removed.images.length} image(s) of run ${runId}${kept}`);
    }
    // No saved state on this runner: this run's id is unknown. Remove what carries our labels
    // from this workflow run whose creating process (the main step) has ended, and anything of
    // ours older than the reaper's age.
    const prefix = env.GITHUB_RUN_ID ? `${[env.GITHUB_RUN_ID, env.GITHUB_RUN_ATTEMPT].filter(Boolean).join('-')}-` : undefined;
    core.info(
      `startup-sla: no saved run id (this runner gives the post step no state); removing containers with startup-sla's labels ${prefix ? `from workflow run ${prefix}* whose main step has ended, and ` : ''}older than ${REAP_AGE_MS / 3_600_000} h`,
    );
    await reapLeftovers(docker, { log: (m) => core.info(`startup-sla: ${m}`), ...(prefix ? { runPrefix: prefix } : { byProcess: false }) });
    if (prefix) await reapLeftovers(docker, { log: (m) => core.debug(`startup-sla: ${m}`), byProcess: false });
  } catch (e: unknown) {
    // Cleanup is best effort: a post step that fails the job would hide the real result.
    core.warning(`startup-sla: cleanup${runId ? ` of run ${runId}` : ''} failed: ${errorMessage(e)}`);
  }
}

/** The name @github/local-action calls in a `--post` entry (as in actions/typescript-action). */
export const run = post;
