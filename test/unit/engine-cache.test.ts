import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engineCacheKey, entryDir, restoreEngine, sha256File, storeEngine, timingCacheName, type EngineKeyInput } from '../../src/engine/cache.ts';

const base: EngineKeyInput = {
  modelSha256: 'a'.repeat(64),
  builder: 'sha256:' + 'b'.repeat(64),
  flags: ['--fp16'],
  gpus: [{ name: 'NVIDIA H100 80GB HBM3', computeCapability: '9.0', driverVersion: '550.54.15' }],
};
const h100 = base.gpus[0]!;

// Each change that makes a different engine must make a different key.
const changes: [string, EngineKeyInput][] = [
  ['model', { ...base, modelSha256: 'c'.repeat(64) }],
  ['builder image', { ...base, builder: 'sha256:' + 'd'.repeat(64) }],
  ['flags', { ...base, flags: ['--fp16', '--skipInference'] }],
  ['no flags', { ...base, flags: [] }],
  ['gpu model', { ...base, gpus: [{ ...h100, name: 'NVIDIA A100-SXM4-80GB' }] }],
  ['compute capability', { ...base, gpus: [{ ...h100, computeCapability: '8.0' }] }],
  ['driver version', { ...base, gpus: [{ ...h100, driverVersion: '560.1' }] }],
  ['gpu count', { ...base, gpus: [h100, h100] }],
];
for (const [what, changed] of changes) {
  test(`cache key changes with ${what}`, () => assert.notEqual(engineCacheKey(changed), engineCacheKey(base)));
}

test('cache key changes with flag order (trtexec lets a later repeat win)', () => {
  assert.notEqual(engineCacheKey({ ...base, flags: ['--fp16', '--int8'] }), engineCacheKey({ ...base, flags: ['--int8', '--fp16'] }));
});

test('cache key is stable and hex sha256', () => {
  assert.equal(engineCacheKey({ ...base, gpus: [{ ...h100 }] }), engineCacheKey(base));
  assert.match(engineCacheKey(base), /^[0-9a-f]{64}$/);
});

test('timing cache name depends on builder and GPU model, not on flags or driver', () => {
  const t = timingCacheName(base.builder, base.gpus);
  assert.equal(timingCacheName(base.builder, [{ ...h100, driverVersion: 'x' }]), t);
  assert.notEqual(timingCacheName('sha256:other', base.gpus), t);
  assert.notEqual(timingCacheName(base.builder, [{ ...h100, name: 'A100' }]), t);
});

test('store then restore; a miss, and a truncated entry, are misses', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'startup-sla-cache-'));
  try {
    const engine = join(dir, 'model.plan');
    await writeFile(engine, 'ENGINE-BYTES');
    const key = engineCacheKey(base);
    const out = join(dir, 'restored.plan');
    assert.equal(await restoreEngine(dir, key, out), undefined);
    await storeEngine(dir, { key, createdAt: '2026-11-25T00:00:00Z', buildMs: 1234, sizeBytes: 12, tensorrtVersion: '10.9.0' }, engine);
    const hit = await restoreEngine(dir, key, out);
    assert.equal(hit?.buildMs, 1234);
    assert.equal(await readFile(out, 'utf8'), 'ENGINE-BYTES');
    await truncate(join(entryDir(dir, key), 'engine'), 3);
    assert.equal(await restoreEngine(dir, key, join(dir, 'again.plan')), undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('sha256File hashes the content', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'startup-sla-cache-'));
  try {
    await writeFile(join(dir, 'f'), 'abc');
    assert.equal(await sha256File(join(dir, 'f')), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
