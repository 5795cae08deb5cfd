// A previous JSON report (src/report/report.ts) read as a baseline: `baseline-file` may point
// at the report a cached or downloaded earlier run wrote. Read with its own lenient schema (only
// what a baseline needs), so a report from an older or newer action still works when those
// fields are there.
import { z } from 'zod';
import type { Sample } from '../model.ts';
import { describe } from '../analyze/stats.ts';
import { countedSamples } from '../analyze/samples.ts';
import { fingerprintKey, fingerprintOf, withStartConditions } from './fingerprint.ts';
import { emptyHistory, toHistoryEntry, type HistoryDoc } from './history.ts';

const sampleSchema = z.object({
  index: z.number(),
  warmup: z.boolean(),
  arm: z.enum(['head', 'base']).default('head'),
  totalMs: z.number(),
  phases: z.array(z.object({ name: z.string(), ms: z.number() })).default([]),
});

const reportSchema = z.object({
  tool: z.object({ name: z.literal('startup-sla') }),
  runId: z.string(),
  createdAt: z.string(),
  environment: z.looseObject({
    dockerVersion: z.string(),
    cpuModel: z.string(),
    runnerLabels: z.array(z.string()).optional(),
    gpus: z.array(z.looseObject({ name: z.string(), driverVersion: z.string(), persistenceMode: z.string().optional(), cudaVersion: z.string().optional() })),
  }),
  targets: z.array(
    z.looseObject({
      id: z.string(),
      concurrency: z.number().optional(),
      pageCache: z.string().optional(),
      samples: z.array(sampleSchema),
      image: z.looseObject({ id: z.string().optional(), sizeBytes: z.number().optional() }).optional(),
    }),
  ),
  git: z.looseObject({ sha: z.string().optional(), ref: z.string().optional() }).optional(),
});

export function looksLikeReport(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && (raw as { tool?: { name?: unknown } }).tool?.name === 'startup-sla';
}

/**
 * One history document per target of the report, each with the report's run as its only
 * entry. A report without a commit sha is stamped `unknown` (selection by base commit then
 * falls back to date).
 */
export function historyFromReport(raw: unknown, where: string): { ok: true; docs: HistoryDoc[] } | { ok: false; message: string } {
  const parsed = reportSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, message: `${where} is a startup-sla report without what a baseline needs (${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'})` };
  }
  const r = parsed.data;
  const docs = r.targets.map((t) => {
    // The report's own start conditions: a burst report compares with bursts only.
    const env = withStartConditions(fingerprintOf(r.environment), { concurrency: t.concurrency, pageCache: t.pageCache });
    const fp = fingerprintKey(env);
    const counted: Sample[] = countedSamples(t.samples);
    const entry = toHistoryEntry({
      runId: r.runId,
      commit: r.git?.sha ?? 'unknown',
      ref: r.git?.ref ?? '',
      date: r.createdAt,
      samples: counted,
      stats: describe(counted.map((s) => s.totalMs)),
      artefact: { ...(t.image?.id ? { imageId: t.image.id } : {}), ...(t.image?.sizeBytes !== undefined ? { imageSizeBytes: t.image.sizeBytes } : {}) },
    });
    return { ...emptyHistory(t.id, fp, env), entries: [entry] };
  });
  return { ok: true, docs };
}
