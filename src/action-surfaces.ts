// The runner's file commands, each best effort and each on its own: a runner without one
// (older GHES, act, Gitea/Forgejo, @github/local-action) costs that surface and one line in the
// log, never the measurement or the other surfaces.
import * as core from '@actions/core';
import { errorMessage } from './util/errors.ts';

const said = new Set<string>();
function once(key: string, say: () => void): void {
  if (said.has(key)) return;
  said.add(key);
  say();
}

/** The job summary, or a warning saying why there is none. */
export async function writeSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (!env.GITHUB_STEP_SUMMARY) {
    once('summary', () => core.warning('startup-sla: this runner gives no job summary (GITHUB_STEP_SUMMARY is not set); the result is in the log and the report file'));
    return false;
  }
  try {
    await core.summary.addRaw(markdown, true).write({ overwrite: false });
    return true;
  } catch (e: unknown) {
    core.summary.emptyBuffer();
    once('summary', () => core.warning(`startup-sla: job summary not written (${errorMessage(e)}); the result is in the log and the report file`));
    return false;
  }
}

/**
 * Step outputs. Without GITHUB_OUTPUT, @actions/core falls back to the older `::set-output`
 * log command (which some runners still read and newer ones ignore): say so once.
 */
export function setOutputs(values: Record<string, string>, env: NodeJS.ProcessEnv = process.env, out: Pick<typeof core, 'info' | 'setOutput'> = core): void {
  if (!env.GITHUB_OUTPUT) once('output', () => out.info('startup-sla: GITHUB_OUTPUT is not set; outputs are given with the older ::set-output command, which this runner may ignore'));
  for (const [name, value] of Object.entries(values)) out.setOutput(name, value);
}
