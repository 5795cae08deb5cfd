// Runs the bundled action the way the GitHub runner does: `node dist/index.js` with an INPUT_*
// variable for every declared input (defaults filled in, names spelled as the runner spells
// them), the GITHUB_* files, an event payload, then the post step with the saved state.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';

const ROOT = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

interface ActionYaml {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; main: string; post: string };
}
export const actionYaml = parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYaml;

interface WebhookExamples {
  name: string;
  examples: { action?: string; [k: string]: unknown }[];
}
/** A real payload from @octokit/webhooks-examples, e.g. ('pull_request', 'opened'). */
export function examplePayload(event: string, action?: string): Record<string, unknown> {
  const all = require('@octokit/webhooks-examples/api.github.com/index.json') as WebhookExamples[];
  const examples = all.find((e) => e.name === event)?.examples ?? [];
  const found = action === undefined ? examples[0] : examples.find((e) => e.action === action);
  if (!found) throw new Error(`no example payload for ${event}.${action}`);
  return structuredClone(found);
}

/** The runner's file-command format: `name<<DELIM\nvalue\nDELIM` (and plain `name=value`). */
export function parseFileCommands(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, key = '', delim] = heredoc;
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== delim) value.push(lines[i] ?? '');
      out[key] = value.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

export interface StepResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  state: Record<string, string>;
}

export interface ActionRun {
  dir: string;
  env: NodeJS.ProcessEnv;
  child: ChildProcess;
  /** Resolves when the main step ends. */
  done: Promise<StepResult>;
  /** Resolves once stdout holds a line matching the pattern. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  state(): Record<string, string>;
  /** Runs the post step with the state the main step saved. */
  post(): Promise<StepResult>;
}

export interface RunOptions {
  inputs?: Record<string, string>;
  event?: { name: string; payload: Record<string, unknown> };
  env?: NodeJS.ProcessEnv;
  token?: string;
  /** GITHUB_WORKSPACE and cwd (a checkout the test prepared); default: the run's own temp dir. */
  workspace?: string;
  /** Run the steps as this user and group (e.g. nobody with the docker socket's group). */
  user?: { uid: number; gid: number };
}

export function startAction(opts: RunOptions = {}): ActionRun {
  const dir = mkdtempSync(join(tmpdir(), 'ssla-runner-'));
  const files = { output: join(dir, 'output'), summary: join(dir, 'summary.md'), state: join(dir, 'state'), event: join(dir, 'event.json') };
  for (const f of [files.output, files.summary, files.state]) writeFileSync(f, '');
  // Another user must be able to write the runner's files, as the runner's own user can.
  if (opts.user) {
    chmodSync(dir, 0o777);
    for (const f of [files.output, files.summary, files.state]) chmodSync(f, 0o666);
  }
  const event = opts.event ?? { name: 'pull_request', payload: examplePayload('pull_request', 'opened') };
  writeFileSync(files.event, JSON.stringify(event.payload));

  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(actionYaml.inputs)) {
    let value = spec.default ?? '';
    if (value.includes('${{ github.token }}')) value = opts.token ?? 'ghs_testtoken0123456789';
    inputs[name] = value;
  }
  Object.assign(inputs, opts.inputs);
  const repo = (event.payload.repository as { full_name?: string } | undefined)?.full_name ?? 'octo/repo';
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DOCKER_HOST: process.env.DOCKER_HOST,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_STATE: files.state,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_EVENT_NAME: event.name,
    GITHUB_REPOSITORY: repo,
    GITHUB_SHA: 'ffac537e6cbbf934b08745a378932722df287a53',
    GITHUB_REF: 'refs/pull/1/merge',
    GITHUB_RUN_ID: String(1000 + Math.floor(Math.random() * 1e6)),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'http://127.0.0.1:9',
    GITHUB_WORKSPACE: opts.workspace ?? dir,
    RUNNER_TEMP: dir,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_ENVIRONMENT: 'self-hosted',
    ...opts.env,
  };
  // The runner upper-cases the name and keeps hyphens: INPUT_TIMEOUT-MS.
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;

  const step = (extraEnv: NodeJS.ProcessEnv, file = actionYaml.runs.main) => {
    const child = spawn(process.execPath, [join(ROOT, file)], { cwd: opts.workspace ?? dir, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'], ...(opts.user ?? {}) });
    let stdout = '';
    let stderr = '';
    const waiters: { pattern: RegExp; resolve: () => void }[] = [];
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      for (const w of waiters.filter((x) => x.pattern.test(stdout))) w.resolve();
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const done = new Promise<StepResult>((res) =>
      child.on('close', (code, signal) =>
        res({
          code,
          signal,
          stdout,
          stderr,
          outputs: parseFileCommands(readFileSync(files.output, 'utf8')),
          summary: readFileSync(files.summary, 'utf8'),
          state: parseFileCommands(readFileSync(files.state, 'utf8')),
        }),
      ),
    );
    const waitFor = (pattern: RegExp, timeoutMs = 60_000) =>
      new Promise<void>((res, rej) => {
        if (pattern.test(stdout)) return res();
        const t = setTimeout(() => rej(new Error(`timed out waiting for ${pattern} in:\n${stdout}\n${stderr}`)), timeoutMs);
        waiters.push({ pattern, resolve: () => (clearTimeout(t), res()) });
      });
    return { child, done, waitFor };
  };

  const main = step({});
  const state = () => parseFileCommands(readFileSync(files.state, 'utf8'));
  return {
    dir,
    env,
    child: main.child,
    done: main.done,
    waitFor: main.waitFor,
    state,
    post: async () => {
      await main.done;
      // The runner hands saved state to the post step as STATE_<name> variables.
      const stateEnv = Object.fromEntries(Object.entries(state()).map(([k, v]) => [`STATE_${k}`, v]));
      for (const f of [files.output, files.summary]) writeFileSync(f, '');
      return step(stateEnv, actionYaml.runs.post).done;
    },
  };
}
