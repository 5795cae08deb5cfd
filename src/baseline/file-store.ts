// History in files: `baseline-file` is read (a history document, an array of them, or a
// previous JSON report), and, when a history directory is given, `<dir>/<target>/<fp>.json` is
// merged and rewritten (for users who keep history with actions/cache or artifacts).
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { checkHistory, emptyHistory, historyPath, mergeHistory, parseHistory, serializeHistory, type HistoryDoc, type HistoryEntry } from './history.ts';
import { historyFromReport, looksLikeReport } from './report-import.ts';
import type { HistoryKey, HistoryStore, ReadResult, WriteResult } from './store.ts';
import { errorMessage } from '../util/errors.ts';

export interface FileStoreOptions {
  /** `baseline-file`: read only. */
  baselineFile?: string;
  /** A directory whose history documents are read and written (when the event is trusted). */
  historyDir?: string;
  /** Whether this run may write (see isTrustedForBaseline in src/github/event.ts). */
  trusted: boolean;
}

export function fileStore(opts: FileStoreOptions): HistoryStore {
  return {
    description: [opts.baselineFile && `file ${opts.baselineFile}`, opts.historyDir && `directory ${opts.historyDir}`].filter(Boolean).join(' and ') || 'no file',
    async read(key) {
      if (opts.baselineFile) return readBaselineFile(opts.baselineFile, key);
      if (opts.historyDir) return readDoc(join(opts.historyDir, historyPath(key.targetId, key.fingerprint)));
      return { status: 'missing', where: 'file', reason: 'no baseline-file given' };
    },
    async append(key, entry, historySize) {
      if (!opts.historyDir) return { status: 'skipped', reason: 'no history directory to write' };
      if (!opts.trusted) return { status: 'skipped', reason: 'read-only: this event does not write history' };
      return appendToFile(join(opts.historyDir, historyPath(key.targetId, key.fingerprint)), key, entry, historySize);
    },
  };
}

async function readText(path: string): Promise<{ text: string } | { missing: true } | { error: string }> {
  try {
    return { text: await readFile(path, 'utf8') };
  } catch (e: unknown) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { missing: true };
    return { error: errorMessage(e) };
  }
}

async function readDoc(path: string): Promise<ReadResult> {
  const t = await readText(path);
  if ('missing' in t) return { status: 'missing', where: path, reason: 'no run of this target and environment is stored there yet' };
  if ('error' in t) return { status: 'unreadable', where: path, problem: { kind: 'io', message: `cannot read ${path}: ${t.error}` } };
  const parsed = parseHistory(t.text, path);
  return parsed.ok ? { status: 'found', doc: parsed.doc, where: path } : { status: 'unreadable', where: path, problem: parsed.problem };
}

/**
 * A baseline file holds the document for this target; when several are there (an array, or a
 * report with several targets), the one of this target, preferring the same environment. A
 * document from another environment is still returned: the caller reports "not comparable".
 */
async function readBaselineFile(path: string, key: HistoryKey): Promise<ReadResult> {
  const t = await readText(path);
  if ('missing' in t) return { status: 'missing', where: path, reason: `baseline-file ${path} does not exist` };
  if ('error' in t) return { status: 'unreadable', where: path, problem: { kind: 'io', message: `cannot read baseline-file ${path}: ${t.error}` } };
  let raw: unknown;
  try {
    raw = JSON.parse(t.text);
  } catch (e: unknown) {
    return { status: 'unreadable', where: path, problem: { kind: 'corrupt', message: `baseline-file ${path} is not valid JSON (${errorMessage(e)})` } };
  }
  let docs: HistoryDoc[] = [];
  if (looksLikeReport(raw)) {
    const r = historyFromReport(raw, `baseline-file ${path}`);
    if (!r.ok) return { status: 'unreadable', where: path, problem: { kind: 'foreign', message: r.message } };
    docs = r.docs;
  } else {
    for (const [i, item] of (Array.isArray(raw) ? raw : [raw]).entries()) {
      const c = checkHistory(item, Array.isArray(raw) ? `baseline-file ${path} [${i}]` : `baseline-file ${path}`);
      if (!c.ok) return { status: 'unreadable', where: path, problem: c.problem };
      docs.push(c.doc);
    }
  }
  const mine = docs.filter((d) => d.targetId === key.targetId);
  const doc = mine.find((d) => d.fingerprint === key.fingerprint) ?? mine[0];
  if (!doc) return { status: 'missing', where: path, reason: `baseline-file ${path} has no result for target "${key.targetId}" (it has: ${docs.map((d) => d.targetId).join(', ') || 'none'})` };
  return { status: 'found', doc, where: path };
}

async function appendToFile(path: string, key: HistoryKey, entry: HistoryEntry, historySize: number): Promise<WriteResult> {
  const current = await readDoc(path);
  if (current.status === 'unreadable') return { status: 'refused', reason: `${current.problem.message}; this run's result was not stored` };
  const base = current.status === 'found' ? current.doc : emptyHistory(key.targetId, key.fingerprint, key.environment);
  const doc = mergeHistory(base, [entry], historySize);
  try {
    await mkdir(dirname(path), { recursive: true });
    // Write then rename: a crash mid-write leaves the old document, not half a new one.
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, serializeHistory(doc));
    await rename(tmp, path);
  } catch (e: unknown) {
    return { status: 'failed', reason: `cannot write ${path}: ${errorMessage(e)}` };
  }
  return { status: 'written', where: path, entries: doc.entries.length, attempts: 1 };
}

