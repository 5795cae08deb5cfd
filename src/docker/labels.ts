/** Every container and image startup-sla creates carries these, so cleanup never guesses. */
export const RUN_LABEL = 'startup-sla.run';
export const MANAGED_LABEL = 'startup-sla.managed';
export const TARGET_LABEL = 'startup-sla.target';

export function runLabels(runId: string, extra: Record<string, string> = {}): Record<string, string> {
  return { [MANAGED_LABEL]: 'true', [RUN_LABEL]: runId, ...extra };
}
/** What an image or container is for the run (`base`: the base commit's build, always removed). */
export const ROLE_LABEL = 'startup-sla.role';
