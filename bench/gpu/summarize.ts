// Turns the GPU run's raw reports into the seed's phase table (docs/gpu-results.md):
//   node bench/gpu/summarize.ts bench/results/gpu/gpu-report.json bench/results/gpu/gpu-cold.json
// Phases per start, from the action's marks and the server's stamped lines:
//   container init = create call -> "process started"; CUDA init -> "cuda init";
//   engine load -> "engine loaded"; context + warm-up -> "listening"; total = ready.
import { readFileSync } from 'node:fs';
import { describe } from '../../src/analyze/stats.ts';
import type { Sample } from '../../src/model.ts';

const [reportPath, coldPath] = process.argv.slice(2);
const report = JSON.parse(readFileSync(reportPath ?? '', 'utf8')) as { targets: { id: string; image: { sizeBytes: number }; samples: Sample[] }[] };
const cold = coldPath ? (JSON.parse(readFileSync(coldPath, 'utf8')) as { samples: Sample[] }) : undefined;

const COLUMNS: [string, string | undefined, string][] = [
  ['container init', undefined, 'process started'],
  ['CUDA init', 'process started', 'cuda init'],
  ['engine load', 'cuda init', 'engine loaded'],
  ['context + warm-up', 'engine loaded', 'listening'],
  ['ready detection', 'listening', 'ready'],
];

function mark(s: Sample, name: string | undefined): number {
  if (name === undefined) return 0;
  return s.phases.find((p) => p.name === name)?.ms ?? Number.NaN;
}

function row(id: string, size: string, samples: Sample[]): string {
  const counted = samples.filter((s) => !s.warmup);
  const cells = COLUMNS.map(([, from, to]) => {
    const st = describe(counted.map((s) => mark(s, to) - mark(s, from)).filter(Number.isFinite));
    return `${st.p50.toFixed(0)} / ${st.p95.toFixed(0)}`;
  });
  const total = describe(counted.map((s) => s.totalMs));
  return `| ${id} | ${size} | ${cells.join(' | ')} | **${total.p50.toFixed(0)} / ${total.p95.toFixed(0)}** | ${total.n} |`;
}

console.log(`| variant | image | ${COLUMNS.map(([c]) => c).join(' | ')} | total | n |`);
console.log(`|---|---:|${COLUMNS.map(() => '---:').join('|')}|---:|---:|`);
for (const t of report.targets) console.log(row(t.id, `${(t.image.sizeBytes / 1e6).toFixed(0)} MB`, t.samples));
if (cold) console.log(row('engine-1gb-disk, page cache dropped', '112 MB', cold.samples));
