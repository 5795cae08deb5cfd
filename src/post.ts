// The post step: whatever the main step left (it was killed, or its cleanup failed) goes now.
import * as core from '@actions/core';
import { connectDocker } from './docker/client.ts';
import { removeRunResources } from './docker/cleanup.ts';
import { errorMessage } from './util/errors.ts';

export async function post(): Promise<void> {
  const runId = core.getState('runId');
  if (!runId) return core.info('startup-sla: nothing to clean up');
  try {
    const removed = await removeRunResources(connectDocker().docker, runId);
    core.info(`startup-sla: removed ${removed.containers.length} container(s) and ${removed.images.length} image(s) of run ${runId}`);
  } catch (e: unknown) {
    // Cleanup is best effort: a post step that fails the job would hide the real result.
    core.warning(`startup-sla: cleanup of run ${runId} failed: ${errorMessage(e)}`);
  }
}
