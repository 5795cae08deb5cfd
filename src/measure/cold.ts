// Cold starts (`start: cold`): before each, the image is removed and pulled from its registry,
// the pull timed (layers, bytes, its own phases), then the start measured exactly as a hot one.
// They are their own measurement: own statistics and SLA (`cold-sla-ms`), never pooled with the
// hot starts. The image is left as it was found: same id, same tags.
import { describe } from '../analyze/stats.ts';
import { checkSla, type SlaResult } from '../analyze/sla.ts';
import type { TargetConfig } from '../config/schema.ts';
import { statusOf, type DockerClient } from '../docker/client.ts';
import { Containers } from '../docker/containers.ts';
import { Images } from '../docker/images.ts';
import { daemonMessage } from '../docker/host-errors.ts';
import { pullImage, PullError, registryOf, type PullResult, type RegistryRef } from '../image/pull.ts';
import { registryAuth, type AuthConfig } from '../image/registry-auth.ts';
import type { Sample, Stats } from '../model.ts';
import { ConfigError, StartError } from '../util/errors.ts';
import type { Logger } from '../util/logger.ts';
import type { PlanTemplate } from './run.ts';
import { measureStart, type StartContext } from './start.ts';

export interface ColdSample {
  index: number;
  pull: PullResult;
  /** The start after the pull, measured as a hot start is (create -> ready). */
  start: Sample;
  /** Pull start -> ready: what a node without the image waits. */
  totalMs: number;
}

export interface ColdResult {
  reference: string;
  registry: string;
  runs: number;
  samples: ColdSample[];
  /** Pull + start, pull alone, start alone: three statistics, none mixed with the hot starts. */
  stats: Stats;
  pullStats: Stats;
  startStats: Stats;
  /** Compressed bytes one pull fetched (the last one). */
  pullBytes: number;
  sla?: SlaResult | undefined;
  /** Whether the image is back as it was found; the reason when not. */
  restored: { ok: boolean; message?: string | undefined };
  error?: { message: string; logTail: string[] } | undefined;
}

export interface ColdPlan {
  ref: RegistryRef;
  auth: AuthConfig | undefined;
  /** The image as found: id and tags to put back. */
  found: { id: string; tags: string[] };
  runs: number;
}

const where = (k: string) => `"${k}"`;

/**
 * Everything that can be known before any start: the reference names a registry, the registry
 * answers and holds this very image (so removing the local copy loses nothing), and no
 * container holds the image. Each failure is one clear error naming the image.
 */
export async function prepareColdStarts(docker: DockerClient, target: TargetConfig): Promise<ColdPlan> {
  const ref = registryOf(target.image);
  const image = `${where('start')}: cold with image "${target.image}"`;
  if (!ref) {
    throw new ConfigError(
      `${image}: the reference names no registry (a local build?); a cold start pulls the image, so write it as host[:port]/name:tag, the way it was pushed`,
    );
  }
  const auth = registryAuth(ref.host);
  const images = new Images(docker);
  let digest: string;
  try {
    digest = await images.registryDigest(target.image, auth);
  } catch (e: unknown) {
    throw new ConfigError(
      `${image}: the registry ${ref.host} did not give its manifest (${daemonMessage(e)}); check that the registry is up and reachable from the Docker host, that the image was pushed there, and the credentials in the docker CLI config`,
    );
  }
  const info = await images.inspect(target.image);
  if (info === undefined) throw new ConfigError(`${image}: no such image on this Docker host`);
  const local = info.RepoDigests ?? [];
  if (!local.some((d) => d.endsWith(`@${digest}`))) {
    throw new ConfigError(
      `${image}: the local image (${info.Id.slice(7, 19)}) is not the one the registry holds (${digest.slice(0, 19)}); a cold start would remove it and measure another image. Push it first (docker push ${target.image})`,
    );
  }
  const users = await new Containers(docker).usingImage(info.Id);
  if (users.length > 0) {
    const names = users.map((c) => (c.Names[0] ?? c.Id.slice(0, 12)).replace(/^\//, '')).slice(0, 5);
    throw new ConfigError(`${image}: containers use the image (${names.join(', ')}); a cold start must remove it first. Remove those containers, or measure hot starts`);
  }
  return { ref, auth, found: { id: info.Id, tags: info.RepoTags ?? [] }, runs: target['cold-runs'] };
}

async function removeImage(docker: DockerClient, id: string): Promise<void> {
  try {
    // By id and forced: every tag goes, so the pull cannot find the image under another name.
    await new Images(docker).remove(id, { force: true });
  } catch (e: unknown) {
    if (statusOf(e) === 404) return;
    throw new StartError(`cannot remove the image for a cold start: ${daemonMessage(e)}`);
  }
}

/** Puts the image back as found: pulled again when absent, every tag restored. */
export async function restoreImage(docker: DockerClient, plan: ColdPlan, now: () => number): Promise<ColdResult['restored']> {
  try {
    const images = new Images(docker);
    const present = await images.inspect(plan.found.id).catch(() => undefined);
    if (!present) await pullImage(docker, plan.ref, plan.auth, now);
    const info = await images.inspect(plan.ref.reference);
    if (info === undefined) throw new Error(`no image ${plan.ref.reference} after the pull`);
    if (info.Id !== plan.found.id) {
      return { ok: false, message: `the registry now holds another image under ${plan.ref.reference} (${info.Id.slice(7, 19)}, was ${plan.found.id.slice(7, 19)}); the one found was not put back` };
    }
    for (const tag of plan.found.tags) {
      if ((info.RepoTags ?? []).includes(tag)) continue;
      const colon = tag.lastIndexOf(':');
      await images.tag(info.Id, tag.slice(0, colon), tag.slice(colon + 1));
    }
    return { ok: true };
  } catch (e: unknown) {
    return { ok: false, message: `the image ${plan.ref.reference} (${plan.found.id.slice(7, 19)}) could not be put back: ${daemonMessage(e)}; pull it again with docker pull ${plan.ref.reference}` };
  }
}

export async function measureColdStarts(ctx: StartContext, plan: ColdPlan, template: PlanTemplate, target: TargetConfig, logger: Logger): Promise<ColdResult> {
  const { docker } = ctx.endpoint;
  const now = () => ctx.clock.now();
  const samples: ColdSample[] = [];
  let error: ColdResult['error'];
  let restored: ColdResult['restored'] = { ok: true };
  logger.info(`measuring ${plan.runs} cold starts of ${target.image}: image removed, pulled from ${plan.ref.host}, then started`);
  try {
    for (let index = 0; index < plan.runs && !ctx.signal.aborted; index++) {
      await removeImage(docker, plan.found.id);
      const pull = await pullImage(docker, plan.ref, plan.auth, now).catch((e: unknown) => {
        throw new StartError(`${target.id}: cold start ${index + 1}: the pull from ${plan.ref.host} failed: ${e instanceof PullError ? e.message : daemonMessage(e)}`);
      });
      const start = await measureStart(ctx, { ...template, index, warmup: false, arm: 'head' });
      const sample = { index, pull, start, totalMs: Math.round((pull.ms + start.totalMs) * 1000) / 1000 };
      samples.push(sample);
      logger.info(
        `  cold start ${index + 1}/${plan.runs}: ready in ${sample.totalMs.toFixed(1)} ms = pull ${pull.ms.toFixed(1)} ms (${(pull.bytes / 1e6).toFixed(1)} MB, ${pull.layers.filter((l) => l.status === 'pulled').length}/${pull.layers.length} layers fetched) + start ${start.totalMs.toFixed(1)} ms`,
      );
    }
  } catch (e: unknown) {
    if (!(e instanceof StartError)) throw e;
    error = { message: e.message, logTail: e.logTail };
    logger.error(e.message);
    if (e.logTail.length > 0) logger.untrusted(`last ${e.logTail.length} log lines of the container`, e.logTail);
  } finally {
    restored = await restoreImage(docker, plan, now);
    if (!restored.ok) logger.warning(`${target.id}: ${restored.message}`);
  }
  const stats = describe(samples.map((s) => s.totalMs));
  const coldSla = target['cold-sla-ms'];
  return {
    reference: target.image,
    registry: plan.ref.host,
    runs: plan.runs,
    samples,
    stats,
    pullStats: describe(samples.map((s) => s.pull.ms)),
    startStats: describe(samples.map((s) => s.start.totalMs)),
    pullBytes: samples.at(-1)?.pull.bytes ?? 0,
    sla: coldSla === undefined ? undefined : checkSla(stats, target['sla-stat'], coldSla),
    restored,
    error,
  };
}

/** The cold result's weight in the target's verdict: its own SLA, its own failure. */
