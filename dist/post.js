import { createRequire as __ssla_createRequire } from 'node:module'; import { fileURLToPath as __ssla_fileURLToPath } from 'node:url'; import { dirname as __ssla_dirname } from 'node:path'; const require = __ssla_createRequire(import.meta.url); const __filename = __ssla_fileURLToPath(import.meta.url); const __dirname = __ssla_dirname(__filename);
import {
  debug,
  info,
  savedRunId,
  warning
} from "./chunks/chunk-CQXOK3GZ.js";
import {
  removeLeftovers
} from "./chunks/chunk-C2MFKE2Z.js";
import {
  errorMessage
} from "./chunks/chunk-SDSMZU5J.js";

// src/post.ts
async function post(env = process.env) {
  const runId = savedRunId();
  if (!runId && env.GITHUB_STATE) return info("startup-sla: nothing to clean up");
  try {
    await removeLeftovers(runId || void 0, env, { info: (m) => info(`startup-sla: ${m}`), debug: (m) => debug(`startup-sla: ${m}`) });
  } catch (e) {
    warning(`startup-sla: cleanup${runId ? ` of run ${runId}` : ""} failed: ${errorMessage(e)}`);
  }
}

// src/post-step.ts
await post();
