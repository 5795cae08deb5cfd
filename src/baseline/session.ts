// The baseline side of one run: read the target's history before measuring (to know what to
// compare with, and whether to keep sampling), and append this run's entry afterwards when the
// event may write. Storage problems become warnings, never a lost measurement.
import type { Environment, ImageFacts, Sample, Stats } from '../model.ts';
import { fingerprintKey, fingerprintOf, withStartConditions } from './fingerprint.ts';
import { toHistoryEntry } from './history.ts';
import type { HistoryKey, HistoryStore, WriteResult } from './store.ts';
import type { BaselineSource } from './evaluate.ts';
import type { BaselineRef } from '../analyze/verdict.ts';
import type { SelectionContext } from './select.ts';
import type { ArtefactFacts } from './what-changed.ts';
import type { EngineBuildResult } from '../engine/result.ts';

export interface BaselineSession {
  /** Which kind of store `baseline` resolved to (from-config.ts). */
  mode?: 'branch' | 'file' | 'local' | 'none';
  /** What the user asked for: `auto` builds a PR's base commit and measures it interleaved. */
  requested?: 'auto' | 'branch' | 'file' | 'local' | 'none';
  /** On a pull request: the base commit and how to fetch it when the checkout lacks it. */
  pullBase?: { commit: string; token?: string | undefined; remoteUrl?: string | undefined; tempDir?: string | undefined };
  /** undefined: no history store (baseline none, or nothing to read from). */
  store?: HistoryStore | undefined;
  /** Why there is no store, for the "no baseline" reason. */
  noStoreReason?: string | undefined;
  context: SelectionContext;
  historySize: number;
  /** This run, as it will be recorded. */
  run: { runId: string; commit: string; ref: string; event: string };
}

/** `conditions`: the target's `concurrency` and `page-cache`; bursts keep a history of their own. */
export function historyKey(targetId: string, environment: Environment, conditions: { concurrency?: number | undefined; pageCache?: string | undefined } = {}): HistoryKey {
  const fp = withStartConditions(fingerprintOf(environment), conditions);
  return { targetId, fingerprint: fingerprintKey(fp), environment: fp };
}

export function artefactOf(image: ImageFacts, engine?: EngineBuildResult): ArtefactFacts {
  const a: ArtefactFacts = { imageId: image.id, imageSizeBytes: image.sizeBytes };
  if (engine) {
    a.engineSizeBytes = engine.sizeBytes;
    if (engine.cacheKey) a.engineSha256 = engine.cacheKey;
    if (engine.tensorrtVersion) a.builderVersion = `TensorRT ${engine.tensorrtVersion}`;
  }
  return a;
}

/** Where the comparison's other side comes from, read once before measuring. */
export async function readBaselineSource(
  session: BaselineSession | undefined,
  key: HistoryKey,
  interleaved: { baseArtefact: ArtefactFacts; ref?: BaselineRef } | undefined,
): Promise<{ source: BaselineSource; warning?: string }> {
  if (interleaved) return { source: { kind: 'interleaved', ...interleaved } };
  if (!session?.store) return { source: { kind: 'none', reason: session?.noStoreReason ?? 'baseline is none' } };
  const read = await session.store.read(key);
  switch (read.status) {
    case 'found':
      return { source: { kind: 'history', doc: read.doc, context: session.context } };
    case 'missing':
      return { source: { kind: 'history', doc: undefined, context: session.context, problem: `${read.reason} (${read.where})` } };
    case 'unreadable': {
      const message = `history in ${read.where} is unreadable: ${read.problem.message}`;
      return { source: { kind: 'history', doc: undefined, context: session.context, problem: message }, warning: message };
    }
  }
}

export async function recordRun(
  session: BaselineSession | undefined,
  key: HistoryKey,
  samples: readonly Sample[],
  stats: Stats,
  artefact: ArtefactFacts,
): Promise<WriteResult | undefined> {
  if (!session?.store) return undefined;
  const entry = toHistoryEntry({ ...session.run, date: new Date().toISOString(), samples, stats, artefact });
  return session.store.append(key, entry, session.historySize);
}
