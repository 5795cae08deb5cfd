// The `command` builder runs a real shell here (no Docker): the command writes the engine to
// $STARTUP_SLA_ENGINE_OUTPUT; a second run with the same model is a cache hit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEngineWithCommand } from '../../src/engine/command.ts';
import { EngineBuildError } from '../../src/engine/errors.ts';
import { ConfigError } from '../../src/util/errors.ts';

const gpus = [{ name: 'NVIDIA H100', computeCapability: '9.0', driverVersion: '550' }];

async function withDir(fn: (dir: string) => Promise<void>) {
  const dir = await mkdtemp(join(tmpdir(), 'startup-sla-cmd-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('command writes the engine; second run with the same model is a cache hit', () =>
  withDir(async (dir) => {
    await writeFile(join(dir, 'm.onnx'), 'MODEL');
    const counter = join(dir, 'runs');
    const input = {
      command: `echo built >> ${counter}; cat "$STARTUP_SLA_ENGINE_ONNX" > "$STARTUP_SLA_ENGINE_OUTPUT"; echo -n -PLAN >> "$STARTUP_SLA_ENGINE_OUTPUT"`,
      output: join(dir, 'out', 'm.plan'),
      onnx: join(dir, 'm.onnx'),
      cacheDir: join(dir, 'cache'),
      timeoutMs: 30_000,
    };
    const first = await buildEngineWithCommand(input, { gpus, silent: true });
    assert.equal(first.cacheHit, false);
    assert.equal(first.sizeBytes, 10);
    assert.equal(await readFile(input.output, 'utf8'), 'MODEL-PLAN');
    await rm(input.output);
    const second = await buildEngineWithCommand(input, { gpus, silent: true });
    assert.equal(second.cacheHit, true);
    assert.equal(second.cacheKey, first.cacheKey);
    assert.equal(await readFile(input.output, 'utf8'), 'MODEL-PLAN');
    assert.equal(await readFile(counter, 'utf8'), 'built\n');
  }));

const failures: [string, string, RegExp][] = [
  ['exit 0 without writing', 'echo compiling things; true', /exited 0 but wrote no engine at .*\n--- last 1 lines of output ---\ncompiling things/],
  ['non-zero exit', 'echo "error: bad layer" >&2; exit 3', /exited with code 3[\s\S]*error: bad layer/],
  ['timeout', 'sleep 30', /did not finish within 1000 ms/],
];
for (const [name, command, msg] of failures) {
  test(`command failure: ${name}`, () =>
    withDir(async (dir) => {
      await assert.rejects(
        buildEngineWithCommand({ command, output: join(dir, 'e.plan'), cacheDir: join(dir, 'c'), timeoutMs: 1000 }, { gpus, silent: true }),
        (e: unknown) => e instanceof EngineBuildError && msg.test(e.message),
      );
    }));
}

test('missing model file is named', () =>
  withDir(async (dir) => {
    await assert.rejects(
      buildEngineWithCommand({ command: 'true', onnx: join(dir, 'nope.onnx'), output: join(dir, 'e'), cacheDir: dir, timeoutMs: 1000 }, { gpus, silent: true }),
      (e: unknown) => e instanceof ConfigError && /^Input "engine-onnx" has value ".*nope.onnx": no such file/.test(e.message),
    );
  }));
