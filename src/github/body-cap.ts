// GitHub refuses comment bodies over 65,536 characters, and check-run summaries over 65,535. A
// body over the limit loses what its sections say may go: the lines of its log excerpts first
// (oldest first, since the end of a log says why a start failed), then whole excerpts, then its
// tail; never a section marked keep (the verdict). The cap counts characters; it reads no markup.
import { sectionsOf, sectionText, type Body, type Section } from '../util/sections.ts';

export const COMMENT_LIMIT = 65_536;
export const CHECK_SUMMARY_LIMIT = 65_535;

const REMOVED = '_(log excerpt removed: size limit)_';
const TAIL_NOTE = '\n\n_(report cut here: size limit)_';
// The note that replaces dropped lines costs about this much; count it in.
const NOTE_COST = 60;

type Lines = Extract<Section, { kind: 'lines' }>;

/** Drops the oldest lines of one excerpt until `need` characters are saved. */
function shrinkExcerpt(s: Lines, need: number): Lines {
  let saved = 0;
  let drop = 0;
  while (drop < s.lines.length && saved < need + NOTE_COST) saved += (s.lines[drop++] ?? '').length + 1;
  if (drop === 0) return s;
  const note = `… ${drop} earlier line${drop === 1 ? '' : 's'} cut (size limit)`;
  return { ...s, lines: [note, ...s.lines.slice(drop)] };
}

const lengthOf = (parts: readonly Section[]) => parts.reduce((n, s) => n + sectionText(s).length, 0);

/** `body` at most `limit` characters (UTF-16 units, never fewer than GitHub's code points). */
export function capBody(body: Body, limit: number = COMMENT_LIMIT): string {
  const parts = sectionsOf(body);
  if (lengthOf(parts) <= limit) return parts.map(sectionText).join('');
  const excerpts = parts.flatMap((s, i) => (s.kind === 'lines' ? [i] : [])).reverse();
  // 1. Trim excerpts, last first.
  for (const k of excerpts) {
    const s = parts[k];
    const size = lengthOf(parts);
    if (size <= limit) break;
    if (s?.kind === 'lines') parts[k] = shrinkExcerpt(s, size - limit);
  }
  // 2. Remove whole excerpts, last first.
  for (const k of excerpts) {
    if (lengthOf(parts) <= limit) break;
    parts[k] = { kind: 'text', markdown: REMOVED };
  }
  const text = parts.map(sectionText).join('');
  if (text.length <= limit) return text;
  // 3. Cut the tail, but not above the last kept section.
  const lastKept = parts.map((s) => s.kind).lastIndexOf('keep');
  const keep = Math.max(limit - TAIL_NOTE.length, lengthOf(parts.slice(0, lastKept + 1)));
  // A verdict longer than the limit cannot be kept whole; GitHub would refuse it all.
  return (text.slice(0, keep) + TAIL_NOTE).slice(0, limit);
}
