// Markdown tables for docs/statistics.md from bench/stats/drift-results*.json:
//   node bench/stats/drift-table.ts bench/stats/drift-results.json
import { readFileSync } from 'node:fs';

interface Row { mode: string; driftPct: number; noise: string; n: number; storedRuns?: number; falseFail: number; detect10: number; detect20: number }
const data = JSON.parse(readFileSync(process.argv[2] ?? 'bench/stats/drift-results.json', 'utf8')) as { rows: Row[]; settings: Record<string, number>; date: string };
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;

for (const mode of ['history', 'interleaved'] as const) {
  console.log(`\n#### ${mode}${mode === 'history' ? ' (10 stored runs unless said)' : ' (N per arm)'}, threshold ${data.settings.thresholdPct}%\n`);
  console.log(line(['run drift', 'noise', 'N', ...(mode === 'history' ? ['stored runs'] : []), 'false fails', 'caught +10%', 'caught +20%']));
  console.log(line(['---:', '---', '---:', ...(mode === 'history' ? ['---:'] : []), '---:', '---:', '---:']));
  for (const r of data.rows.filter((x) => x.mode === mode)) {
    console.log(line([`${r.driftPct}%`, r.noise, r.n, ...(mode === 'history' ? [r.storedRuns ?? ''] : []), pct(r.falseFail), pct(r.detect10), pct(r.detect20)]));
  }
}
