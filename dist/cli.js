#!/usr/bin/env node
import { createRequire as __ssla_createRequire } from 'node:module'; import { fileURLToPath as __ssla_fileURLToPath } from 'node:url'; import { dirname as __ssla_dirname } from 'node:path'; const require = __ssla_createRequire(import.meta.url); const __filename = __ssla_fileURLToPath(import.meta.url); const __dirname = __ssla_dirname(__filename);
import {
  RUN_KEYS,
  TARGET_KEYS,
  baselineSession,
  describeFailure,
  didYouMean,
  failureLine,
  loadConfig,
  renderExports
} from "./chunks/chunk-TRTZQPPS.js";
import {
  readRunContext
} from "./chunks/chunk-VA4GFDYM.js";
import {
  VERSION,
  measureRun,
  renderConsole
} from "./chunks/chunk-C2MFKE2Z.js";
import {
  errorMessage
} from "./chunks/chunk-SDSMZU5J.js";

// src/cli.ts
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
var HELP = `startup-sla ${VERSION}: measure a container's hot start (create -> first passing health check)

usage: startup-sla --image REF --health-check FORM [options]
       startup-sla --config sla.yml [options]

  --health-check   http:<port><path> | tcp:<port> | log:<regex> | docker
  --runs N (10)  --warmup N (1)  --timeout-ms MS (60000)  --sla-ms MS (3000)  --sla-stat p95
  --env "K=V"      --network bridge|host|NAME  --gpus all|N|ids  --gpu-mode toolkit|cdi|manual
  --report FILE    where to write the JSON report (default startup-sla-report.json)
  --export bmf,benchmark-action   also write FILE.bmf.json / FILE.benchmark-action.json for Bencher / github-action-benchmark
Every action input is also a flag with the same name. Exit: 1 when fail-on says so (default: SLA
breach or regression), or on bad input; 0 otherwise.
Every run is kept in .startup-sla/history/ (--history-dir DIR) and the next run compares with it;
--baseline-file report.json compares with an earlier report instead, --baseline none with nothing.`;
var stderr = (line) => process.stderr.write(`${line}
`);
var logger = {
  info: stderr,
  warning: (m) => stderr(`warning: ${m}`),
  error: (m) => stderr(`error: ${m}`),
  debug: (m) => {
    if (process.env.STARTUP_SLA_DEBUG) stderr(`debug: ${m}`);
  },
  group: async (title, fn) => {
    stderr(`== ${title}`);
    return fn();
  },
  untrusted: (title, lines) => {
    stderr(`-- ${title}:`);
    for (const l of lines) stderr(`   | ${l}`);
  }
};
async function main(argv) {
  const options = Object.fromEntries([...TARGET_KEYS, ...RUN_KEYS].map((k) => [k, { type: "string" }]));
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { ...options, help: { type: "boolean", short: "h" }, version: { type: "boolean" } }, strict: true }));
  } catch (e) {
    const message = errorMessage(e).replace(/\. To specify a positional.*$/s, "").replace(/\s*\n\s*/g, " ");
    const unknown = /^Unknown option '--([^']+)'/.exec(message)?.[1];
    const hint = unknown === void 0 ? "" : didYouMean(unknown, [...TARGET_KEYS, ...RUN_KEYS, "help", "version"], (k) => `--${k}`);
    stderr(`error: ${message}${hint} (see --help)`);
    return 1;
  }
  if (values.help) return process.stdout.write(`${HELP}
`), 0;
  if (values.version) return process.stdout.write(`${VERSION}
`), 0;
  const { help: _h, version: _v, ...given } = values;
  const config = loadConfig("cli", given);
  const ctx = readRunContext();
  const { report, signalled } = await measureRun(
    {
      config,
      logger,
      git: { sha: ctx.sha || void 0, ref: ctx.ref || void 0, runUrl: ctx.runUrl },
      baseline: () => baselineSession(config.run, ctx, { log: { warning: logger.warning, debug: logger.debug } })
    },
    {
      info: logger.info,
      warning: logger.warning,
      onSignal: (name) => stderr(`
${name}: stopping and removing this run's containers`),
      cleanupFailed: (reason, runId) => stderr(`warning: could not remove this run's containers (${reason}); remove them with: docker rm -f $(docker ps -aq --filter label=startup-sla.run=${runId})`)
    }
  );
  const path = config.run.report ?? "startup-sla-report.json";
  writeFileSync(path, `${JSON.stringify(report, null, 2)}
`);
  for (const e of renderExports(report, path, config.run.export)) writeFileSync(e.path, e.text);
  process.stdout.write(`${renderConsole(report)}

report: ${path}
`);
  return signalled ?? (report.targets.some((t) => t.failsStep) ? 1 : 0);
}
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    const f = describeFailure(e);
    stderr(f.owner === "ours" ? failureLine(f) : `error: ${failureLine(f).replace(/^startup-sla: /, "")}`);
    process.exit(1);
  }
);
