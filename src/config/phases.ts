// The `phases` setting: marks taken from the server's own log lines. Written as lines of
// `label=regex` (the form multi-line action inputs take), as a YAML mapping label: regex, or as
// a preset name (`triton`, `vllm`) standing for the rules of that server's documented lines.
import { z } from 'zod';
import { PHASE_PRESETS } from './phase-presets.ts';

export interface PhaseRule {
  label: string;
  /** The regular expression's source, as written (compiled where lines are read). */
  pattern: string;
  /** The preset the rule came from, when it came from one. */
  preset?: string | undefined;
}

/** Names the action gives its own marks: a server rule may not take them. */
const RESERVED = new Set(['create', 'started-at', 'start', 'first-output', 'ready']);
const MAX_LABEL = 60;

export const PHASES_FORMS = `lines of label=regex, a mapping of label: regex, or a preset (${Object.keys(PHASE_PRESETS).join(', ')})`;

/** Whether the regex takes the line's own time: it has a named group `ts`. */
export function hasTimeGroup(pattern: string): boolean {
  return /\(\?<ts>/.test(pattern);
}

/** One rule, or the reason it is not one; the words match the `log:` health check's. */
export function parseRule(label: string, pattern: string): PhaseRule | string {
  const l = label.trim();
  if (l === '') return `"${pattern}" has no label: write label=regex`;
  if (l.length > MAX_LABEL) return `label "${l.slice(0, 20)}..." is longer than ${MAX_LABEL} characters`;
  if (RESERVED.has(l)) return `label "${l}" is one of the action's own marks (${[...RESERVED].join(', ')}); choose another`;
  if (pattern === '') return `${l}= needs a regular expression after the =`;
  try {
    new RegExp(pattern);
  } catch (e: unknown) {
    return `${l}: regular expression does not compile (${(e as Error).message})`;
  }
  return { label: l, pattern };
}

function preset(name: string): PhaseRule[] | undefined {
  const rules = PHASE_PRESETS[name];
  return rules?.map((r) => ({ ...r, preset: name }));
}

/** Parses every form; returns the rules, or the first reason one is wrong. */
export function parsePhases(value: unknown): PhaseRule[] | string {
  const out: PhaseRule[] = [];
  const add = (r: PhaseRule | string): string | undefined => {
    if (typeof r === 'string') return r;
    if (out.some((o) => o.label === r.label)) return `label "${r.label}" is given twice`;
    out.push(r);
    return undefined;
  };
  if (typeof value === 'string') {
    for (const raw of value.split('\n')) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      const eq = line.indexOf('=');
      if (eq < 0) {
        const rules = preset(line);
        if (!rules) return `"${line}" is neither label=regex nor a preset (${Object.keys(PHASE_PRESETS).join(', ')})`;
        for (const r of rules) {
          const err = add(r);
          if (err) return err;
        }
        continue;
      }
      // The regex is everything after the first '=', untrimmed on the left would keep a space
      // the user did not mean; a space the regex needs can be written \s or [ ].
      const err = add(parseRule(line.slice(0, eq), line.slice(eq + 1).trim()));
      if (err) return err;
    }
    return out;
  }
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return parsePhases(value.join('\n'));
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [label, pattern] of Object.entries(value as Record<string, unknown>)) {
      if (typeof pattern !== 'string') return `${label}: expected a regular expression as text`;
      const err = add(parseRule(label, pattern));
      if (err) return err;
    }
    return out;
  }
  return `expected ${PHASES_FORMS}`;
}

export const phasesSchema = z.unknown().transform((value, ctx): PhaseRule[] => {
  const parsed = parsePhases(value);
  if (typeof parsed === 'string') {
    ctx.addIssue({ code: 'custom', message: parsed });
    return z.NEVER;
  }
  return parsed;
});
