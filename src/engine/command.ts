// `engine-builder: command`: any toolchain that makes the engine, run on the runner itself.
// The command learns where to write from STARTUP_SLA_ENGINE_OUTPUT (and the model from
// STARTUP_SLA_ENGINE_ONNX); it must write a non-empty file there.
import { mkdir, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { exec as actionsExec } from '@actions/exec';
import type { GpuFacts } from '../model.ts';
import { engineCacheKey, restoreEngine, sha256File, storeEngine } from './cache.ts';
import { EngineBuildError, tail } from './errors.ts';
import type { EngineBuildResult } from './result.ts';
import { requireFile } from './trtexec.ts';

export interface CommandBuildInput {
  command: string;
  output: string;
  /** When set, the engine is cached under a key of (model, command, GPUs). */
  onnx?: string;
  cacheDir: string;
  timeoutMs: number;
  cwd?: string;
}

export interface CommandContext {
  gpus: GpuFacts[];
  log?: (line: string) => void;
  /** Injected in tests; @actions/exec's exec otherwise. */
  exec?: typeof actionsExec;
  /** Keep the command's output off our stdout (tests). */
  silent?: boolean;
}

export async function buildEngineWithCommand(input: CommandBuildInput, ctx: CommandContext): Promise<EngineBuildResult> {
  const output = resolve(input.output);
  const onnx = input.onnx === undefined ? undefined : resolve(input.onnx);
  if (onnx !== undefined && input.onnx !== undefined) await requireFile(onnx, 'engine-onnx', input.onnx);
  await mkdir(dirname(output), { recursive: true });
  const gpus = ctx.gpus.map((g) => ({ name: g.name, computeCapability: g.computeCapability, driverVersion: g.driverVersion }));
  // Without a model file the command's inputs are unknown to us: no key, no cache.
  const key = onnx === undefined ? undefined : engineCacheKey({ modelSha256: await sha256File(onnx), builder: `command:${input.command}`, flags: [], gpus });
  if (key !== undefined) {
    const hit = await restoreEngine(resolve(input.cacheDir), key, output);
    if (hit !== undefined) return { builder: 'command', enginePath: output, sizeBytes: hit.sizeBytes, cacheHit: true, cacheKey: key, buildMs: 0, cachedBuildMs: hit.buildMs, tensorrtVersion: hit.tensorrtVersion, warnings: [] };
  }
  await rm(output, { force: true });
  const lines: string[] = [];
  const onLine = (l: string) => {
    lines.push(l);
    if (lines.length > 2000) lines.shift();
    ctx.log?.(l);
  };
  const started = performance.now();
  // coreutils `timeout` because @actions/exec cannot kill its child; exit 124 means it fired.
  const seconds = Math.max(1, Math.ceil(input.timeoutMs / 1000));
  const exitCode = await (ctx.exec ?? actionsExec)('timeout', ['--kill-after=10', String(seconds), 'bash', '-c', input.command], {
    cwd: input.cwd,
    env: { ...stringEnv(process.env), STARTUP_SLA_ENGINE_OUTPUT: output, STARTUP_SLA_ENGINE_ONNX: onnx ?? '' },
    ignoreReturnCode: true,
    silent: ctx.silent ?? false,
    listeners: { stdline: onLine, errline: onLine },
  });
  const buildMs = performance.now() - started;
  if (exitCode === 124 || exitCode === 137) throw new EngineBuildError(`engine-command did not finish within ${input.timeoutMs} ms (build-timeout-ms)`, tail(lines));
  if (exitCode !== 0) throw new EngineBuildError(`engine-command exited with code ${exitCode}`, tail(lines));
  const size = await stat(output).then((s) => s.size, () => 0);
  if (size === 0) throw new EngineBuildError(`engine-command exited 0 but wrote no engine at ${output} ($STARTUP_SLA_ENGINE_OUTPUT)`, tail(lines));
  if (key !== undefined) await storeEngine(resolve(input.cacheDir), { key, createdAt: new Date().toISOString(), buildMs, sizeBytes: size }, output);
  return { builder: 'command', enginePath: output, sizeBytes: size, cacheHit: false, cacheKey: key, buildMs, warnings: [] };
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}
