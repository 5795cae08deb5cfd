import { createRequire as __ssla_createRequire } from 'node:module'; import { fileURLToPath as __ssla_fileURLToPath } from 'node:url'; import { dirname as __ssla_dirname } from 'node:path'; const require = __ssla_createRequire(import.meta.url); const __filename = __ssla_fileURLToPath(import.meta.url); const __dirname = __ssla_dirname(__filename);
import {
  errorMessage,
  fileErrorReason
} from "./chunk-SDSMZU5J.js";

// src/github/event.ts
function obj(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? v : void 0;
}
function str(v) {
  return typeof v === "string" && v !== "" ? v : void 0;
}
var PR_EVENTS = /* @__PURE__ */ new Set(["pull_request", "pull_request_target"]);
function pullRequestInfo(eventName, payload) {
  if (!PR_EVENTS.has(eventName)) return void 0;
  const pr = obj(obj(payload)?.pull_request);
  const head = obj(pr?.head);
  const base = obj(pr?.base);
  const number = pr?.number ?? obj(payload)?.number;
  const headSha = str(head?.sha);
  const baseSha = str(base?.sha);
  const baseRepo = str(obj(base?.repo)?.full_name);
  if (typeof number !== "number" || !headSha || !baseSha || !baseRepo) return void 0;
  const headRepo = str(obj(head?.repo)?.full_name) ?? "(deleted fork)";
  return {
    number,
    headSha,
    headRef: str(head?.ref) ?? "",
    baseSha,
    baseRef: str(base?.ref) ?? "",
    headRepo,
    baseRepo,
    isFork: headRepo !== baseRepo
  };
}
function missingPullRequestField(eventName, payload) {
  if (!PR_EVENTS.has(eventName)) return void 0;
  const pr = obj(obj(payload)?.pull_request);
  if (!pr) return "pull_request";
  if (typeof (pr.number ?? obj(payload)?.number) !== "number") return "pull_request.number";
  if (!str(obj(pr.head)?.sha)) return "pull_request.head.sha";
  if (!str(obj(pr.base)?.sha)) return "pull_request.base.sha";
  if (!str(obj(obj(pr.base)?.repo)?.full_name)) return "pull_request.base.repo.full_name";
  return void 0;
}
function eventInfo(eventName, payload) {
  const repo = obj(obj(payload)?.repository);
  const info = { eventName };
  const repository = str(repo?.full_name);
  const defaultBranch = str(repo?.default_branch);
  if (repository) info.repository = repository;
  if (defaultBranch) info.defaultBranch = defaultBranch;
  const pr = pullRequestInfo(eventName, payload);
  if (pr) info.pullRequest = pr;
  return info;
}
var SPLIT_HINT = "Measure on `pull_request` (read-only token, no secrets) and post the comment from a separate `workflow_run` job that only reads the uploaded report; see examples/workflows/fork-safe-*.yml.";
function safetyDecision(input) {
  if (!input.runsCode) return { allowed: true };
  if (input.eventName === "pull_request_target") {
    return {
      allowed: false,
      reason: 'refusing to build or run images on `pull_request_target`: that event runs with a write token and secrets, so building PR code there lets the PR author take over the repository ("pwn request"). ' + SPLIT_HINT
    };
  }
  if (input.eventName === "workflow_run") {
    const triggeredBy = str(obj(obj(input.payload)?.workflow_run)?.event) ?? "";
    if (triggeredBy.startsWith("pull_request")) {
      return {
        allowed: false,
        reason: `refusing to build or run images on \`workflow_run\` triggered by \`${triggeredBy}\`: that job has a write token and secrets, and the code it would run comes from the PR. Use the \`workflow_run\` job only to post the report the \`pull_request\` job uploaded. ` + SPLIT_HINT
      };
    }
    return { allowed: true };
  }
  const pr = pullRequestInfo(input.eventName, input.payload);
  const selfHosted = input.runnerEnvironment !== "github-hosted";
  if (pr?.isFork && selfHosted && !input.allowForkPrs) {
    return {
      allowed: false,
      reason: `refusing to run a pull request from the fork ${pr.headRepo} on a self-hosted runner: its code would run on a machine that persists between jobs and can reach your network. Approve fork runs deliberately (set \`allow-fork-prs: true\`, ideally with ephemeral runners and "require approval for fork PRs"), or measure forks on GitHub-hosted runners.`
    };
  }
  return { allowed: true };
}
function isTrustedForBaseline(input) {
  const p = obj(input.payload);
  const defaultBranch = str(obj(p?.repository)?.default_branch);
  const ref = str(p?.ref) ?? input.ref;
  const onDefault = defaultBranch !== void 0 && ref === `refs/heads/${defaultBranch}`;
  switch (input.eventName) {
    case "push":
    case "workflow_dispatch":
      return onDefault;
    case "schedule":
      return true;
    default:
      return false;
  }
}

// src/github/run-context.ts
import { readFileSync } from "node:fs";
function readRunContext(env = process.env, warn = () => {
}) {
  const eventName = env.GITHUB_EVENT_NAME ?? "";
  const payload = readPayload(env.GITHUB_EVENT_PATH, warn);
  const missing = missingPullRequestField(eventName, payload);
  if (missing !== void 0 && env.GITHUB_EVENT_PATH) warn(`the ${eventName} event payload has no ${missing}; no PR comment, and the commit is GITHUB_SHA`);
  const event = eventInfo(eventName, payload);
  const repository = env.GITHUB_REPOSITORY ?? event.repository;
  const { GITHUB_SERVER_URL: server, GITHUB_RUN_ID: id } = env;
  return {
    eventName,
    payload,
    event,
    repository,
    // On a PR the runner's GITHUB_SHA is the merge commit; the PR's own head is what we report.
    sha: event.pullRequest?.headSha ?? env.GITHUB_SHA ?? "",
    ref: env.GITHUB_REF ?? "",
    runId: [env.GITHUB_RUN_ID, env.GITHUB_RUN_ATTEMPT].filter(Boolean).join("-"),
    runUrl: server && repository && id ? `${server}/${repository}/actions/runs/${id}` : void 0,
    apiUrl: env.GITHUB_API_URL
  };
}
function readPayload(path, warn) {
  if (!path) return {};
  let text;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    warn(`the event file GITHUB_EVENT_PATH=${path} cannot be read (${fileErrorReason(e)}); measuring without the event`);
    return {};
  }
  try {
    const payload = JSON.parse(text);
    if (typeof payload === "object" && payload !== null && !Array.isArray(payload)) return payload;
    warn(`the event file GITHUB_EVENT_PATH=${path} is not a JSON object; measuring without the event`);
  } catch (e) {
    warn(`the event file GITHUB_EVENT_PATH=${path} is not JSON (${errorMessage(e)}); measuring without the event`);
  }
  return {};
}
function hideUnparsableEvent(env = process.env) {
  const path = env.GITHUB_EVENT_PATH;
  if (!path) return;
  try {
    JSON.parse(readFileSync(path, "utf8"));
  } catch {
    delete env.GITHUB_EVENT_PATH;
  }
}

export {
  safetyDecision,
  isTrustedForBaseline,
  readRunContext,
  hideUnparsableEvent
};
