// The main step's entry (action.yml `main`), as in actions/typescript-action: it only runs
// `run()`; tests import `run()` from main.ts. The post step has its own entry, post-step.ts.
import { run } from './main.ts';

await run();
