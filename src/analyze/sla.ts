import type { StatName, Stats } from '../model.ts';
import type { SlaScope } from './bursts.ts';

export interface SlaResult {
  stat: StatName;
  limitMs: number;
  valueMs: number;
  met: boolean;
  /** `sla-scope`: over every start, or over the slowest start of each burst. */
  scope?: SlaScope;
}

export function checkSla(stats: Stats, stat: StatName, limitMs: number, scope?: SlaScope): SlaResult {
  const valueMs = stats[stat];
  return { stat, limitMs, valueMs, met: Number.isFinite(valueMs) && valueMs <= limitMs, ...(scope ? { scope } : {}) };
}
