// The other arm of an interleaved comparison: the user's `baseline-image`, or the PR's base
// commit built here the way the head was built (same Dockerfile path, context, build args and
// target; the engine from the cache when its fingerprint matches). Chromium's Pinpoint builds
// both revisions and runs them alternately on one bot for the same reason: drift between jobs
// is the noise that interleaving removes. What cannot be built is a note, and the history is
// the fallback; never a crash, never a silent pass.
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { DockerClient } from '../docker/client.ts';
import { Images } from '../docker/images.ts';
import type { TargetConfig } from '../config/schema.ts';
import { buildEngine } from '../engine/build.ts';
import { buildImage } from '../image/build.ts';
import { inspectLocalImage, type LocalImage } from '../image/inspect.ts';
import { ROLE_LABEL, TARGET_LABEL } from '../docker/labels.ts';
import type { GpuFacts } from '../model.ts';
import { errorMessage } from '../util/errors.ts';
import type { Logger } from '../util/logger.ts';
import { checkoutBase } from './base-checkout.ts';
import { existsSync } from 'node:fs';

export interface BaseArmOrigin {
  kind: 'baseline-image' | 'base-commit';
  /** The image measured as the base. */
  image: string;
  commit?: string;
  /** "in the checkout" or "fetched". */
  how?: string;
  /** Base build wall time (engine + image), ms: the comparison's cost. */
  buildMs?: number;
  /** "engine from the cache (fingerprint matched)" / "engine built in 12.3 s". */
  engine?: string;
}

export interface BaseArm {
  image: LocalImage;
  origin: BaseArmOrigin;
  /** Removes what was built for it (nothing for a user's baseline-image). */
  remove(): Promise<void>;
}

export type BaseArmResult = { ok: true; arm: BaseArm } | { ok: false; reason: string };

export interface BaseBuildDeps {
  docker: DockerClient;
  runId: string;
  logger: Logger;
  gpus: GpuFacts[];
  commit: string;
  cwd: string;
  token?: string | undefined;
  remoteUrl?: string | undefined;
  tempDir?: string | undefined;
}

/** A tag nobody else uses, removed at the end: the base build is ours, not the user's. */
export function baseTag(targetId: string, runId: string): string {
  const name = targetId.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+/, '').slice(0, 60) || 'target';
  return `startup-sla-base/${name}:${runId.toLowerCase().replace(/[^a-z0-9._-]/g, '-').slice(0, 120)}`;
}

/**
 * A path of the head's checkout, moved into the base's. Paths outside the repository (an
 * absolute engine cache, RUNNER_TEMP) stay where they are.
 */
export function rebasePath(path: string, cwd: string, repoTop: string, baseDir: string): string {
  const rel = relative(repoTop, resolve(cwd, path));
  return rel.startsWith('..') || isAbsolute(rel) ? resolve(cwd, path) : join(baseDir, rel);
}

export async function buildBaseArm(target: TargetConfig, deps: BaseBuildDeps): Promise<BaseArmResult> {
  const short = deps.commit.slice(0, 7);
  const dockerfile = target.dockerfile;
  if (dockerfile === undefined) return { ok: false, reason: 'no dockerfile to build the base commit with' };
  const co = await checkoutBase({ cwd: deps.cwd, commit: deps.commit, runId: deps.runId, token: deps.token, remoteUrl: deps.remoteUrl, tempDir: deps.tempDir });
  if (!co.ok) return co;
  const { dir, repoTop } = co.checkout;
  const move = (p: string) => rebasePath(p, deps.cwd, repoTop, dir);
  try {
    const baseDockerfile = move(dockerfile);
    if (!existsSync(baseDockerfile)) return { ok: false, reason: `base commit ${short} has no ${relative(dir, baseDockerfile)} (the Dockerfile is new in this PR)` };
    const started = performance.now();
    const rebased: TargetConfig = {
      ...target,
      ...(target['engine-onnx'] ? { 'engine-onnx': move(target['engine-onnx']) } : {}),
      ...(target['engine-output'] ? { 'engine-output': move(target['engine-output']) } : {}),
      // The cache is shared on purpose: the base's engine usually has the head's fingerprint.
      ...(target['engine-cache-dir'] ? { 'engine-cache-dir': resolve(deps.cwd, target['engine-cache-dir']) } : {}),
    };
    const engine = await buildEngine(rebased, { docker: deps.docker, runId: deps.runId, gpus: deps.gpus, cwd: dir, log: (l) => deps.logger.debug(l) });
    const tag = baseTag(target.id, deps.runId);
    await buildImage(deps.docker, {
      dockerfile: baseDockerfile,
      context: target.context ? move(target.context) : undefined,
      buildArgs: target['build-args'],
      target: target.target,
      tag,
      timeoutMs: target['build-timeout-ms'],
      runId: deps.runId,
      labels: { [TARGET_LABEL]: target.id, [ROLE_LABEL]: 'base' },
      log: (l) => deps.logger.debug(l),
    });
    const image = await inspectLocalImage(deps.docker, tag);
    const origin: BaseArmOrigin = {
      kind: 'base-commit',
      image: tag,
      commit: deps.commit,
      how: co.checkout.how,
      buildMs: performance.now() - started,
      ...(engine ? { engine: engine.cacheHit ? 'engine from the cache (fingerprint matched)' : `engine built in ${(engine.buildMs / 1000).toFixed(1)} s (no cached engine with its fingerprint)` } : {}),
    };
    const remove = async () => {
      await new Images(deps.docker).remove(tag, { force: true }).catch(() => undefined);
    };
    return { ok: true, arm: { image, origin, remove } };
  } catch (e: unknown) {
    return { ok: false, reason: `the base commit ${short} did not build (${errorMessage(e).split('\n')[0]})` };
  } finally {
    await co.checkout.remove();
  }
}

/** The user's own base image: measured, never removed. */
export async function userBaseArm(docker: DockerClient, ref: string): Promise<BaseArm> {
  const image = await inspectLocalImage(docker, ref, 'baseline-image');
  return { image, origin: { kind: 'baseline-image', image: ref }, remove: async () => undefined };
}
