// Builds a TensorRT engine with trtexec inside the builder image, as a GPU container:
// `docker build` has no GPU, so the engine is made first and COPYed into the image later.
// Order: check inputs -> cache lookup (a hit skips everything) -> ask the image's trtexec
// which flags it knows -> build -> trust the result only when the log and the file agree.
import { mkdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { DockerClient } from '../docker/client.ts';
import { gpuContainerOptions, type GpuSpec } from '../docker/gpu.ts';
import { Images } from '../docker/images.ts';
import { ROLE_LABEL } from '../docker/labels.ts';
import type { GpuFacts } from '../model.ts';
import { ConfigError } from '../util/errors.ts';
import { engineCacheKey, restoreEngine, sha256File, storeEngine, timingCacheName } from './cache.ts';
import { runContainerJob } from './container.ts';
import { EngineBuildError, tail } from './errors.ts';
import { checkUserArgs, normalizeUserArgs, parseHelpFlags, trtexecArgs } from './trtexec-args.ts';
import { buildFailure, parseTrtexecLog } from './trtexec-log.ts';
import type { EngineBuildResult } from './result.ts';

export interface TrtexecBuildInput {
  onnx: string;
  output: string;
  builderImage: string;
  trtexecArgs: string[];
  cacheDir: string;
  /** GPU request for the builder container; imageEnv is filled from the builder image. */
  gpu: Omit<GpuSpec, 'imageEnv'>;
  timeoutMs: number;
}

export interface EngineContext {
  docker: DockerClient;
  runId: string;
  /** The GPUs this host has (model, compute capability, driver): part of the cache key. */
  gpus: GpuFacts[];
  log?: (line: string) => void;
}

/**
 * trtexec is not always on PATH: NVIDIA's packages put it in /usr/src/tensorrt/bin, NGC
 * images in /opt/tensorrt/bin or /workspace/tensorrt/bin. Look in each, say which one, then
 * print its help (the builder image has a shell: NVIDIA's all do).
 */
const TRTEXEC_PLACES = ['trtexec', '/usr/src/tensorrt/bin/trtexec', '/opt/tensorrt/bin/trtexec', '/workspace/tensorrt/bin/trtexec'];
const FOUND = '@@startup-sla trtexec=';
const FIND_TRTEXEC = `for t in ${TRTEXEC_PLACES.join(' ')}; do p=$(command -v "$t") && { echo "${FOUND}$p"; exec "$p" --help; }; done; echo "trtexec not found" >&2; exit 127`;

/** Where the three host folders appear inside the builder container. */
const IN = { model: '/startup-sla/model', out: '/startup-sla/out', cache: '/startup-sla/cache' };

export async function buildEngineWithTrtexec(input: TrtexecBuildInput, ctx: EngineContext): Promise<EngineBuildResult> {
  const onnx = resolve(input.onnx);
  const output = resolve(input.output);
  const cacheDir = resolve(input.cacheDir);
  await requireFile(onnx, 'engine-onnx', input.onnx);
  const builder = await inspectBuilder(ctx.docker, input.builderImage);
  const userArgs = normalizeUserArgs(input.trtexecArgs);
  const gpus = ctx.gpus.map((g) => ({ name: g.name, computeCapability: g.computeCapability, driverVersion: g.driverVersion }));
  const modelSha256 = await sha256File(onnx);
  const key = engineCacheKey({ modelSha256, builder: builder.id, flags: userArgs, gpus });

  await mkdir(dirname(output), { recursive: true });
  const hit = await restoreEngine(cacheDir, key, output);
  if (hit !== undefined) {
    ctx.log?.(`engine cache hit ${key.slice(0, 12)}: ${output} (built ${hit.createdAt} in ${Math.round(hit.buildMs)} ms)`);
    return { builder: 'trtexec', enginePath: output, sizeBytes: hit.sizeBytes, cacheHit: true, cacheKey: key, buildMs: 0, cachedBuildMs: hit.buildMs, tensorrtVersion: hit.tensorrtVersion, warnings: [] };
  }

  const gpu = gpuContainerOptions({ ...input.gpu, imageEnv: builder.env });
  // With the run's labels (creating process and host too), so a crashed run's builder is reaped (docker/reaper.ts).
  const job = { runId: ctx.runId, labels: { [ROLE_LABEL]: 'engine-builder' } };
  const user = typeof process.getuid === 'function' && typeof process.getgid === 'function' ? `${process.getuid()}:${process.getgid()}` : undefined;

  const help = await runContainerJob(ctx.docker, { ...job, image: input.builderImage, cmd: ['sh', '-c', FIND_TRTEXEC], gpu, user, timeoutMs: 120_000 });
  const trtexec = help.lines.find((l) => l.startsWith(FOUND))?.slice(FOUND.length);
  const known = parseHelpFlags(help.lines.join('\n'));
  if (trtexec === undefined || known.size === 0) {
    throw new EngineBuildError(
      `builder image ${input.builderImage}: ${trtexec === undefined ? `no trtexec on its PATH nor in ${TRTEXEC_PLACES.slice(1).join(', ')}` : `\`${trtexec} --help\` listed no flags (exit code ${help.exitCode})`}`,
      tail(help.lines),
    );
  }
  checkUserArgs(userArgs, known, input.builderImage);

  await mkdir(cacheDir, { recursive: true });
  // A stale engine from an earlier run must not pass for this run's output.
  await rm(output, { force: true });
  const engineName = basename(output);
  const args = trtexecArgs(
    { onnx: `${IN.model}/${basename(onnx)}`, engine: `${IN.out}/${engineName}`, timingCache: `${IN.cache}/${timingCacheName(builder.id, gpus)}` },
    userArgs,
  );
  ctx.log?.(`trtexec ${args.join(' ')}`);
  const run = await runContainerJob(ctx.docker, {
    ...job,
    image: input.builderImage,
    cmd: [trtexec, ...args],
    binds: [`${dirname(onnx)}:${IN.model}:ro`, `${dirname(output)}:${IN.out}`, `${cacheDir}:${IN.cache}`],
    gpu,
    user,
    timeoutMs: input.timeoutMs,
    onLine: ctx.log,
  });
  const log = parseTrtexecLog(run.lines.join('\n'));
  const failure = buildFailure(log, run.exitCode);
  if (failure !== undefined) throw new EngineBuildError(`engine build failed: ${failure}`, tail(log.errors.length > 0 ? [...log.errors, '...', ...tail(run.lines, 20)] : run.lines));
  const size = await stat(output).then((s) => s.size, () => 0);
  if (size === 0) {
    throw new EngineBuildError(`engine build failed: trtexec exited 0 and printed "Engine built in" but wrote no engine at ${output} (--saveEngine=${IN.out}/${engineName})`, tail(run.lines));
  }
  await storeEngine(cacheDir, { key, createdAt: new Date().toISOString(), buildMs: run.durationMs, sizeBytes: size, tensorrtVersion: log.tensorrtVersion }, output);
  const warnings: string[] = [];
  if (log.lazyLoadingDisabled) warnings.push('CUDA lazy loading was not enabled in the builder (set CUDA_MODULE_LOADING=LAZY in the runtime image too)');
  if (log.timingCache.localOnly) warnings.push('trtexec used a local timing cache only: timing results were not persisted');
  return { builder: 'trtexec', enginePath: output, sizeBytes: size, cacheHit: false, cacheKey: key, buildMs: run.durationMs, tensorrtVersion: log.tensorrtVersion, trtexec: log, warnings };
}

export async function requireFile(path: string, input: string, given: string): Promise<void> {
  const s = await stat(path).catch(() => undefined);
  if (s === undefined || !s.isFile()) throw new ConfigError(`Input "${input}" has value "${given}": no such file (looked at ${path})`);
}

/** The builder must be local (we never pull); its id pins the TensorRT version in the key. */
async function inspectBuilder(docker: DockerClient, ref: string): Promise<{ id: string; env: string[] }> {
  const info = await new Images(docker).inspect(ref);
  if (info === undefined) {
    throw new ConfigError(`Input "builder-image" has value "${ref}": no such image on this Docker host; startup-sla never pulls, add a \`docker pull ${ref}\` step first`);
  }
  return { id: info.Id, env: info.Config.Env ?? [] };
}
