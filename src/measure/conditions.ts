// Start conditions, checked before any start of any target: how many containers the Docker host
// can be asked to start at once (`concurrency`), and whether this process may drop the page
// cache (`page-cache: drop`). Each refusal is one line naming the input, its value and what is
// needed; nothing has been created yet when it is thrown.
import type { TargetConfig } from '../config/schema.ts';
import { ConfigError } from '../util/errors.ts';
import type { PageCache } from './page-cache.ts';

/** Above this many starts per CPU the burst measures the host's run queue, not the image. */
export const MAX_STARTS_PER_CPU = 4;

export interface HostFacts {
  /** Of the Docker host (the daemon's NCPU), where the containers run. */
  cpuCount: number;
  memoryBytes: number;
  /** The daemon runs on this machine (a page cache dropped here is its page cache). */
  local: boolean;
  dockerHost: string;
}

export interface ConditionCheck {
  error?: string;
  warnings: string[];
}

type Conditions = Pick<TargetConfig, 'concurrency' | 'page-cache' | 'max-memory-mib'>;

/** The decision, pure: `cannotDrop` is the page cache's own answer (undefined: it can). */
export function checkConditions(t: Conditions, host: HostFacts, cannotDrop: () => string | undefined, dropPath: string): ConditionCheck {
  const warnings: string[] = [];
  const k = t.concurrency;
  const cpus = Math.max(1, host.cpuCount);
  const bound = MAX_STARTS_PER_CPU * cpus;
  if (k > bound) {
    return { error: `"concurrency" has value ${k}: the Docker host has ${cpus} CPU(s), and more than ${MAX_STARTS_PER_CPU} starts per CPU measure its run queue, not the image; set concurrency to ${bound} or less`, warnings };
  }
  if (k > cpus) warnings.push(`concurrency ${k} is more than the Docker host's ${cpus} CPU(s): the starts of a burst queue for the CPUs, and the figures say so`);
  const limit = t['max-memory-mib'];
  const hostMiB = host.memoryBytes / (1024 * 1024);
  if (limit !== undefined && hostMiB > 0 && k * limit > hostMiB) {
    warnings.push(`concurrency ${k} starts of up to max-memory-mib ${limit} MiB need ${Math.round(k * limit)} MiB; the Docker host has ${Math.round(hostMiB)} MiB`);
  }
  if (t['page-cache'] === 'drop') {
    if (!host.local) {
      return { error: `"page-cache" has value "drop": the page cache to drop is the Docker host's, and DOCKER_HOST (${host.dockerHost}) is another machine; run on the Docker host, or set page-cache to warm`, warnings };
    }
    const why = cannotDrop();
    if (why !== undefined) {
      return { error: `"page-cache" has value "drop": dropping the page cache needs root, to write 3 to ${dropPath}, and ${why}; run as root, or set page-cache to warm`, warnings };
    }
  }
  return { warnings };
}

/** Every target's conditions: the first refusal is thrown, warnings go to `warn`. */
export function checkStartConditions(targets: readonly TargetConfig[], host: HostFacts, pageCache: PageCache, warn: (m: string) => void): void {
  for (const t of targets) {
    const r = checkConditions(t, host, () => pageCache.cannotDrop(), pageCache.path);
    const who = targets.length > 1 ? `${t.id}: ` : '';
    if (r.error !== undefined) throw new ConfigError(`${who}${r.error}`);
    for (const w of r.warnings) warn(`${t.id}: ${w}`);
  }
}
