import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkUserArgs, normalizeUserArgs, parseHelpFlags, trtexecArgs } from '../../src/engine/trtexec-args.ts';
import { ConfigError } from '../../src/util/errors.ts';

const help10 = parseHelpFlags(readFileSync(new URL('../fixtures/build/trtexec/help-trt10.txt', import.meta.url), 'utf8'));
const help11 = parseHelpFlags(readFileSync(new URL('../fixtures/build/trtexec/help-trt11.txt', import.meta.url), 'utf8'));

test('help: option lines give flags, descriptions do not', () => {
  for (const f of ['--onnx', '--saveEngine', '--timingCacheFile', '--fp16', '--memPoolSize', '--optShapes', '--help', '-h', '--skipInference']) {
    assert.ok(help10.has(f), f);
  }
  // "e.g. --tacticSources=-CUDNN,+CUBLAS" sits in a continuation line; only the option line counts.
  assert.ok(help10.has('--tacticSources'));
  assert.ok(!help10.has('-CUDNN'));
  assert.ok(!help10.has('--help,'));
  assert.equal(help10.size, 22);
});

test('help of TRT 11 has no --fp16', () => assert.ok(!help11.has('--fp16')));

test('args: our paths first, then the user flags in order', () => {
  assert.deepEqual(trtexecArgs({ onnx: '/m/a.onnx', engine: '/o/a.plan', timingCache: '/c/t.cache' }, ['--fp16', '--skipInference']), [
    '--onnx=/m/a.onnx',
    '--saveEngine=/o/a.plan',
    '--timingCacheFile=/c/t.cache',
    '--fp16',
    '--skipInference',
  ]);
});

const normalize: [string[], string[]][] = [
  [['--fp16', '--memPoolSize=workspace:4096'], ['--fp16', '--memPoolSize=workspace:4096']],
  // The config list splits on commas; shapes specs hold them.
  [['--optShapes=a:1x3', 'b:1x8', '--fp16'], ['--optShapes=a:1x3,b:1x8', '--fp16']],
  [[], []],
];
for (const [given, want] of normalize) test(`normalize ${JSON.stringify(given)}`, () => assert.deepEqual(normalizeUserArgs(given), want));

const accepted: [string[], Set<string>][] = [
  [['--fp16', '--memPoolSize=workspace:4096', '--optShapes=a:1x3,b:1x8'], help10],
  [['--stronglyTyped'], help11],
  [[], help11],
];
for (const [args, known] of accepted) test(`accepted ${args.join(' ') || '(none)'}`, () => checkUserArgs(args, known, 'trt:10'));

const refused: [string[], Set<string>, RegExp][] = [
  [['--fp16'], help11, /does not list --fp16 \(TensorRT 11 removed --fp16/],
  [['--fp8x'], help10, /^Input "trtexec-args" has value "--fp8x": `trtexec --help` in builder image trt:x does not list --fp8x$/],
  [['--saveEngine=/tmp/x'], help10, /--saveEngine is set by startup-sla/],
  [['--onnx=m.onnx'], help10, /--onnx is set by startup-sla/],
  [['fp16'], help10, /expected --flag or --flag=value/],
  [[], new Set(['--fp16']), /does not list --onnx/],
];
for (const [args, known, msg] of refused) {
  test(`refused ${args.join(' ') || '(help without --onnx)'}`, () =>
    assert.throws(() => checkUserArgs(args, known, 'trt:x'), (e: unknown) => e instanceof ConfigError && msg.test(e.message)));
}
