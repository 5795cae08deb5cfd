// The main step's entry (action.yml `main`), as in actions/typescript-action: it only runs
// `run()`; tests import `run()` from main.ts. The post step has its own entry, post-step.ts.
import { hideUnparsableEvent } from './github/run-context.ts';

const env = { ...process.env };
hideUnparsableEvent(process.env);
// Imported only now: @actions/github reads the event file as it loads (see hideUnparsableEvent).
const { run } = await import('./main.ts');
await run(env);
