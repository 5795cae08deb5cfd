// Fault injection on container output, through the bundled action: a 10 MB line before the
// container dies is cut at 4 KiB everywhere it is shown (runner log, job summary, JSON report),
// so one hostile line cannot blow up the log, the summary or the comment.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { startAction } from '../support/action-runner.ts';
import { buildDemoImage, containersOfRun, removeImage } from '../support/docker.ts';

const IMAGE = 'ssla-itg-faults-logs:demo';
before(() => buildDemoImage(IMAGE));
after(() => removeImage(IMAGE));

test('a 10 MB log line before an exit is cut at 4 KiB in the log, the summary and the report', async () => {
  const r = await startAction({
    inputs: { image: IMAGE, 'health-check': 'http:8000/health', runs: '1', warmup: '0', baseline: 'none', comment: 'false', env: 'LONG_LINE_BYTES=10000000\nEXIT_BEFORE_READY=3' },
  }).done;
  assert.equal(r.code, 1, r.stdout.slice(0, 2000));
  assert.match(r.stdout, /exited with code 3 before it was ready/);
  const echoed = r.stdout.split('\n').filter((l) => l.includes('yyyy'));
  assert.equal(echoed.length, 1, `the long line is echoed once: ${echoed.map((l) => l.slice(0, 80)).join(' / ')}`);
  assert.match(echoed[0]!, /\[\.\.\. line cut at 4096 bytes\]$/);
  assert.ok(echoed[0]!.length < 4096 + 100, `echoed line is ${echoed[0]!.length} chars`);
  assert.ok(r.stdout.length < 64 * 1024, `runner log ${r.stdout.length} chars for a 10 MB line`);
  assert.ok(r.summary.length < 64 * 1024, `summary ${r.summary.length} chars`);
  const report = r.outputs.report ?? '';
  assert.ok(statSync(report).size < 64 * 1024, `report ${statSync(report).size} bytes`);
  const tail: string[] = JSON.parse(readFileSync(report, 'utf8')).targets[0].error.logTail;
  assert.ok(tail.every((l) => l.length <= 4096 + 40), 'every kept line is cut');
  assert.deepEqual(await containersOfRun(r.state.runId ?? ''), []);
});
