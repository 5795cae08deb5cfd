// The classic builder's JSON progress stream. Errors arrive as items ({error, errorDetail}),
// not as stream errors, and dockerode's followProgress passes them on as ordinary items
// (../shared/FACTS.md, "dockerode"): every item is checked here.

export interface ProgressItem {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { code?: number; message?: string };
  aux?: { ID?: string };
}

export interface BuildProgress {
  /** Output lines of the build (RUN output, step headers), newest last. */
  lines: string[];
  imageId?: string;
  error?: string;
}

export function newProgress(): BuildProgress {
  return { lines: [] };
}

/** Folds one item into the progress; the first error wins (later ones are consequences). */
export function applyItem(p: BuildProgress, item: ProgressItem, maxLines = 5000): void {
  if (typeof item.stream === 'string') {
    for (const line of item.stream.split('\n')) if (line.trim() !== '') p.lines.push(line.replace(/\r$/, ''));
    if (p.lines.length > maxLines) p.lines.splice(0, p.lines.length - maxLines);
    // Older daemons give the id only in text.
    const built = /^Successfully built ([0-9a-f]{12,64})\s*$/m.exec(item.stream);
    if (built?.[1] !== undefined) p.imageId ??= built[1];
  }
  if (typeof item.aux?.ID === 'string') p.imageId = item.aux.ID;
  const message = item.errorDetail?.message ?? item.error;
  if (typeof message === 'string' && message !== '' && p.error === undefined) p.error = message.trim();
}

/** Splits the daemon's newline-delimited JSON; returns items and the unfinished remainder. */
export function splitJsonLines(buffered: string): { items: ProgressItem[]; rest: string } {
  const parts = buffered.split('\n');
  const rest = parts.pop() ?? '';
  const items: ProgressItem[] = [];
  for (const part of parts) {
    const t = part.trim();
    if (t === '') continue;
    try {
      items.push(JSON.parse(t) as ProgressItem);
    } catch {
      // Not JSON (a proxy's error page?): keep it as output so it reaches the error message.
      items.push({ stream: t });
    }
  }
  return { items, rest };
}
