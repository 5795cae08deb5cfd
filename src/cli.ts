#!/usr/bin/env node
// The local CLI: the same config, the same core, the same JSON report as the action.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from './config/load.ts';
import { RUN_KEYS, TARGET_KEYS } from './config/schema.ts';
import { didYouMean } from './config/suggest.ts';
import { describeFailure, failureLine } from './failure.ts';
import { measureRun } from './run-lifecycle.ts';
import { baselineSession } from './baseline/from-config.ts';
import { readRunContext } from './github/run-context.ts';
import { renderConsole } from './report/console.ts';
import { renderExports } from './report/interop.ts';
import { errorMessage } from './util/errors.ts';
import type { Logger } from './util/logger.ts';
import { VERSION } from './version.ts';

const HELP = `startup-sla ${VERSION}: measure a container's hot start (create -> first passing health check)

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

const stderr = (line: string) => process.stderr.write(`${line}\n`);

const logger: Logger = {
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
  },
};

async function main(argv: string[]): Promise<number> {
  const options = Object.fromEntries([...TARGET_KEYS, ...RUN_KEYS].map((k) => [k, { type: 'string' as const }]));
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean' } }, strict: true }));
  } catch (e: unknown) {
    // parseArgs explains some refusals over several lines; the user gets one.
    const message = errorMessage(e).replace(/\. To specify a positional.*$/s, '').replace(/\s*\n\s*/g, ' ');
    const unknown = /^Unknown option '--([^']+)'/.exec(message)?.[1];
    const hint = unknown === undefined ? '' : didYouMean(unknown, [...TARGET_KEYS, ...RUN_KEYS, 'help', 'version'], (k) => `--${k}`);
    stderr(`error: ${message}${hint} (see --help)`);
    return 1;
  }
  // Asked for, so they are the output: stdout, as `docker --help` and `git --version` do.
  if (values.help) return (process.stdout.write(`${HELP}\n`), 0);
  if (values.version) return (process.stdout.write(`${VERSION}\n`), 0);
  const { help: _h, version: _v, ...given } = values;
  const config = loadConfig('cli', given as Record<string, string | undefined>);
  const ctx = readRunContext();
  const { report, signalled } = await measureRun(
    {
      config,
      logger,
      git: { sha: ctx.sha || undefined, ref: ctx.ref || undefined, runUrl: ctx.runUrl },
      baseline: () => baselineSession(config.run, ctx, { log: { warning: logger.warning, debug: logger.debug } }),
    },
    {
      info: logger.info,
      warning: logger.warning,
      onSignal: (name) => stderr(`\n${name}: stopping and removing this run's containers`),
      cleanupFailed: (reason, runId) => stderr(`warning: could not remove this run's containers (${reason}); remove them with: docker rm -f $(docker ps -aq --filter label=startup-sla.run=${runId})`),
    },
  );
  const path = config.run.report ?? 'startup-sla-report.json';
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  for (const e of renderExports(report, path, config.run.export)) writeFileSync(e.path, e.text);
  process.stdout.write(`${renderConsole(report)}\n\nreport: ${path}\n`);
  // The same rule as the action's step: `fail-on` decides, not the verdict alone.
  return signalled ?? (report.targets.some((t) => t.failsStep) ? 1 : 0);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    const f = describeFailure(e);
    stderr(f.owner === 'ours' ? failureLine(f) : `error: ${failureLine(f).replace(/^startup-sla: /, '')}`);
    process.exit(1);
  },
);
