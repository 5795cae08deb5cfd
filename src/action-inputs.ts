// What the runner hands the main step besides the event: the inputs (INPUT_* variables) and, on
// some runners, its own version.
import * as core from '@actions/core';
import { RUN_KEYS, TARGET_KEYS } from './config/schema.ts';
import { closest } from './config/suggest.ts';

const KNOWN = [...TARGET_KEYS, ...RUN_KEYS] as string[];

export function readInputs(): Record<string, string> {
  return Object.fromEntries(KNOWN.map((k) => [k, core.getInput(k)]));
}

/**
 * The runner warns about an input action.yml does not declare, but cannot say which was meant.
 * It passes such inputs on as INPUT_* all the same, spelt upper-case with hyphens kept.
 */
export function warnUnknownInputs(env: NodeJS.ProcessEnv = process.env): string[] {
  const known = new Set(KNOWN.map((k) => k.replace(/ /g, '_').toUpperCase()));
  const unknown = Object.keys(env)
    .filter((k) => k.startsWith('INPUT_') && !known.has(k.slice('INPUT_'.length)))
    .map((k) => k.slice('INPUT_'.length).toLowerCase());
  for (const name of unknown) {
    const match = closest(name, KNOWN);
    core.warning(`startup-sla: input "${name}" is not one startup-sla knows; it is ignored${match ? `. Did you mean "${match}"?` : ''}`);
  }
  return unknown;
}

/** node24 actions need runner 2.327.1 or later (the first that ships Node 24). */
export const MIN_RUNNER = '2.327.1';

function older(a: string, b: string): boolean {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}

/**
 * Only RUNNER_VERSION is read: GitHub's runner does not set it for steps today (its version is
 * not in the documented default variables), some runners and workflows do. Nothing is guessed.
 */
export function warnOldRunner(env: NodeJS.ProcessEnv = process.env): 'old' | 'ok' | 'unknown' {
  const version = env.RUNNER_VERSION?.trim().replace(/^v/, '');
  if (!version || !/^\d+\.\d+\.\d+/.test(version)) {
    core.debug('startup-sla: runner version unknown (RUNNER_VERSION is not set)');
    return 'unknown';
  }
  if (!older(version, MIN_RUNNER)) return 'ok';
  core.warning(`startup-sla: this runner is version ${version} (RUNNER_VERSION); startup-sla runs on node24, which needs runner ${MIN_RUNNER} or later: update the runner`);
  return 'old';
}
