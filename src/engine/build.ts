// The engine stage's one entry point for main: picks the builder from `engine-builder` and
// checks that the inputs it needs are there, naming the missing one.
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { TargetConfig } from '../config/schema.ts';
import { locateDriverLibs, listNvidiaDevices, type DriverLibs } from '../docker/gpu.ts';
import { ConfigError } from '../util/errors.ts';
import { buildEngineWithCommand, type CommandContext } from './command.ts';
import type { EngineBuildResult } from './result.ts';
import { buildEngineWithTrtexec, type EngineContext } from './trtexec.ts';

/** Where engines are cached when engine-cache-dir is unset: under RUNNER_TEMP, so per job. */
export function defaultEngineCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.RUNNER_TEMP ?? tmpdir(), 'startup-sla', 'engine-cache');
}

type EngineTarget = Pick<
  TargetConfig,
  'engine-builder' | 'engine-onnx' | 'engine-output' | 'builder-image' | 'trtexec-args' | 'engine-command' | 'engine-cache-dir' | 'gpus' | 'gpu-mode' | 'gpu-driver-libs' | 'build-timeout-ms'
>;

/** Builds (or restores) the engine a target asks for; undefined when engine-builder is none. */
export async function buildEngine(t: EngineTarget, ctx: EngineContext & Pick<CommandContext, 'exec' | 'silent'> & { cwd?: string }): Promise<EngineBuildResult | undefined> {
  const need = (key: keyof EngineTarget): string => {
    const v = t[key];
    if (typeof v !== 'string' || v === '') throw new ConfigError(`Input "${key}" is required when engine-builder is ${t['engine-builder']}`);
    return v;
  };
  const cacheDir = t['engine-cache-dir'] ?? defaultEngineCacheDir();
  switch (t['engine-builder']) {
    case 'none':
      return undefined;
    case 'trtexec': {
      const manual = t['gpu-mode'] === 'manual' && t.gpus !== undefined;
      let driverLibs: DriverLibs | undefined;
      if (manual) driverLibs = locateDriverLibs(t['gpu-driver-libs']);
      return buildEngineWithTrtexec(
        {
          onnx: need('engine-onnx'),
          output: need('engine-output'),
          builderImage: need('builder-image'),
          trtexecArgs: t['trtexec-args'],
          cacheDir,
          gpu: { gpus: t.gpus, mode: t['gpu-mode'], driverLibs, hostDevices: manual ? listNvidiaDevices() : undefined },
          timeoutMs: t['build-timeout-ms'],
        },
        ctx,
      );
    }
    case 'command':
      return buildEngineWithCommand(
        { command: need('engine-command'), output: need('engine-output'), onnx: t['engine-onnx'], cacheDir, timeoutMs: t['build-timeout-ms'], ...(ctx.cwd ? { cwd: ctx.cwd } : {}) },
        ctx,
      );
  }
}
