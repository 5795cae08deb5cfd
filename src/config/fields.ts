// Field builders shared by the schema: every value may arrive as a string (action inputs, CLI
// flags) or typed (YAML), and every refusal must say what is accepted.
import { z } from 'zod';

// The range is also metadata, so the JSON Schema generated for editors (schema/) carries it.
export function int(min: number, max: number) {
  return z.union([z.number(), z.string()]).meta({ minimum: min, maximum: max }).transform((v, ctx) => {
    const text = String(v).trim();
    const n = typeof v === 'number' ? v : /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isInteger(n) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `expected a whole number from ${min} to ${max}` });
      return z.NEVER;
    }
    return n;
  });
}

export function num(min: number, max: number, unit = '') {
  return z.union([z.number(), z.string()]).meta({ minimum: min, maximum: max }).transform((v, ctx) => {
    const text = String(v).trim();
    const n = typeof v === 'number' ? v : /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isFinite(n) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `expected a number from ${min} to ${max}${unit}` });
      return z.NEVER;
    }
    return n;
  });
}

const TRUE = new Set(['true', 'True', 'TRUE']);
const FALSE = new Set(['false', 'False', 'FALSE']);
/** The YAML 1.2 core booleans, as @actions/core's getBooleanInput accepts them. */
export function bool() {
  return z.union([z.boolean(), z.string()]).transform((v, ctx) => {
    if (typeof v === 'boolean') return v;
    if (TRUE.has(v.trim())) return true;
    if (FALSE.has(v.trim())) return false;
    ctx.addIssue({ code: 'custom', message: 'expected true or false' });
    return z.NEVER;
  });
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.string().transform((v, ctx) => {
    const t = v.trim();
    if ((values as readonly string[]).includes(t)) return t as T[number];
    ctx.addIssue({ code: 'custom', message: `expected one of ${values.join(', ')}` });
    return z.NEVER;
  });
}

/** A list given as YAML sequence, or as text split on commas and newlines. */
export function list() {
  return z.union([z.array(z.union([z.string(), z.number()])), z.string()]).transform((v) =>
    (Array.isArray(v) ? v.map(String) : v.split(/[,\n]/)).map((s) => s.trim()).filter((s) => s !== ''),
  );
}

/** KEY=VALUE pairs: a YAML map, or lines of text (the form multi-line action inputs take). */
export function keyValues(what: string) {
  return z
    .unknown()
    .transform((v, ctx) => {
      const scalar = (x: unknown) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean';
      if (typeof v !== 'string' && (typeof v !== 'object' || v === null || Array.isArray(v) || !Object.values(v).every(scalar))) {
        ctx.addIssue({ code: 'custom', message: `expected ${what} as a mapping of NAME: value, or as KEY=VALUE lines` });
        return z.NEVER;
      }
      if (typeof v !== 'string') return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, String(x)]));
      const out: Record<string, string> = {};
      for (const line of v.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'))) {
        const eq = line.indexOf('=');
        if (eq <= 0) {
          ctx.addIssue({ code: 'custom', message: `expected ${what} as KEY=VALUE lines, got "${line}"` });
          return z.NEVER;
        }
        out[line.slice(0, eq).trim()] = line.slice(eq + 1);
      }
      return out;
    });
}

/** Optional text: empty strings (what the runner passes for an unset input) mean absent. */
export function optText() {
  return z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
}
