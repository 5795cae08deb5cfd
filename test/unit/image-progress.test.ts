import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyItem, newProgress, splitJsonLines, type ProgressItem } from '../../src/image/progress.ts';

test('failing RUN: the errorDetail message is kept and the RUN output is in the lines', () => {
  const p = newProgress();
  const items: ProgressItem[] = [
    { stream: 'Step 3/4 : RUN ["/bin/sh","-c","echo boom; exit 3"]\n' },
    { stream: ' ---> Running in 0123456789ab\n' },
    { stream: 'boom\n' },
    { errorDetail: { code: 3, message: "The command '/bin/sh -c echo boom; exit 3' returned a non-zero code: 3" }, error: "The command '/bin/sh -c echo boom; exit 3' returned a non-zero code: 3" },
    { error: 'a later consequence' },
  ];
  for (const i of items) applyItem(p, i);
  assert.equal(p.error, "The command '/bin/sh -c echo boom; exit 3' returned a non-zero code: 3");
  assert.ok(p.lines.includes('boom'));
  assert.equal(p.imageId, undefined);
});

test('error without errorDetail still counts', () => {
  const p = newProgress();
  applyItem(p, { error: 'COPY failed: file not found in build context' });
  assert.equal(p.error, 'COPY failed: file not found in build context');
});

test('image id from aux, or from the text of older daemons', () => {
  const a = newProgress();
  applyItem(a, { aux: { ID: 'sha256:' + 'a'.repeat(64) } });
  assert.equal(a.imageId, 'sha256:' + 'a'.repeat(64));
  const b = newProgress();
  applyItem(b, { stream: 'Successfully built 0123456789ab\n' });
  assert.equal(b.imageId, '0123456789ab');
});

test('lines are capped, newest kept', () => {
  const p = newProgress();
  for (let i = 0; i < 20; i++) applyItem(p, { stream: `line ${i}\n` }, 5);
  assert.deepEqual(p.lines, ['line 15', 'line 16', 'line 17', 'line 18', 'line 19']);
});

test('JSON lines split across chunks, and non-JSON kept as output', () => {
  const first = splitJsonLines('{"stream":"a\\n"}\n{"str');
  assert.deepEqual(first.items, [{ stream: 'a\n' }]);
  assert.equal(first.rest, '{"str');
  const second = splitJsonLines(`${first.rest}eam":"b"}\n<html>bad gateway</html>\n`);
  assert.deepEqual(second.items, [{ stream: 'b' }, { stream: '<html>bad gateway</html>' }]);
  assert.equal(second.rest, '');
});
