// The PR's base commit as files on disk, for building it beside the head (issue: "measure the
// PR against its base commit"): from the local repository when it has the commit, else fetched
// with the action's own token, since actions/checkout fetches depth 1 and our examples set
// persist-credentials: false (a plain `git fetch` has no credentials in a private repository).
// Every way this can fail is a sentence for the "fallback to history" note, never a throw.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getExecOutput } from '@actions/exec';
import { errorMessage } from '../util/errors.ts';

export interface BaseCheckout {
  /** The base commit's tree, checked out as a detached worktree. */
  dir: string;
  /** The repository's top folder in the workspace (paths are rebased from it). */
  repoTop: string;
  commit: string;
  how: 'in the checkout' | 'fetched';
  remove(): Promise<void>;
}

export type CheckoutResult = { ok: true; checkout: BaseCheckout } | { ok: false; reason: string };

export interface CheckoutInput {
  /** The workspace (any folder inside the repository). */
  cwd: string;
  commit: string;
  runId: string;
  /** For the fetch: the action's token, and the repository's URL when there is no `origin`. */
  token?: string | undefined;
  remoteUrl?: string | undefined;
  /** Where the worktree goes (RUNNER_TEMP on a runner). */
  tempDir?: string | undefined;
}

async function git(cwd: string, args: string[], env?: Record<string, string>): Promise<{ ok: boolean; out: string; err: string }> {
  try {
    const r = await getExecOutput('git', args, { cwd, silent: true, ignoreReturnCode: true, env: { ...(process.env as Record<string, string>), ...env } });
    return { ok: r.exitCode === 0, out: r.stdout.trim(), err: r.stderr.trim().split('\n').filter(Boolean).at(-1) ?? `exit ${r.exitCode}` };
  } catch (e: unknown) {
    // @actions/exec throws when the binary is missing.
    return { ok: false, out: '', err: /Unable to locate executable|ENOENT/.test(errorMessage(e)) ? 'git is not installed on the runner' : errorMessage(e) };
  }
}

/**
 * The token goes through GIT_CONFIG_* variables (git 2.31+), not the command line, so it never
 * shows in the process list; it is the header actions/checkout itself writes.
 */
function authEnv(token: string | undefined): Record<string, string> {
  if (!token) return {};
  const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
  return { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'http.extraheader', GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}`, GIT_TERMINAL_PROMPT: '0' };
}

export async function checkoutBase(input: CheckoutInput): Promise<CheckoutResult> {
  const short = input.commit.slice(0, 7);
  const top = await git(input.cwd, ['rev-parse', '--show-toplevel']);
  if (!top.ok) return { ok: false, reason: `the workspace is not a git checkout (${top.err})` };
  const repoTop = top.out;
  let how: BaseCheckout['how'] = 'in the checkout';
  if (!(await git(repoTop, ['cat-file', '-e', `${input.commit}^{commit}`])).ok) {
    const origin = await git(repoTop, ['remote', 'get-url', 'origin']);
    const remote = origin.ok ? 'origin' : input.remoteUrl;
    if (!remote) return { ok: false, reason: `base commit ${short} is not in the checkout and there is no remote to fetch it from` };
    const fetched = await git(repoTop, ['fetch', '--no-tags', '--depth=1', remote, input.commit], authEnv(input.token));
    if (!fetched.ok) return { ok: false, reason: `base commit ${short} is not in the checkout and could not be fetched (${fetched.err})` };
    how = 'fetched';
  }
  const dir = mkdtempSync(join(input.tempDir ?? tmpdir(), `startup-sla-${input.runId}-base-`));
  const added = await git(repoTop, ['worktree', 'add', '--detach', '--force', dir, input.commit]);
  if (!added.ok) {
    rmSync(dir, { recursive: true, force: true });
    return { ok: false, reason: `base commit ${short} could not be checked out (${added.err})` };
  }
  const remove = async () => {
    await git(repoTop, ['worktree', 'remove', '--force', dir]);
    rmSync(dir, { recursive: true, force: true });
    await git(repoTop, ['worktree', 'prune']);
  };
  return { ok: true, checkout: { dir, repoTop, commit: input.commit, how, remove } };
}
