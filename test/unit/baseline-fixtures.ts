// Shared builders for the baseline tests (not a test file itself).
import type { Environment, GpuFacts, Sample } from '../../src/model.ts';
import { describe } from '../../src/analyze/stats.ts';
import { toHistoryEntry, type HistoryEntry } from '../../src/baseline/history.ts';

export const gpu: GpuFacts = { name: 'NVIDIA A100-SXM4-80GB', driverVersion: '550.54.15', persistenceMode: 'Enabled', cudaVersion: '12.4' };

export const env: Environment = {
  dockerVersion: '27.3.1',
  dockerApiVersion: '1.47',
  dockerHost: 'unix:///var/run/docker.sock',
  os: 'Ubuntu 24.04',
  kernel: '6.8.0',
  cpuModel: 'AMD EPYC 7V13  64-Core Processor',
  cpuCount: 16,
  memoryBytes: 1e11,
  runnerLabels: ['self-hosted', 'gpu', 'a100'],
  gpus: [gpu],
};

export function samples(totals: number[]): Sample[] {
  return totals.map((t, index) => ({
    index,
    warmup: false,
    arm: 'head',
    totalMs: t,
    phases: [{ name: 'create', ms: 0 }, { name: 'start', ms: t * 0.3 }, { name: 'engine deserialized', ms: t * 0.8 }, { name: 'ready', ms: t }],
  }));
}

export function entry(runId: string, commit: string, date: string, ref = 'refs/heads/main', totals = [1000, 1010, 990]): HistoryEntry {
  return toHistoryEntry({ runId, commit, ref, date, samples: samples(totals), stats: describe(totals), event: 'push' });
}
