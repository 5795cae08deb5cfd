// The TensorRT example's workflow must stay valid input for the action's schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/load.ts';

interface Workflow {
  jobs: Record<string, { steps: { uses?: string; with?: Record<string, string> }[] }>;
}

test('examples/tensorrt/workflow.yml inputs parse into a target with the engine and build stages', () => {
  const wf = parse(readFileSync(new URL('../../examples/tensorrt/workflow.yml', import.meta.url), 'utf8')) as Workflow;
  const step = Object.values(wf.jobs)[0]?.steps.find((s) => s.uses === './');
  assert.ok(step?.with);
  // Expressions are the runner's business: give them plausible values.
  const inputs = Object.fromEntries(
    Object.entries(step.with).map(([k, v]) => [k, String(v).replace(/\$\{\{[^}]*\}\}/g, (e) => (e.includes('number') ? '42' : e.includes('temp') ? '/tmp/r' : 'nvidia/tensorrt:25.01-py3'))]),
  );
  const t = loadConfig('action', inputs).targets[0]!;
  assert.equal(t['engine-builder'], 'trtexec');
  assert.deepEqual(t['trtexec-args'], ['--memPoolSize=workspace:4096', '--skipInference']);
  assert.deepEqual(t['build-args'], { TRT_IMAGE: 'nvidia/tensorrt:25.01-py3' });
  assert.deepEqual(t.gpus, { count: -1 });
  assert.equal(t.image, 'trt-server:pr-42');
});
