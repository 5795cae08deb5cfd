// Turns what the user gave (action inputs, CLI flags, a YAML file) into one validated Config.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { LineCounter, parseDocument, isMap, isNode, isSeq } from 'yaml';
import type { z } from 'zod';
import { ConfigError, fileErrorReason } from '../util/errors.ts';
import { RUN_KEYS, TARGET_KEYS, runSchema, targetSchema, type Config, type TargetConfig } from './schema.ts';
import { didYouMean } from './suggest.ts';

const ALL_KEYS = [...TARGET_KEYS, ...RUN_KEYS] as string[];

export type Source = 'action' | 'cli';
const SECRET_KEYS = new Set(['github-token']);

function showValue(key: string, value: unknown): string {
  if (SECRET_KEYS.has(key)) return '(hidden)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const shown = text === undefined ? 'nothing' : JSON.stringify(text.length > 120 ? `${text.slice(0, 117)}...` : text);
  return shown;
}

function describeIssue(where: (key: string) => string, input: Record<string, unknown>, issue: z.core.$ZodIssue): string {
  const key = String(issue.path[0] ?? '');
  const value = input[key];
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((k) => `${where(k)} is not a setting startup-sla knows${didYouMean(k, ALL_KEYS)}`).join('\n');
  }
  if (value === undefined) return `${where(key)} is required: ${issue.message === 'Invalid input: expected string, received undefined' ? 'no value was given' : issue.message}`;
  return `${where(key)} has value ${showValue(key, value)}: ${issue.message.startsWith('Invalid input') ? wrongKind(value) : issue.message}`;
}

/** zod's own words for a value of the wrong kind ("Invalid input") do not say what to write. */
function wrongKind(value: unknown): string {
  const kind = Array.isArray(value) ? 'a list' : value === null ? 'empty' : typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
  return `expected a single text or number value, not ${kind} (see action.yml for the accepted form)`;
}

function parseWith<S extends z.ZodType>(schema: S, input: Record<string, unknown>, where: (key: string) => string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((i) => describeIssue(where, input, i)).join('\n'));
}

function nameFor(source: Source): (key: string) => string {
  return source === 'action' ? (k) => `Input "${k}"` : (k) => `Flag --${k}`;
}

/** Drops unset values: the runner passes "" for inputs without a value, which means "default". */
function present(given: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => given[k] !== undefined && given[k] !== '').map((k) => [k, given[k]]));
}

/**
 * A target's id names it in reports, comment markers and the baseline store. The default is the
 * image's name alone (no registry host, path, tag or digest): the tag is what changes between the
 * PR build and the default-branch build, so with it in the id the two would never meet.
 */
export function defaultId(image: string): string {
  if (/^(sha256:)?[a-f0-9]{12,64}$/.test(image)) return `image-${image.replace(/^sha256:/, '').slice(0, 12)}`;
  const path = image.replace(/@sha256:[a-f0-9]+$/, '');
  const name = path.slice(path.lastIndexOf('/') + 1).replace(/:[^:]*$/, '');
  return name.replace(/[^a-zA-Z0-9._-]+/g, '-').slice(0, 64) || 'target';
}

function withId(t: Omit<TargetConfig, 'id'> & { id?: string | undefined }): TargetConfig {
  return { ...t, id: t.id ?? defaultId(t.image) };
}

/** Only the run-level settings (report-only mode has no target). */
export function loadRunConfig(source: Source, given: Record<string, string | undefined>): Config['run'] {
  return parseWith(runSchema, present(given, RUN_KEYS), nameFor(source));
}

export function loadConfig(source: Source, given: Record<string, string | undefined>, cwd = process.cwd()): Config {
  const where = nameFor(source);
  if (source === 'cli') {
    const unknown = Object.keys(given).filter((k) => !(TARGET_KEYS as string[]).includes(k) && !(RUN_KEYS as string[]).includes(k));
    if (unknown.length > 0) throw new ConfigError(unknown.map((k) => `${where(k)} is not a setting startup-sla knows${didYouMean(k, ALL_KEYS)}`).join('\n'));
  }
  const run = parseWith(runSchema, present(given, RUN_KEYS), where);
  const inputTarget = present(given, TARGET_KEYS);

  if (run.config === undefined) {
    return { run, targets: pickTargets([withId(parseWith(targetSchema, inputTarget, where))], run.targets, where('targets'), 'the inputs') };
  }
  if (inputTarget.image !== undefined) {
    throw new ConfigError(`${where('image')} has value ${showValue('image', inputTarget.image)}: not allowed together with ${where('config')}; list the images as targets in the file`);
  }
  const targets = loadTargetsFile(run.config, inputTarget, cwd, where);
  return { run, targets: pickTargets(targets, run.targets, where('targets'), basename(run.config)) };
}

/**
 * The targets named by `targets` (a matrix job's share of one file), in the file's order; all
 * when none are named. An id the file lacks is a typo or a stale matrix: refused, not skipped,
 * or the job would pass having measured nothing.
 */
export function pickTargets(targets: TargetConfig[], wanted: readonly string[], name: string, file: string): TargetConfig[] {
  if (wanted.length === 0) return targets;
  const known = targets.map((t) => t.id);
  const unknown = wanted.filter((id) => !known.includes(id));
  if (unknown.length > 0) {
    const first = unknown[0] ?? '';
    throw new ConfigError(
      `${name} has value ${showValue('targets', wanted.join(','))}: ${unknown.map((u) => `"${u}"`).join(', ')} ${unknown.length === 1 ? 'is not a target' : 'are not targets'} of ${file}${didYouMean(first, known)} (known: ${known.join(', ')})`,
    );
  }
  return targets.filter((t) => wanted.includes(t.id));
}

function loadTargetsFile(path: string, base: Record<string, unknown>, cwd: string, where: (key: string) => string): TargetConfig[] {
  let text: string;
  try {
    text = readFileSync(path.startsWith('/') ? path : `${cwd}/${path}`, 'utf8');
  } catch (e: unknown) {
    throw new ConfigError(`${where('config')} has value ${showValue('config', path)}: the file cannot be read (${fileErrorReason(e)})`);
  }
  const lines = new LineCounter();
  const parsedDoc = parseDocument(text, { lineCounter: lines });
  const yamlError = parsedDoc.errors[0];
  if (yamlError) {
    throw new ConfigError(`${where('config')} has value ${showValue('config', path)}: not valid YAML (${yamlError.message.split('\n')[0]})`);
  }
  const doc: unknown = parsedDoc.toJS();
  // Where each target starts in the file, so annotations can point at it.
  const targetsNode = isMap(parsedDoc.contents) ? parsedDoc.contents.get('targets', true) : undefined;
  const targetLines = isSeq(targetsNode) ? targetsNode.items.map((item) => (isNode(item) && item.range ? lines.linePos(item.range[0]).line : undefined)) : [];
  const file = basename(path);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new ConfigError(`${file}: expected a mapping with a "targets" list`);
  }
  const { defaults = {}, targets, ...rest } = doc as Record<string, unknown>;
  const extra = Object.keys(rest).filter((k) => k !== 'version');
  if (extra.length > 0) throw new ConfigError(`${file}: top-level key "${extra[0]}" is not known (expected version, defaults, targets)${didYouMean(extra[0] ?? '', ['version', 'defaults', 'targets'])}`);
  if (typeof defaults !== 'object' || defaults === null || Array.isArray(defaults)) throw new ConfigError(`${file}: "defaults" must be a mapping of target settings`);
  if (!Array.isArray(targets) || targets.length === 0) throw new ConfigError(`${file}: "targets" must be a non-empty list of targets (each with image and health-check)`);

  const parsed = targets.map((t: unknown, i) => {
    if (typeof t !== 'object' || t === null || Array.isArray(t)) throw new ConfigError(`${file}: targets[${i}] must be a mapping`);
    const merged = { ...base, ...(defaults as Record<string, unknown>), ...(t as Record<string, unknown>) };
    const target = withId(parseWith(targetSchema, merged, (k) => `${file}: targets[${i}].${k}`));
    const line = targetLines[i];
    return line === undefined ? target : { ...target, source: { file: path, line } };
  });
  const seen = new Set<string>();
  for (const t of parsed) {
    if (seen.has(t.id)) throw new ConfigError(`${file}: two targets have id "${t.id}"; give each an "id"`);
    seen.add(t.id);
  }
  return parsed;
}
