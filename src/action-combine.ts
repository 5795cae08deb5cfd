// The combining job of a matrix (examples/workflows/matrix.yml): no image, `report` a folder or
// glob of the measure jobs' reports. It posts one PR comment, one check run and one job summary
// for all of them, and on trusted events appends each target's history. Whatever is wrong with
// one report (corrupt, another commit's, a duplicate, missing) is a line, never the end of the run.
import * as core from '@actions/core';
import { globSync, readdirSync, readFileSync, statSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { loadConfig, loadRunConfig } from './config/load.ts';
import { targetSchema, type RunConfig } from './config/schema.ts';
import { baselineSession } from './baseline/from-config.ts';
import { artefactOf, historyKey, recordRun } from './baseline/session.ts';
import { countedSamples } from './analyze/samples.ts';
import { completeCheckRun } from './github/check-run.ts';
import { CHECK_SUMMARY_LIMIT, COMMENT_LIMIT } from './github/body-cap.ts';
import { COMBINED_MARKER, resolveIdentity, upsertComment } from './github/comment.ts';
import type { GitHubApi } from './github/client.ts';
import type { RunContext } from './github/run-context.ts';
import { isTrustedForBaseline } from './github/event.ts';
import { mergeReports, type Merged, type ReportFile } from './report/merge.ts';
import { combinedSections, renderCombined } from './report/combined.ts';
import { errorOutputs, reportOutputs } from './report/results.ts';
import type { Report } from './report/report.ts';
import { setOutputs, writeSummary } from './action-surfaces.ts';
import { ghLog, startCheck, type GitHubSurfaces } from './action-github.ts';
import { checkConclusion, type CheckVerdict } from './action-publish.ts';
import { ConfigError, errorMessage, fileErrorReason } from './util/errors.ts';
import { newRunId } from './lifecycle.ts';
import { VERSION } from './version.ts';

/** A folder (existing, or written with a trailing slash) or a glob: the combining job's input. */
export function isReportCollection(report: string | undefined, cwd: string): boolean {
  const r = report?.trim();
  if (!r) return false;
  if (r.endsWith('/') || /[*?[{]/.test(r)) return true;
  try {
    return statSync(resolve(cwd, r)).isDirectory();
  } catch {
    return false;
  }
}

/** Our exports sit beside each report; they are not reports. */
const isReportName = (name: string) => name.endsWith('.json') && !/\.(bmf|benchmark-action)\.json$/.test(name);

export function collectReports(pattern: string, cwd: string): { files: ReportFile[]; problems: string[] } {
  let paths: string[];
  try {
    const dir = resolve(cwd, pattern);
    paths = /[*?[{]/.test(pattern)
      ? globSync(pattern, { cwd }).map((p) => resolve(cwd, p)).filter((p) => statSync(p).isFile() && !/\.(bmf|benchmark-action)\.json$/.test(p))
      : (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[]).filter((d) => d.isFile() && isReportName(d.name)).map((d) => join(d.parentPath, d.name));
  } catch (e: unknown) {
    return { files: [], problems: [`Input "report" has value "${pattern}": cannot be read (${fileErrorReason(e)})`] };
  }
  const files: ReportFile[] = [];
  const problems: string[] = [];
  for (const p of paths.sort()) {
    const file = relative(cwd, p) || p;
    try {
      files.push({ file, text: readFileSync(p, 'utf8') });
    } catch (e: unknown) {
      problems.push(`${file}: cannot be read (${fileErrorReason(e)}); not posted`);
    }
  }
  if (files.length === 0 && problems.length === 0) problems.push(`no reports in "${pattern}": each measure job uploads its report as an artifact (startup-sla-report-<target>-<runner>), and this job downloads them there first`);
  return { files, problems };
}

/** Who should have a report: the config file's targets (less `targets`), or `targets` alone. */
function expectedTargets(inputs: Record<string, string>, run: RunConfig, cwd: string): { id: string; failOn: string[] }[] {
  if (run.config) return loadConfig('action', { ...inputs, report: undefined }, cwd).targets.map((t) => ({ id: t.id, failOn: t['fail-on'] }));
  const failOn = targetSchema.shape['fail-on'].safeParse(inputs['fail-on'] || undefined);
  if (!failOn.success) throw new ConfigError(`Input "fail-on" has value "${inputs['fail-on']}": ${failOn.error.issues[0]?.message ?? 'not accepted'}`);
  return run.targets.map((id) => ({ id, failOn: failOn.data }));
}

export async function publishCombined(inputs: Record<string, string>, ctx: RunContext, gh: GitHubSurfaces): Promise<void> {
  const cwd = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const run = loadRunConfig('action', inputs);
  const pattern = run.report ?? '';
  const expected = expectedTargets(inputs, run, cwd);
  const collected = collectReports(pattern, cwd);
  // The measure jobs ran on this workflow's commit; on workflow_run, on the run it is about.
  const headSha = (ctx.payload as { workflow_run?: { head_sha?: unknown } }).workflow_run?.head_sha;
  const sha = typeof headSha === 'string' ? headSha : ctx.sha;
  const merged = mergeReports(collected.files, { expected, headSha: sha || undefined, version: VERSION, runId: newRunId(), now: new Date(), git: { sha, ref: ctx.ref, runUrl: ctx.runUrl } });
  merged.problems.unshift(...collected.problems);
  for (const p of merged.problems) core.warning(`startup-sla: ${p}`);

  const report = merged.report;
  if (report) {
    const path = join(process.env.RUNNER_TEMP ?? cwd, 'startup-sla-combined.json');
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
    setOutputs(reportOutputs(report, path));
  } else setOutputs(errorOutputs());
  await writeSummary(renderCombined(merged, { runUrl: ctx.runUrl }));

  const urls = await postCombined(merged, ctx, gh, sha);
  setOutputs({ 'comment-url': urls.comment ?? '', 'check-run-url': urls.checkRun ?? '' });
  if (report) await recordHistories(report, run, ctx, gh.api);

  const failing = report ? report.targets.filter((t) => t.failsStep).map((t) => `${t.id}${t.runner ? ` on ${t.runner}` : ''} (${t.reasons.filter((r) => r.severity === 'fail').map((r) => r.code).join(', ') || t.verdict})`) : ['no reports'];
  if (failing.length > 0) core.setFailed(`startup-sla: ${failing.join('; ')}; see the job summary`);
  else core.info(`startup-sla: ${report?.verdict ?? 'error'} over ${report?.targets.length ?? 0} results`);
}

function conclusionOf(merged: Merged): CheckVerdict {
  return merged.report ? checkConclusion(merged.report) : 'failure';
}

async function postCombined(merged: Merged, ctx: RunContext, gh: GitHubSurfaces, sha: string): Promise<{ comment?: string; checkRun?: string }> {
  const urls: { comment?: string; checkRun?: string } = {};
  const { api, prNumber } = gh;
  if (gh.comment && api && prNumber !== undefined) {
    await bestEffort('combined PR comment', async () => {
      const identity = await resolveIdentity(api).catch(() => undefined);
      const body = combinedSections(merged, { runUrl: ctx.runUrl, limit: COMMENT_LIMIT - COMBINED_MARKER.length - 1 });
      const posted = await upsertComment(api, { issueNumber: prNumber, targetId: 'combined', marker: COMBINED_MARKER, body, ...(identity ? { identity } : {}), log: ghLog });
      if (!posted.posted) return core.warning(`startup-sla: ${posted.reason}`);
      core.info(`startup-sla: PR comment ${posted.action}: ${posted.url}`);
      urls.comment = posted.url;
    });
  }
  if (api && gh.checkName) {
    await bestEffort('check run', async () => {
      await startCheck(gh, { ...ctx, sha });
      if (!gh.check) return;
      const r = merged.report;
      const done = await completeCheckRun(api, gh.check.id, {
        conclusion: conclusionOf(merged),
        title: r ? `${r.verdict}: ${r.targets.filter((t) => t.verdict === 'pass').length} of ${r.targets.length} results pass` : 'no reports',
        summary: combinedSections(merged, { runUrl: ctx.runUrl, limit: CHECK_SUMMARY_LIMIT }),
      });
      if (!done.ok) core.warning(done.warning);
      else if (done.url) urls.checkRun = done.url;
    });
  }
  return urls;
}

/**
 * Each measured target's entry, on trusted events. A measure job that could write has already
 * stored it under this workflow run's id: that entry is left as it is (no second commit), so the
 * combining job only fills in for measure jobs that had no `contents: write`.
 */
async function recordHistories(report: Report, run: RunConfig, ctx: RunContext, api: GitHubApi | undefined): Promise<void> {
  // A PR's combining job writes nothing, so it need not read either (80 GETs at 20 x 4).
  if (!isTrustedForBaseline({ eventName: ctx.eventName, payload: ctx.payload, ref: ctx.ref })) return;
  let session;
  try {
    session = baselineSession(run, ctx, { log: ghLog, api });
  } catch (e: unknown) {
    return core.warning(`startup-sla: history not saved (${errorMessage(e)})`);
  }
  const store = session.store;
  if (!store) return;
  for (const t of report.targets) {
    const samples = countedSamples(t.samples);
    if (t.error || !t.environment || samples.length === 0) continue;
    const key = historyKey(t.id, t.environment, { concurrency: t.concurrency, pageCache: t.pageCache });
    const read = await store.read(key);
    if (read.status === 'found' && read.doc.entries.some((e) => e.runId === session.run.runId)) {
      core.info(`startup-sla: ${t.id}: history already has this run (${read.where})`);
      continue;
    }
    const written = await recordRun(session, key, samples, t.stats, artefactOf(t.image, t.build?.engine));
    if (written?.status === 'written') core.info(`startup-sla: ${t.id}: history saved (${written.where}, ${written.entries} entries)`);
    else if (written && written.status !== 'skipped') core.warning(`startup-sla: ${t.id}: history not saved (${written.reason})`);
  }
}

async function bestEffort(what: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e: unknown) {
    core.warning(`startup-sla: ${what} not posted (${errorMessage(e).split('\n')[0]}); the job summary has the result`);
  }
}
