// The trtexec path's container wiring, against the real Docker Engine with a stand-in builder
// image (busybox + a trtexec script printing real trtexec lines; no TensorRT, no GPU here).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { buildEngine } from '../../src/engine/build.ts';
import { EngineBuildError } from '../../src/engine/errors.ts';
import { buildEngineWithTrtexec, type TrtexecBuildInput } from '../../src/engine/trtexec.ts';
import { buildImage } from '../../src/image/build.ts';
import { ConfigError } from '../../src/util/errors.ts';
import { removeByRunLabel } from '../fixtures/build/docker-cleanup.ts';

const docker = new Docker();
const runId = `itg-engine-${randomUUID().slice(0, 8)}`;
const builderImage = `startup-sla-test/fake-trtexec:${runId}`;
const gpus = [{ name: 'NVIDIA H100 80GB HBM3', computeCapability: '9.0', driverVersion: '550.54.15' }];
let work = '';

before(async () => {
  await docker.ping();
  work = await mkdtemp(join(tmpdir(), 'startup-sla-itg-engine-'));
  const ctx = join(work, 'builder');
  await cp(new URL('../fixtures/build/fake-trtexec', import.meta.url).pathname, ctx, { recursive: true });
  await cp(new URL('../fixtures/build/trtexec', import.meta.url).pathname, join(ctx, 'trtexec-fixtures'), { recursive: true });
  await copyFile('/bin/busybox', join(ctx, 'busybox'));
  await buildImage(docker, { dockerfile: join(ctx, 'Dockerfile'), buildArgs: { RUN_ID: runId }, tag: builderImage, timeoutMs: 120_000, runId });
});
after(async () => {
  await removeByRunLabel(docker, runId);
  await rm(work, { recursive: true, force: true });
  const left = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`startup-sla.run=${runId}`] }) });
  assert.equal(left.length, 0);
});

async function model(name: string, content: string): Promise<string> {
  const dir = join(work, 'models', name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'model.onnx'), content);
  return join(dir, 'model.onnx');
}

function input(onnx: string, over: Partial<TrtexecBuildInput> = {}): TrtexecBuildInput {
  return { onnx, output: join(work, 'out', `${randomUUID()}.plan`), builderImage, trtexecArgs: [], cacheDir: join(work, 'cache'), gpu: { gpus: undefined, mode: 'toolkit' }, timeoutMs: 60_000, ...over };
}

test('build: engine written through the bind mount, log parsed, then a cache hit skips the build', async () => {
  const onnx = await model('ok', 'resnet-ish');
  const lines: string[] = [];
  const first = await buildEngineWithTrtexec(input(onnx, { trtexecArgs: ['--skipInference', '--optShapes=input:1x3', 'mask:1x8'] }), { docker, runId, gpus, log: (l) => lines.push(l) });
  assert.equal(first.cacheHit, false);
  assert.equal(await readFile(first.enginePath, 'utf8'), 'ENGINE:resnet-ish');
  assert.equal(first.sizeBytes, 'ENGINE:resnet-ish'.length);
  assert.equal(first.tensorrtVersion, '10.9.0');
  assert.equal(first.trtexec?.buildSec, 104.774);
  assert.equal(first.trtexec?.deserializeSec, 0.21022);
  assert.equal(first.trtexec?.timingCache.savedBytes, 13);
  assert.ok(lines.some((l) => l.includes('--timingCacheFile=/startup-sla/cache/timing-') && l.includes('--optShapes=input:1x3,mask:1x8')), 'args reached trtexec, comma rejoined');
  // The timing cache persisted in the cache folder; the next real build would load it.
  assert.ok((await readdir(join(work, 'cache'))).some((f) => /^timing-[0-9a-f]{16}\.cache$/.test(f)));

  const again = await buildEngineWithTrtexec(input(onnx, { trtexecArgs: ['--skipInference', '--optShapes=input:1x3', 'mask:1x8'] }), { docker, runId, gpus });
  assert.equal(again.cacheHit, true);
  assert.equal(again.cacheKey, first.cacheKey);
  assert.equal(again.buildMs, 0);
  assert.equal(await readFile(again.enginePath, 'utf8'), 'ENGINE:resnet-ish');

  const otherGpu = await buildEngineWithTrtexec(input(onnx, { trtexecArgs: ['--skipInference', '--optShapes=input:1x3', 'mask:1x8'] }), { docker, runId, gpus: [{ ...gpus[0]!, computeCapability: '8.0', name: 'A100' }] });
  assert.equal(otherGpu.cacheHit, false, 'another GPU architecture is another engine');
  assert.equal(otherGpu.trtexec?.timingCache.loadedBytes, undefined, 'timing cache is per GPU model');
});

test('unknown flag: refused from the image\'s own --help (TRT 11 has no --fp16), before any build', async () => {
  const onnx = await model('fp16', 'x');
  await assert.rejects(buildEngineWithTrtexec(input(onnx, { trtexecArgs: ['--fp16'] }), { docker, runId, gpus }), (e: unknown) => e instanceof ConfigError && /does not list --fp16 \(TensorRT 11 removed --fp16/.test(e.message));
});

test('builder exits 0 without writing the engine: a clear error with the output tail', async () => {
  const onnx = await model('noengine', 'exit-0-no-engine');
  await assert.rejects(buildEngineWithTrtexec(input(onnx), { docker, runId, gpus }), (e: unknown) => e instanceof EngineBuildError && /never printed "Engine built in/.test(e.message) && /lazy loading is not enabled/.test(e.message));
});

test('"Engine deserialization failed" fails the build even with PASSED and an engine file', async () => {
  const onnx = await model('deser', 'deserialization-failed');
  await assert.rejects(buildEngineWithTrtexec(input(onnx), { docker, runId, gpus }), (e: unknown) => e instanceof EngineBuildError && /Engine deserialization failed/.test(e.message) && e.logTail.length > 0);
});

test('missing ONNX file and absent builder image are named', async () => {
  await assert.rejects(buildEngineWithTrtexec(input(join(work, 'nope.onnx')), { docker, runId, gpus }), (e: unknown) => e instanceof ConfigError && /^Input "engine-onnx" has value ".*nope.onnx": no such file/.test(e.message));
  const onnx = await model('absent', 'x');
  await assert.rejects(buildEngineWithTrtexec(input(onnx, { builderImage: `startup-sla-test/absent:${runId}` }), { docker, runId, gpus }), (e: unknown) => e instanceof ConfigError && /"builder-image".*never pulls/.test(e.message));
});

test('buildEngine wires the target config and names a missing input', async () => {
  const onnx = await model('cfg', 'from-config');
  const t = { 'engine-builder': 'trtexec' as const, 'engine-onnx': onnx, 'engine-output': join(work, 'out', 'cfg.plan'), 'builder-image': builderImage, 'trtexec-args': [], 'engine-command': undefined, 'engine-cache-dir': join(work, 'cache'), gpus: undefined, 'gpu-mode': 'toolkit' as const, 'gpu-driver-libs': undefined, 'build-timeout-ms': 60_000 };
  const r = await buildEngine(t, { docker, runId, gpus });
  assert.equal(await readFile(r?.enginePath ?? '', 'utf8'), 'ENGINE:from-config');
  assert.equal(await buildEngine({ ...t, 'engine-builder': 'none' }, { docker, runId, gpus }), undefined);
  await assert.rejects(buildEngine({ ...t, 'builder-image': undefined }, { docker, runId, gpus }), /^ConfigError: Input "builder-image" is required when engine-builder is trtexec$/);
});

test('a builder image without trtexec is named, with the places looked in', async () => {
  const ctx = join(work, 'no-trtexec');
  await mkdir(ctx, { recursive: true });
  await copyFile('/bin/busybox', join(ctx, 'busybox'));
  await writeFile(join(ctx, 'Dockerfile'), 'FROM scratch\nARG RUN_ID\nLABEL startup-sla.run=$RUN_ID\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\nENV PATH=/bin\n');
  const image = `startup-sla-test/no-trtexec:${runId}`;
  await buildImage(docker, { dockerfile: join(ctx, 'Dockerfile'), buildArgs: { RUN_ID: runId }, tag: image, timeoutMs: 120_000, runId });
  const onnx = await model('none', 'x');
  await assert.rejects(buildEngineWithTrtexec(input(onnx, { builderImage: image }), { docker, runId, gpus }), (e: unknown) => e instanceof EngineBuildError && /no trtexec on its PATH nor in \/usr\/src\/tensorrt\/bin\/trtexec/.test(e.message) && /trtexec not found/.test(e.message));
});

test('build-timeout-ms stops a hung builder and removes its container', async () => {
  const onnx = await model('hang', 'hang');
  const t0 = performance.now();
  await assert.rejects(buildEngineWithTrtexec(input(onnx, { timeoutMs: 1500 }), { docker, runId, gpus }), (e: unknown) => e instanceof EngineBuildError && /did not finish within 1500 ms \(build-timeout-ms\)/.test(e.message) && /RUNNING TensorRT.trtexec/.test(e.message));
  assert.ok(performance.now() - t0 < 20_000);
  const left = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`startup-sla.run=${runId}`] }) });
  assert.equal(left.length, 0, 'job containers removed');
});
