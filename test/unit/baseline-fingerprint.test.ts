import { test } from 'node:test';
import assert from 'node:assert/strict';
import { environmentDifferences, fingerprintKey, fingerprintOf } from '../../src/baseline/fingerprint.ts';
import { whatChanged } from '../../src/baseline/what-changed.ts';
import type { Environment } from '../../src/model.ts';
import { env, gpu } from './baseline-fixtures.ts';

const fp = fingerprintOf(env);

test('the key is stable and ignores what does not decide comparability', () => {
  const same: Environment = { ...env, memoryBytes: 1, kernel: 'other', dockerHost: 'tcp://x', runnerLabels: ['a100', 'gpu', 'self-hosted', 'gpu'], cpuModel: 'AMD EPYC 7V13 64-Core Processor' };
  assert.equal(fingerprintKey(fingerprintOf(same)), fingerprintKey(fp));
  assert.match(fingerprintKey(fp), /^[0-9a-f]{12}$/);
});

const changes: { name: string; change: Partial<Environment>; differences: RegExp[] }[] = [
  { name: 'driver', change: { gpus: [{ ...gpu, driverVersion: '535.104.05' }] }, differences: [/GPU driver 550\.54\.15 -> 535\.104\.05/] },
  { name: 'GPU model', change: { gpus: [{ ...gpu, name: 'NVIDIA H100 80GB HBM3' }] }, differences: [/GPU model/] },
  { name: 'persistence mode', change: { gpus: [{ ...gpu, persistenceMode: 'Disabled' }] }, differences: [/persistence mode Enabled -> Disabled/] },
  { name: 'CUDA', change: { gpus: [{ ...gpu, cudaVersion: '12.6' }] }, differences: [/CUDA 12\.4 -> 12\.6/] },
  { name: 'runner labels', change: { runnerLabels: ['self-hosted', 'gpu', 'h100'] }, differences: [/runner labels/] },
  { name: 'Docker', change: { dockerVersion: '28.0.0' }, differences: [/Docker 27\.3\.1 -> 28\.0\.0/] },
  { name: 'CPU', change: { cpuModel: 'Intel Xeon' }, differences: [/CPU/] },
  { name: 'GPU count', change: { gpus: [] }, differences: [/GPU count 1 -> 0/] },
  { name: 'two things', change: { dockerVersion: '28.0.0', cpuModel: 'Intel Xeon' }, differences: [/Docker/, /CPU/] },
];
for (const c of changes) {
  test(`not comparable: ${c.name}`, () => {
    const other = fingerprintOf({ ...env, ...c.change });
    const d = environmentDifferences(fp, other);
    assert.equal(d.length, c.differences.length, d.join('; '));
    c.differences.forEach((re, i) => assert.match(d[i] ?? '', re));
    assert.notEqual(fingerprintKey(other), fingerprintKey(fp));
  });
}

test('unknown CUDA / persistence on one side is not a difference', () => {
  const older = fingerprintOf({ ...env, gpus: [{ name: gpu.name, driverVersion: gpu.driverVersion }] });
  assert.deepEqual(environmentDifferences(older, fp), []);
});

test('what changed: shown, with sizes in words', () => {
  const c = whatChanged(
    { imageDigest: 'sha256:' + 'a'.repeat(64), imageSizeBytes: 1_200_000_000, engineSha256: 'e'.repeat(64), builderVersion: 'trt 10.3' },
    { imageDigest: 'sha256:' + 'b'.repeat(64), imageSizeBytes: 1_320_000_000, engineSha256: 'e'.repeat(64), builderVersion: 'trt 10.4' },
  );
  assert.deepEqual(c.map((x) => x.text), ['image digest aaaaaaaaaaaa -> bbbbbbbbbbbb', 'image size 1.20 GB -> 1.32 GB (+120 MB)', 'builder trt 10.3 -> trt 10.4']);
  assert.deepEqual(whatChanged(undefined, { imageSizeBytes: 1 }), []);
});
