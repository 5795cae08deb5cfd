// A Markdown body in ordered parts, so an edge with a size limit (GitHub refuses a comment over
// 65,536 characters) can shorten it without reading its markup: the report says what must stay
// and what may go first; the edge only counts characters.

export type Section =
  /** Never cut (the verdict): everything up to the last kept section stays. */
  | { kind: 'keep'; markdown: string }
  /** May be cut off the end of the body. */
  | { kind: 'text'; markdown: string }
  /**
   * A log excerpt: its lines may go oldest first (the end of a log says why a start failed), then
   * the whole excerpt. Rendered as head, lines and foot, one per line.
   */
  | { kind: 'lines'; head: string; lines: readonly string[]; foot: string };

/** What the GitHub edge posts: Markdown, whole or in sections. A string is one cuttable section. */
export type Body = string | readonly Section[];

export function sectionText(s: Section): string {
  return s.kind === 'lines' ? [s.head, ...s.lines, s.foot].join('\n') : s.markdown;
}

export function sectionsOf(body: Body): Section[] {
  return typeof body === 'string' ? [{ kind: 'text', markdown: body }] : [...body];
}

export function joinSections(body: Body): string {
  return typeof body === 'string' ? body : body.map(sectionText).join('');
}

export const keep = (markdown: string): Section => ({ kind: 'keep', markdown });

/**
 * `parts` joined by `sep` as Array.join would join their text, as sections: a string is text, a
 * list of sections is put in as it is. The text is exactly `parts.map(joinSections).join(sep)`.
 */
export function joinParts(parts: readonly (string | Section | readonly Section[])[], sep = '\n'): Section[] {
  const out: Section[] = [];
  const push = (s: Section) => {
    const last = out[out.length - 1];
    if (last?.kind === 'text' && s.kind === 'text') out[out.length - 1] = { kind: 'text', markdown: last.markdown + s.markdown };
    else out.push(s);
  };
  parts.forEach((p, i) => {
    if (i > 0 && sep !== '') push({ kind: 'text', markdown: sep });
    if (typeof p === 'string') push({ kind: 'text', markdown: p });
    else if (Array.isArray(p)) for (const s of p as readonly Section[]) push(s);
    else push(p as Section);
  });
  return out;
}
