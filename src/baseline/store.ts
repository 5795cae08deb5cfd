// Where history lives, behind one interface: a branch of the repository written through the
// GitHub API (branch-store.ts) or a file the user keeps with actions/cache or artifacts
// (file-store.ts). Stores never throw for what can happen in normal life (no history yet,
// corrupt or future documents, a read-only token, a conflict storm): they answer a status with
// a message main can print as a warning, so a storage problem never hides the measurement.
import type { EnvironmentFingerprint } from './fingerprint.ts';
import type { HistoryDoc, HistoryEntry, HistoryProblem } from './history.ts';

export interface HistoryKey {
  targetId: string;
  /** fingerprintKey(environment) */
  fingerprint: string;
  environment: EnvironmentFingerprint;
}

export type ReadResult =
  | { status: 'found'; doc: HistoryDoc; where: string }
  | { status: 'missing'; where: string; reason: string }
  | { status: 'unreadable'; where: string; problem: HistoryProblem | { kind: 'io'; message: string } };

export type WriteResult =
  | { status: 'written'; where: string; entries: number; attempts: number }
  | { status: 'skipped'; reason: string }
  | { status: 'refused'; reason: string }
  | { status: 'failed'; reason: string };

export interface HistoryStore {
  /** "branch startup-sla-data of octo/repo", "file ./baseline.json": for messages. */
  readonly description: string;
  read(key: HistoryKey): Promise<ReadResult>;
  /** Adds one run's entry: re-read, merge (union by runId), prune to `historySize`, write. */
  append(key: HistoryKey, entry: HistoryEntry, historySize: number): Promise<WriteResult>;
}
