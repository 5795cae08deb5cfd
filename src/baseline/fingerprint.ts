// What must match for two measurements to be comparable. A driver update, persistence mode off,
// another GPU or another runner pool can move start-up time by seconds (a first CUDA init
// without persistence mode costs 1-3 s per GPU): comparing across them would blame the PR for
// the machine. The key names the history document, so each environment keeps its own history.
import { createHash } from 'node:crypto';
import type { Environment } from '../model.ts';

/** The comparable part of an Environment, normalised (sorted, trimmed) so equal machines agree. */
// A type alias, not an interface: it must fit the history schema's open (loose) objects.
export type EnvironmentFingerprint = {
  gpus: { name: string; driverVersion: string; persistenceMode?: string; cudaVersion?: string }[];
  runnerLabels: string[];
  dockerVersion: string;
  cpuModel: string;
  /**
   * Start conditions other than the default (one start at a time, page cache warm), e.g.
   * "concurrency 4, page-cache drop": bursts of 4 are a different measurement from single
   * starts, so each keeps its own history. Absent for the default, so older keys still match.
   */
  startConditions?: string;
};

export const DEFAULT_START_CONDITIONS = 'concurrency 1, page-cache warm';

/** The fingerprint for measurements made under these start conditions. */
export function withStartConditions(fp: EnvironmentFingerprint, c: { concurrency?: number | undefined; pageCache?: string | undefined }): EnvironmentFingerprint {
  const words = `concurrency ${c.concurrency ?? 1}, page-cache ${c.pageCache ?? 'warm'}`;
  return words === DEFAULT_START_CONDITIONS ? fp : { ...fp, startConditions: words };
}

/** Only the comparable fields are read, so a report's partial environment will do. */
export function fingerprintOf(env: Pick<Environment, 'gpus' | 'runnerLabels' | 'dockerVersion' | 'cpuModel'>): EnvironmentFingerprint {
  const gpus = env.gpus
    .map((g) => ({
      name: g.name.trim(),
      driverVersion: g.driverVersion.trim(),
      ...(g.persistenceMode ? { persistenceMode: g.persistenceMode.trim() } : {}),
      ...(g.cudaVersion ? { cudaVersion: g.cudaVersion.trim() } : {}),
    }))
    .sort((a, b) => canonical(a).localeCompare(canonical(b)));
  return {
    gpus,
    runnerLabels: [...new Set((env.runnerLabels ?? []).map((l) => l.trim()).filter(Boolean))].sort(),
    dockerVersion: env.dockerVersion.trim(),
    cpuModel: env.cpuModel.replace(/\s+/g, ' ').trim(),
  };
}

/** A short stable key (12 hex of sha256 over the canonical JSON), safe in a file name. */
export function fingerprintKey(fp: EnvironmentFingerprint): string {
  return createHash('sha256').update(canonical(fp)).digest('hex').slice(0, 12);
}

/**
 * What differs between the baseline's environment and this run's, in words ("GPU driver
 * 535.104 -> 550.54"); empty means comparable. CUDA version and persistence mode are compared
 * only when both sides know them: an older record without them is not "different".
 */
export function environmentDifferences(base: EnvironmentFingerprint, head: EnvironmentFingerprint): string[] {
  const out: string[] = [];
  const diff = (what: string, a: string, b: string) => {
    if (a !== b) out.push(`${what} ${a || '(none)'} -> ${b || '(none)'}`);
  };
  if (base.gpus.length !== head.gpus.length) out.push(`GPU count ${base.gpus.length} -> ${head.gpus.length}`);
  for (let i = 0; i < Math.min(base.gpus.length, head.gpus.length); i++) {
    const a = base.gpus[i];
    const b = head.gpus[i];
    if (!a || !b) continue;
    const which = base.gpus.length > 1 ? ` ${i}` : '';
    diff(`GPU${which} model`, a.name, b.name);
    diff(`GPU${which} driver`, a.driverVersion, b.driverVersion);
    if (a.persistenceMode && b.persistenceMode) diff(`GPU${which} persistence mode`, a.persistenceMode, b.persistenceMode);
    if (a.cudaVersion && b.cudaVersion) diff(`GPU${which} CUDA`, a.cudaVersion, b.cudaVersion);
  }
  diff('runner labels', base.runnerLabels.join(','), head.runnerLabels.join(','));
  diff('Docker', base.dockerVersion, head.dockerVersion);
  diff('CPU', base.cpuModel, head.cpuModel);
  diff('start conditions', base.startConditions ?? DEFAULT_START_CONDITIONS, head.startConditions ?? DEFAULT_START_CONDITIONS);
  return out;
}

/** JSON with keys sorted at every level: the same object always hashes the same. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}
