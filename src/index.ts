// The action's one entry for both steps: the main step saves a flag, so when the runner calls
// this file again for `post`, it knows to clean up instead (docker/actions-toolkit's pattern).
import * as core from '@actions/core';
import { run } from './main.ts';
import { post } from './post.ts';

if (core.getState('isPost') === 'true') {
  await post();
} else {
  core.saveState('isPost', 'true');
  await run();
}
