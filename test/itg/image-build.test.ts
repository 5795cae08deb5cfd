// Real builds against the local Docker Engine, FROM scratch with busybox (no registry here).
// Everything built carries this run's label and is removed at the end.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { copyFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { buildImage } from '../../src/image/build.ts';
import { ImageBuildError } from '../../src/image/errors.ts';
import { inspectLocalImage } from '../../src/image/inspect.ts';
import { ConfigError } from '../../src/util/errors.ts';
import { removeByRunLabel } from '../fixtures/build/docker-cleanup.ts';

const docker = new Docker();
const runId = `itg-image-${randomUUID().slice(0, 8)}`;
const tag = (name: string) => `startup-sla-test/${name}:${runId}`;
let work = '';

/** A fresh copy of a fixture context with busybox's static binary beside the Dockerfile. */
async function context(name: string): Promise<string> {
  const dir = join(work, name);
  await cp(new URL(`../fixtures/build/images/${name}`, import.meta.url).pathname, dir, { recursive: true });
  await copyFile('/bin/busybox', join(dir, 'busybox'));
  return dir;
}

/** Reads one file out of an image without running it (create, getArchive, remove). */
async function fileInImage(image: string, path: string): Promise<string | undefined> {
  const c = await docker.createContainer({ Image: image, Cmd: ['/nothing'], Labels: { 'startup-sla.run': runId } });
  try {
    const tar = await c.getArchive({ path }).catch((e: unknown) => {
      if (typeof e === 'object' && e !== null && 'statusCode' in e && e.statusCode === 404) return undefined;
      throw e;
    });
    if (tar === undefined) return undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of tar) chunks.push(Buffer.from(chunk as Uint8Array));
    // A one-file tar: 512-byte header, then the content (NUL-padded).
    const data = Buffer.concat(chunks);
    const size = parseInt(data.subarray(124, 136).toString('utf8').replace(/\0/g, '').trim(), 8);
    return data.subarray(512, 512 + size).toString('utf8');
  } finally {
    await c.remove({ force: true });
  }
}

before(async () => {
  await docker.ping();
  work = await mkdtemp(join(tmpdir(), 'startup-sla-itg-image-'));
});
after(async () => {
  await removeByRunLabel(docker, runId);
  await rm(work, { recursive: true, force: true });
  const left = await docker.listImages({ all: true, filters: JSON.stringify({ label: [`startup-sla.run=${runId}`] }) });
  assert.equal(left.length, 0, 'every labelled image removed');
});

test('single stage: tagged, labelled, facts reported, .dockerignored file absent', async () => {
  const dir = await context('single');
  const lines: string[] = [];
  const r = await buildImage(docker, { dockerfile: join(dir, 'Dockerfile'), buildArgs: { RUN_ID: runId }, tag: tag('single'), timeoutMs: 120_000, runId, labels: { 'startup-sla.target': 'single' }, log: (l) => lines.push(l) });
  assert.equal(r.reference, tag('single'));
  assert.match(r.id, /^sha256:[0-9a-f]{64}$/);
  assert.ok(r.sizeBytes > 500_000, `busybox is in the image (${r.sizeBytes} bytes)`);
  assert.equal(r.layers, 2, 'two COPY layers');
  assert.ok(r.buildMs > 0);
  assert.ok(lines.some((l) => l.startsWith('Step 1/')), 'build output streamed');
  const info = await docker.getImage(tag('single')).inspect();
  assert.equal(info.Config.Labels['startup-sla.run'], runId);
  assert.equal(info.Config.Labels['startup-sla.target'], 'single');
  // The same labels as every container of the run (docker/labels.ts), so cleanup never guesses.
  assert.equal(info.Config.Labels['startup-sla.managed'], 'true');
  assert.equal(info.Config.Labels['startup-sla.pid'], String(process.pid));
  assert.equal(await fileInImage(tag('single'), '/ctx/hello.txt'), 'hello from the context\n');
  assert.equal(await fileInImage(tag('single'), '/ctx/secret.txt'), undefined, '.dockerignore honoured');
  assert.ok((await fileInImage(tag('single'), '/ctx/Dockerfile'))?.startsWith('# Single stage'));
});

test('multi-stage: stage 2 holds only what stage 1 made; target picks a stage', async () => {
  const dir = await context('multi');
  const r = await buildImage(docker, { dockerfile: join(dir, 'Dockerfile'), buildArgs: { RUN_ID: runId }, tag: tag('multi'), timeoutMs: 120_000, runId });
  assert.equal(r.layers, 1);
  assert.equal(await fileInImage(tag('multi'), '/product.txt'), 'made-in-stage1\n');
  assert.equal(await fileInImage(tag('multi'), '/bin/busybox'), undefined, 'the toolchain stayed in stage 1');
  const s1 = await buildImage(docker, { dockerfile: join(dir, 'Dockerfile'), context: dir, buildArgs: { RUN_ID: runId }, target: 'stage1', tag: tag('multi-stage1'), timeoutMs: 120_000, runId });
  assert.equal(s1.layers, 2, 'busybox + RUN layer');
  assert.notEqual(s1.id, r.id);
});

test('failing RUN: the builder message and the command output are in the error', async () => {
  const dir = await context('failing');
  await assert.rejects(
    buildImage(docker, { dockerfile: join(dir, 'Dockerfile'), buildArgs: { RUN_ID: runId }, tag: tag('failing'), timeoutMs: 120_000, runId }),
    (e: unknown) => {
      assert.ok(e instanceof ImageBuildError);
      assert.match(e.message, /image build of .*failing.* failed: .*returned a non-zero code: 3/);
      assert.match(e.message, /failing-step-output-42/);
      assert.match(e.message, /to-stderr/);
      return true;
    },
  );
  await assert.rejects(docker.getImage(tag('failing')).inspect(), 'no image tagged after a failed build');
});

test('Dockerfile syntax error: the parser message names the line', async () => {
  const dir = await context('syntax');
  await assert.rejects(
    buildImage(docker, { dockerfile: join(dir, 'Dockerfile'), tag: tag('syntax'), timeoutMs: 60_000, runId }),
    (e: unknown) => e instanceof ImageBuildError && /unknown instruction: FORM/i.test(e.message) && /line 2/.test(e.message),
  );
});

test('overall timeout cancels the build', async () => {
  const dir = await context('failing');
  // A step that would run for a minute; the 1.5 s deadline must stop it.
  await import('node:fs/promises').then((fs) =>
    fs.writeFile(join(dir, 'Dockerfile'), 'FROM scratch\nARG RUN_ID\nLABEL startup-sla.run=$RUN_ID\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "sleep", "60"]\n'),
  );
  const t0 = performance.now();
  await assert.rejects(
    buildImage(docker, { dockerfile: join(dir, 'Dockerfile'), buildArgs: { RUN_ID: runId }, tag: tag('slow'), timeoutMs: 1500, runId }),
    (e: unknown) => e instanceof ImageBuildError && /did not finish within 1500 ms/.test(e.message),
  );
  assert.ok(performance.now() - t0 < 15_000);
});

test('inspectLocalImage: facts of a present image, a clear error for an absent one (no pull)', async () => {
  const dir = await context('single');
  await buildImage(docker, { dockerfile: join(dir, 'Dockerfile'), buildArgs: { RUN_ID: runId }, tag: tag('inspect'), timeoutMs: 120_000, runId });
  const { facts: f } = await inspectLocalImage(docker, tag('inspect'));
  assert.equal(f.reference, tag('inspect'));
  assert.equal(f.layers, 2);
  assert.ok(f.created !== undefined);
  await assert.rejects(inspectLocalImage(docker, `startup-sla-test/absent:${runId}`), (e: unknown) => e instanceof ConfigError && /no such image on this Docker host.*never pulls/.test(e.message));
});
