import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createdStepImages } from '../../src/image/intermediates.ts';

test('the step images a build created: not the FROM base, not a cache hit', () => {
  // The classic builder's own output (Docker 20.10), a multi-stage build with one cached step.
  const lines = [
    'Step 1/7 : FROM busybox:local AS builder',
    ' ---> 0123456789ab',
    'Step 2/7 : COPY a.txt /a',
    ' ---> Using cache',
    ' ---> a468664c3e62',
    'Step 3/7 : RUN make',
    ' ---> Running in f0ef05c47417',
    'Removing intermediate container f0ef05c47417',
    ' ---> 273c32daf700',
    'Step 4/7 : FROM scratch',
    ' ---> ',
    'Step 5/7 : COPY --from=builder /a /b',
    ' ---> 7249fff72ace',
    'Step 6/7 : LABEL startup-sla.run=r',
    ' ---> Running in 65132c5797bd',
    ' ---> df7f70bef451',
    'Successfully built df7f70bef451',
  ];
  assert.deepEqual(createdStepImages(lines), ['273c32daf700', '7249fff72ace', 'df7f70bef451']);
});
