// The history document: one JSON file per target id and environment fingerprint, holding the
// last `history-size` results of trusted runs. Parsing never throws and never guesses: corrupt
// JSON, a foreign document or one from a newer schema come back as a problem with a clear
// message, and a store must then refuse to overwrite the file (never lose history).
import { z } from 'zod';
import type { Sample, Stats } from '../model.ts';
import { median } from '../analyze/stats.ts';
import type { EnvironmentFingerprint } from './fingerprint.ts';
import type { ArtefactFacts } from './what-changed.ts';
import { errorMessage } from '../util/errors.ts';

export const HISTORY_KIND = 'startup-sla-history';
export const HISTORY_SCHEMA_VERSION = 1;

const statsSchema = z.object({
  n: z.number(),
  min: z.number(),
  p50: z.number(),
  p90: z.number(),
  p95: z.number(),
  p99: z.number(),
  max: z.number(),
  mean: z.number(),
  stdev: z.number(),
});

const artefactSchema = z.looseObject({
  imageId: z.string().optional(),
  imageDigest: z.string().optional(),
  imageSizeBytes: z.number().optional(),
  engineSha256: z.string().optional(),
  engineSizeBytes: z.number().optional(),
  builderVersion: z.string().optional(),
});

export const fingerprintSchema = z.looseObject({
  gpus: z.array(
    z.looseObject({ name: z.string(), driverVersion: z.string(), persistenceMode: z.string().optional(), cudaVersion: z.string().optional() }),
  ),
  runnerLabels: z.array(z.string()),
  dockerVersion: z.string(),
  cpuModel: z.string(),
  startConditions: z.string().optional(),
});

// looseObject everywhere: fields added by a later minor version survive a rewrite by this one.
const entrySchema = z.looseObject({
  runId: z.string().min(1),
  commit: z.string().min(1),
  ref: z.string(),
  /** ISO 8601 time of the run. */
  date: z.string().refine((d) => !Number.isNaN(Date.parse(d)), 'expected an ISO 8601 date'),
  event: z.string().optional(),
  /** create -> ready of each counted start, ms (0.1 ms). */
  totals: z.array(z.number()),
  /** Phase marks, compact: one row per start aligned with `names`; null where a start lacks one. */
  phases: z.object({ names: z.array(z.string()), marks: z.array(z.array(z.number().nullable())) }).optional(),
  stats: statsSchema,
  artefact: artefactSchema.optional(),
});

export const historySchema = z.looseObject({
  schemaVersion: z.literal(HISTORY_SCHEMA_VERSION),
  kind: z.literal(HISTORY_KIND),
  targetId: z.string(),
  fingerprint: z.string(),
  environment: fingerprintSchema,
  entries: z.array(entrySchema),
});

export type HistoryEntry = z.output<typeof entrySchema>;
export type HistoryDoc = z.output<typeof historySchema>;

export type HistoryProblem = { kind: 'corrupt' | 'future' | 'foreign'; message: string };
export type ParsedHistory = { ok: true; doc: HistoryDoc } | { ok: false; problem: HistoryProblem };

/** `where` names the file in messages ("startup-sla-data:api/abc123.json"). */
export function parseHistory(text: string, where: string): ParsedHistory {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e: unknown) {
    const why = errorMessage(e);
    return { ok: false, problem: { kind: 'corrupt', message: `${where} is not valid JSON (${why}); left untouched, fix or delete it` } };
  }
  return checkHistory(raw, where);
}

export function checkHistory(raw: unknown, where: string): ParsedHistory {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, problem: { kind: 'foreign', message: `${where} is not a startup-sla history document (expected a JSON object)` } };
  }
  const version = (raw as Record<string, unknown>).schemaVersion;
  if (typeof version === 'number' && version > HISTORY_SCHEMA_VERSION) {
    return {
      ok: false,
      problem: {
        kind: 'future',
        message: `${where} has schemaVersion ${version}, newer than this startup-sla understands (${HISTORY_SCHEMA_VERSION}): upgrade the action; the file is left untouched`,
      },
    };
  }
  const parsed = historySchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const at = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
    return { ok: false, problem: { kind: 'foreign', message: `${where} is not a startup-sla history document${at}: ${first?.message ?? 'invalid'}` } };
  }
  return { ok: true, doc: parsed.data };
}

export function emptyHistory(targetId: string, fingerprint: string, environment: EnvironmentFingerprint): HistoryDoc {
  return { schemaVersion: HISTORY_SCHEMA_VERSION, kind: HISTORY_KIND, targetId, fingerprint, environment, entries: [] };
}

export function serializeHistory(doc: HistoryDoc): string {
  return `${JSON.stringify(doc, null, 1)}\n`;
}

export interface EntryInput {
  runId: string;
  commit: string;
  ref: string;
  date: string;
  event?: string;
  /** Counted head samples (warm-ups and base arm already removed). */
  samples: readonly Sample[];
  stats: Stats;
  artefact?: ArtefactFacts;
}

const r1 = (v: number) => Math.round(v * 10) / 10;

export function toHistoryEntry(input: EntryInput): HistoryEntry {
  // Phase names in timeline order (by their median mark), whatever order starts report them.
  const byName = new Map<string, number[]>();
  for (const s of input.samples) for (const p of s.phases) byName.set(p.name, [...(byName.get(p.name) ?? []), p.ms]);
  const names = [...byName.keys()].sort((a, b) => median(byName.get(a) ?? []) - median(byName.get(b) ?? []));
  const marks = input.samples.map((s) => names.map((n) => {
    const p = s.phases.find((x) => x.name === n);
    return p === undefined ? null : r1(p.ms);
  }));
  return {
    runId: input.runId,
    commit: input.commit,
    ref: input.ref,
    date: input.date,
    ...(input.event ? { event: input.event } : {}),
    totals: input.samples.map((s) => r1(s.totalMs)),
    phases: { names, marks },
    stats: input.stats,
    ...(input.artefact ? { artefact: input.artefact } : {}),
  };
}

/** The entry's starts as base-arm samples, for compareSamples and comparePhases. */
export function entrySamples(entry: HistoryEntry): Sample[] {
  return entry.totals.map((totalMs, index) => {
    const row = entry.phases?.marks[index] ?? [];
    const phases = (entry.phases?.names ?? [])
      .map((name, i) => ({ name, ms: row[i] }))
      .filter((p): p is { name: string; ms: number } => typeof p.ms === 'number');
    return { index, warmup: false, arm: 'base', totalMs, phases };
  });
}

/**
 * Union by runId (concurrent writers each add their own run), oldest first, capped to
 * `historySize` by dropping the oldest. On a runId in both, the stored entry wins: a rerun
 * does not rewrite history.
 */
export function mergeHistory(stored: HistoryDoc, incoming: readonly HistoryEntry[], historySize: number): HistoryDoc {
  const byRun = new Map<string, HistoryEntry>();
  for (const e of incoming) byRun.set(e.runId, e);
  for (const e of stored.entries) byRun.set(e.runId, e);
  const entries = [...byRun.values()].sort((a, b) => Date.parse(a.date) - Date.parse(b.date) || a.runId.localeCompare(b.runId));
  return { ...stored, entries: entries.slice(Math.max(0, entries.length - historySize)) };
}

/** Where a target's history lives in a store: `<target>/<fingerprint>.json`. */
export function historyPath(targetId: string, fingerprint: string): string {
  const safe = targetId.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '') || 'target';
  return `${safe}/${fingerprint}.json`;
}
