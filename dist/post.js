import { createRequire as __ssla_createRequire } from 'node:module'; import { fileURLToPath as __ssla_fileURLToPath } from 'node:url'; import { dirname as __ssla_dirname } from 'node:path'; const require = __ssla_createRequire(import.meta.url); const __filename = __ssla_fileURLToPath(import.meta.url); const __dirname = __ssla_dirname(__filename);
import {
  debug,
  getState,
  info,
  warning
} from "./chunks/chunk-LV727JIT.js";
import {
  REAP_AGE_MS,
  connectDocker,
  errorMessage,
  reapLeftovers,
  removeRunResources
} from "./chunks/chunk-JDZGPRWA.js";
import "./chunks/chunk-JQPWFIXV.js";

// src/post.ts
async function post(env = process.env) {
  const runId = getState("runId");
  if (!runId && env.GITHUB_STATE) return info("startup-sla: nothing to clean up");
  try {
    const { docker } = connectDocker();
    if (runId) {
      const removed = await removeRunResources(docker, runId);
      const kept = removed.kept.length > 0 ? `; kept the built image(s) ${removed.kept.map((id) => id.replace(/^sha256:/, "").slice(0, 12)).join(", ")} (keep-image)` : "";
      return info(`startup-sla: removed ${removed.containers.length} container(s) and ${removed.images.length} image(s) of run ${runId}${kept}`);
    }
    const prefix = env.GITHUB_RUN_ID ? `${[env.GITHUB_RUN_ID, env.GITHUB_RUN_ATTEMPT].filter(Boolean).join("-")}-` : void 0;
    info(
      `startup-sla: no saved run id (this runner gives the post step no state); removing containers with startup-sla's labels ${prefix ? `from workflow run ${prefix}* whose main step has ended, and ` : ""}older than ${REAP_AGE_MS / 36e5} h`
    );
    await reapLeftovers(docker, { log: (m) => info(`startup-sla: ${m}`), ...prefix ? { runPrefix: prefix } : { byProcess: false } });
    if (prefix) await reapLeftovers(docker, { log: (m) => debug(`startup-sla: ${m}`), byProcess: false });
  } catch (e) {
    warning(`startup-sla: cleanup${runId ? ` of run ${runId}` : ""} failed: ${errorMessage(e)}`);
  }
}

// src/post-step.ts
await post();
