// A log line's own timestamp (the text a rule's `ts` group captured) as epoch ms. Some forms
// say the instant (unix seconds, ISO 8601 with a zone); others are a wall reading without zone
// or year (glog/Triton `MMDD HH:MM:SS.micro`, ISO without zone, vLLM `MM-DD HH:MM:SS`), and
// those are settled against a reference instant: the daemon's own timestamp of the same line.

export interface LineTime {
  /** Epoch ms; for a naive reading, the reading taken as UTC (in `year` when it had none). */
  ms: number;
  /** False: the text names no zone, so `ms` is off by the server's zone offset. */
  zoned: boolean;
  /** True: the text names no year (glog, vLLM). */
  yearless: boolean;
}

const UNIX = /^(\d{9,11})(?:\.(\d{1,9}))?$/;
const ISO = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?\s*(Z|[+-]\d\d:?\d\d)?$/;
const GLOG = /^(\d\d)-?(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?$/;

const frac = (digits: string | undefined) => (digits ? Number(`0.${digits}`) * 1000 : 0);

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** Parses the captured text; `year` fills in for forms without one. Undefined: not a known form. */
export function parseLineTime(text: string, year: number): LineTime | undefined {
  const t = text.trim();
  let m = UNIX.exec(t);
  if (m) return { ms: Number(m[1]) * 1000 + frac(m[2]), zoned: true, yearless: false };
  m = ISO.exec(t);
  if (m) {
    const [, y, mo, d, h, mi, s, f, zone] = m;
    let ms = utc(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s)) + frac(f);
    if (zone && zone !== 'Z') {
      const sign = zone.startsWith('-') ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
    }
    return Number.isFinite(ms) ? { ms, zoned: zone !== undefined, yearless: false } : undefined;
  }
  m = GLOG.exec(t);
  if (m) {
    const [, mo, d, h, mi, s, f] = m;
    const ms = utc(year, Number(mo), Number(d), Number(h), Number(mi), Number(s)) + frac(f);
    return Number.isFinite(ms) ? { ms, zoned: false, yearless: true } : undefined;
  }
  return undefined;
}

const ZONE_STEP_MS = 15 * 60_000;

/**
 * The instant a naive reading stands for, given a reference instant taken when the line was
 * written or just after (the daemon's log timestamp): the year closest to it, then the zone
 * offset, which is always a whole number of quarter hours, so a line that reached the daemon
 * a few minutes late still resolves exactly.
 */
export function settle(text: string, referenceMs: number): number | undefined {
  const refYear = new Date(referenceMs).getUTCFullYear();
  let best: LineTime | undefined;
  for (const year of [refYear, refYear - 1, refYear + 1]) {
    const lt = parseLineTime(text, year);
    if (!lt) return undefined;
    if (lt.zoned) return lt.ms;
    if (!best || Math.abs(lt.ms - referenceMs) < Math.abs(best.ms - referenceMs)) best = lt;
    if (!lt.yearless) break;
  }
  if (!best) return undefined;
  const zone = Math.round((referenceMs - best.ms) / ZONE_STEP_MS) * ZONE_STEP_MS;
  return best.ms + zone;
}
