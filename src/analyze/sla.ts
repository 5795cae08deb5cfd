import type { StatName, Stats } from '../model.ts';

export interface SlaResult {
  stat: StatName;
  limitMs: number;
  valueMs: number;
  met: boolean;
}

export function checkSla(stats: Stats, stat: StatName, limitMs: number): SlaResult {
  const valueMs = stats[stat];
  return { stat, limitMs, valueMs, met: Number.isFinite(valueMs) && valueMs <= limitMs };
}
