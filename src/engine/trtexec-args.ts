// trtexec's command line: the paths we own (--onnx, --saveEngine, --timingCacheFile) plus the
// user's `trtexec-args`, each checked against the flags the builder image's own `trtexec
// --help` lists, because flags come and go between releases (TensorRT 11 removed --fp16) and
// an unknown flag must be the user's clear error, not a silent drop or a late failure.
import { ConfigError } from '../util/errors.ts';

/** Flags we set from other inputs; the user may not pass them in trtexec-args. */
export const OWNED_FLAGS = ['--onnx', '--saveEngine', '--timingCacheFile', '--loadEngine'] as const;

export interface TrtexecPaths {
  onnx: string;
  engine: string;
  timingCache: string;
}

/**
 * The user's trtexec-args, made whole again: the config list splits on commas, but trtexec
 * values hold commas (`--optShapes=a:1x3,b:1x8`); a piece that is not a flag belongs to the
 * flag before it.
 */
export function normalizeUserArgs(args: string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    const last = out.length - 1;
    if (!a.startsWith('-') && last >= 0) out[last] = `${out[last]},${a}`;
    else out.push(a);
  }
  return out;
}

export function flagName(arg: string): string {
  const eq = arg.indexOf('=');
  return eq < 0 ? arg : arg.slice(0, eq);
}

/**
 * The flags a `trtexec --help` lists: the first column of option lines ("  --fp16   Enable
 * ..."), never flags quoted inside descriptions ("e.g. --tacticSources=-CUDNN").
 */
export function parseHelpFlags(help: string): Set<string> {
  const flags = new Set<string>();
  for (const line of help.split(/\r?\n/)) {
    const m = /^ {1,6}(-{1,2}[A-Za-z][\w-]*(?:=\S*)?(?:, *-{1,2}[A-Za-z][\w-]*(?:=\S*)?)*)(?: {2,}|$)/.exec(line);
    if (m?.[1] === undefined) continue;
    for (const part of m[1].split(',')) flags.add(flagName(part.trim()));
  }
  return flags;
}

/** Refuses what trtexec would not take, naming the flag and the builder image. */
export function checkUserArgs(args: string[], known: Set<string>, builderImage: string): void {
  for (const arg of args) {
    const name = flagName(arg);
    if (!name.startsWith('-')) {
      throw new ConfigError(`Input "trtexec-args" has value "${arg}": expected --flag or --flag=value`);
    }
    if ((OWNED_FLAGS as readonly string[]).includes(name)) {
      throw new ConfigError(
        `Input "trtexec-args" has value "${arg}": ${name} is set by startup-sla (from engine-onnx, engine-output, engine-cache-dir); remove it`,
      );
    }
    if (!known.has(name)) {
      const hint = name === '--fp16' ? ' (TensorRT 11 removed --fp16: strong typing is the default; drop it or use a TensorRT 10 builder image)' : '';
      throw new ConfigError(`Input "trtexec-args" has value "${arg}": \`trtexec --help\` in builder image ${builderImage} does not list ${name}${hint}`);
    }
  }
  for (const owned of ['--onnx', '--saveEngine', '--timingCacheFile']) {
    if (!known.has(owned)) {
      throw new ConfigError(`builder image ${builderImage}: its \`trtexec --help\` does not list ${owned}; is trtexec there and is it TensorRT 8.x or later?`);
    }
  }
}

/** The full argument list, our paths first so the log reads like the documented recipe. */
export function trtexecArgs(paths: TrtexecPaths, userArgs: string[]): string[] {
  return [`--onnx=${paths.onnx}`, `--saveEngine=${paths.engine}`, `--timingCacheFile=${paths.timingCache}`, ...userArgs];
}
