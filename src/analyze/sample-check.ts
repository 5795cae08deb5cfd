// What may reach the statistics: finite, positive durations. A NaN sorts nowhere (it broke the
// median and the rank test silently) and a zero or negative time is a clock fault, not a start.

/** A sentence naming the side and the bad values, or undefined when all are usable. */
export function invalidValues(values: readonly number[], side: 'head' | 'baseline'): string | undefined {
  const bad = values.filter((v) => !(Number.isFinite(v) && v > 0));
  if (bad.length === 0) return undefined;
  const shown = [...new Set(bad.map(String))].slice(0, 3).join(', ');
  return `the ${side} has ${bad.length} unusable value(s) (${shown}): only finite times above 0 ms are compared`;
}

export function isUsableDuration(ms: number): boolean {
  return Number.isFinite(ms) && ms > 0;
}
