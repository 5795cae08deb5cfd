import { hostname } from 'node:os';

/** Every container and image startup-sla creates carries these, so cleanup never guesses. */
export const RUN_LABEL = 'startup-sla.run';
export const MANAGED_LABEL = 'startup-sla.managed';
export const TARGET_LABEL = 'startup-sla.target';
/** Which process on which machine created it: the reaper removes what a dead process left. */
export const PID_LABEL = 'startup-sla.pid';
export const HOST_LABEL = 'startup-sla.host';
/** Set on a built image the user named: it outlives the run (keep-image). */
export const KEEP_LABEL = 'startup-sla.keep';

export function runLabels(runId: string, extra: Record<string, string> = {}): Record<string, string> {
  return { [MANAGED_LABEL]: 'true', [RUN_LABEL]: runId, [PID_LABEL]: String(process.pid), [HOST_LABEL]: hostname(), ...extra };
}
/** What an image or container is for the run (`base`: the base commit's build, always removed). */
export const ROLE_LABEL = 'startup-sla.role';
