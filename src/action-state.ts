// What the main step hands its post step through the runner's saved state (core.saveState,
// read back as STATE_<key>): one setter and getter per key, as docker/build-push-action's
// state-helper.ts does, so no file spells a key.
import * as core from '@actions/core';

const RUN_ID = 'runId';

export function saveRunId(runId: string): void {
  core.saveState(RUN_ID, runId);
}

/** Empty when the main step saved none: it started nothing, or this runner keeps no state. */
export function savedRunId(): string {
  return core.getState(RUN_ID);
}
