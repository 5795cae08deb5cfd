import type { Phase, PhaseSource } from '../model.ts';

/** Raw marks of one start, all on the runner's monotonic clock. */
export interface Marks {
  t0: number;
  created: number;
  /** The daemon's State.StartedAt: taken before the runtime creates the task. */
  startedAt?: number | undefined;
  /** The daemon's `start` event: the task runs (runtime and GPU hooks done). */
  started?: number | undefined;
  firstOutput?: number | undefined;
  stamps: { label: string; at: number }[];
  /** Marks from `phases` rules (server lines), with where each time came from. */
  lines?: { label: string; at: number; source: PhaseSource }[] | undefined;
  ready: number;
}

/**
 * The phase list of a start: ms from t0, sorted. Daemon marks come from another clock and the
 * stamps from the container's; they are kept as measured, never clamped, so a skewed clock shows.
 */
export function toPhases(m: Marks): Phase[] {
  const ms = (at: number) => Math.round((at - m.t0) * 1000) / 1000;
  const phases: Phase[] = [{ name: 'create', ms: ms(m.created) }];
  if (m.startedAt !== undefined) phases.push({ name: 'started-at', ms: ms(m.startedAt) });
  if (m.started !== undefined) phases.push({ name: 'start', ms: ms(m.started) });
  if (m.firstOutput !== undefined) phases.push({ name: 'first-output', ms: ms(m.firstOutput) });
  const seen = new Map<string, number>();
  const named = (label: string) => {
    // A label printed twice (a retry, a second worker) keeps its first time; later ones get a suffix.
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    return n === 1 ? label : `${label} #${n}`;
  };
  for (const s of m.stamps) phases.push({ name: named(s.label), ms: ms(s.at) });
  for (const l of m.lines ?? []) phases.push({ name: named(l.label), ms: ms(l.at), source: l.source });
  phases.push({ name: 'ready', ms: ms(m.ready) });
  return phases.sort((a, b) => a.ms - b.ms || (a.name === 'ready' ? 1 : b.name === 'ready' ? -1 : 0));
}

/** Segments between consecutive marks: what the waterfall shows ("engine deserialized: 120 ms"). */
export function segments(phases: readonly Phase[]): { name: string; startMs: number; durationMs: number }[] {
  let prev = 0;
  return phases.map((p) => {
    const seg = { name: p.name, startMs: prev, durationMs: Math.max(0, p.ms - prev) };
    prev = Math.max(prev, p.ms);
    return seg;
  });
}

/**
 * Daemon and host clocks can differ on a remote daemon. The create event must lie between t0 and
 * the create call's return; when it does not, the offset that puts it at the midpoint is used.
 */
export function daemonOffset(t0: number, created: number, createEventAt: number | undefined): number {
  if (createEventAt === undefined) return 0;
  const slackMs = 1;
  if (createEventAt >= t0 - slackMs && createEventAt <= created + slackMs) return 0;
  return (t0 + created) / 2 - createEventAt;
}
