import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildFailure, decodeTensorrtVersion, parseTrtexecLog } from '../../src/engine/trtexec-log.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/build/trtexec/${name}`, import.meta.url), 'utf8');

test('TRT 10.9 build + profile: every fact, no failure', () => {
  const log = parseTrtexecLog(fixture('trt10.9-build-and-profile.log'));
  assert.equal(log.tensorrtVersion, '10.9.0');
  assert.equal(log.buildSec, 104.774);
  assert.equal(log.engineSizeMiB, 231.019);
  assert.equal(log.deserializeSec, 0.21022);
  assert.equal(log.engineLoadSec, undefined);
  assert.deepEqual(log.timingCache, { localOnly: true });
  assert.equal(log.lazyLoadingDisabled, false);
  assert.equal(log.throughputQps, 8.66824);
  assert.deepEqual(log.latencyMs, { min: 110.946, max: 115.703, mean: 112.938, median: 112.567, p90: 114.427, p95: 115.415, p99: 115.703 });
  assert.deepEqual(log.gpuComputeMs, { min: 109.522, max: 114.185, mean: 111.557, median: 111.208, p90: 113.02, p95: 114.115, p99: 114.185 });
  assert.equal(log.passedBanner, true);
  assert.deepEqual(log.errors, []);
  assert.equal(buildFailure(log, 0), undefined);
});

test('TRT 10 FP16 40 MiB: build, loaded size, deserialization, 10.x lazy-loading warning', () => {
  const log = parseTrtexecLog(fixture('trt10-fp16-40mib.log'));
  assert.equal(log.buildSec, 318.021);
  assert.equal(log.engineSizeMiB, 40);
  assert.equal(log.deserializeSec, 0.0326257);
  assert.equal(log.lazyLoadingDisabled, true);
  assert.equal(log.tensorrtVersion, undefined);
  assert.equal(log.passedBanner, false);
  assert.equal(buildFailure(log, 0), undefined);
});

test('TRT 8.6 lazy-loading warning (8.x text), no engine built: a failure even with exit 0', () => {
  const log = parseTrtexecLog(fixture('trt8.6-lazy-loading-warning.log'));
  assert.equal(log.lazyLoadingDisabled, true);
  assert.equal(log.buildSec, undefined);
  assert.match(buildFailure(log, 0) ?? '', /never printed "Engine built in/);
});

test('PASSED banner after "Engine deserialization failed" is a failure', () => {
  const text = `${fixture('trt10.9-build-and-profile.log').split('\n').filter((l) => !l.includes('Engine deserialized in')).join('\n')}
[04/08/2025-23:15:48] [E] Engine deserialization failed
&&&& PASSED TensorRT.trtexec [TensorRT v100900] [b34] # trtexec`;
  const log = parseTrtexecLog(text);
  assert.equal(log.passedBanner, true);
  assert.equal(log.deserializationFailed, true);
  assert.deepEqual(log.errors, ['[04/08/2025-23:15:48] [E] Engine deserialization failed']);
  assert.match(buildFailure(log, 0) ?? '', /Engine deserialization failed/);
});

test('a non-zero exit fails even when the build line is there', () => {
  assert.match(buildFailure(parseTrtexecLog(fixture('trt10-fp16-40mib.log')), 1) ?? '', /exited with code 1/);
});

test('timing cache loaded/saved lines and TRT 10 "Engine loaded in"', () => {
  const log = parseTrtexecLog(`[I] [TRT] Loaded 123456 bytes of timing cache from /c/timing.cache
[I] Engine loaded in 0.0512 sec.
[I] Engine deserialized in 0.1 sec.
[I] [TRT] Saved 234567 bytes of timing cache to /c/timing.cache
[I] TensorRT version: 10.3.0`);
  assert.deepEqual(log.timingCache, { localOnly: false, loadedBytes: 123456, savedBytes: 234567 });
  assert.equal(log.engineLoadSec, 0.0512);
  assert.equal(log.tensorrtVersion, '10.3.0');
});

const versions: [number, string][] = [
  [100900, '10.9.0'],
  [101300, '10.13.0'],
  [8601, '8.6.1'],
  [8503, '8.5.3'],
  [110000, '11.0.0'],
];
for (const [code, want] of versions) test(`TensorRT version code ${code} -> ${want}`, () => assert.equal(decodeTensorrtVersion(code), want));
