// From model to verdict in one step: the action builds the engine (a user command), builds the
// image from a Dockerfile that COPYs it, measures it, and removes what it made on the way; the
// image the user named stays under its tag (keep-image), unless keep-image is false.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startAction } from '../support/action-runner.ts';
import { docker } from '../support/docker.ts';

const ROOT = resolve(import.meta.dirname, '../..');

test('engine command -> image build -> measurement; the built image stays under its tag, nothing else of the run does', async () => {
  const ctx = mkdtempSync(join(tmpdir(), 'ssla-build-'));
  execFileSync('gcc', ['-O2', '-static', '-o', join(ctx, 'server'), join(ROOT, 'examples/demo-server/server.c')], { stdio: 'ignore' });
  writeFileSync(join(ctx, 'Dockerfile'), 'FROM scratch\nCOPY server /server\nCOPY engine.bin /model/weights.bin\nEXPOSE 8000\nENTRYPOINT ["/server"]\n');
  copyFileSync(join(ROOT, 'examples/demo-server/Dockerfile'), join(ctx, 'Dockerfile.unused'));
  writeFileSync(join(ctx, '.dockerignore'), 'Dockerfile.unused\n');
  const tag = `ssla-itg-build:${process.pid}`;
  const r = await startAction({
    inputs: {
      image: tag,
      'health-check': 'http:8000/health',
      runs: '2',
      warmup: '0',
      dockerfile: join(ctx, 'Dockerfile'),
      'engine-builder': 'command',
      'engine-command': 'head -c 2097152 /dev/urandom > "$STARTUP_SLA_ENGINE_OUTPUT"',
      'engine-output': join(ctx, 'engine.bin'),
      'engine-cache-dir': join(ctx, 'cache'),
      baseline: 'none',
      comment: 'false',
    },
  }).done;
  assert.equal(r.code, 0, r.stdout);
  assert.match(r.stdout, /engine .*engine\.bin: built in/);
  assert.match(r.stdout, new RegExp(`image ${tag} built in .* MB, \\d+ layers`));
  const report = JSON.parse(readFileSync(r.outputs.report ?? '', 'utf8'));
  assert.equal(report.targets[0].build.engine.sizeBytes, 2097152);
  assert.equal(report.targets[0].build.engine.cacheHit, false);
  assert.ok(report.targets[0].build.image.buildMs > 0);
  assert.match(r.summary, /Engine `engine.bin`: 2.1 MB, built in/);
  // The image the user named is there to push or to measure as baseline-image next time.
  const kept = await docker.getImage(tag).inspect();
  assert.equal(kept.Config.Labels?.['startup-sla.keep'], 'true');
  const runId = r.state.runId ?? '';
  // Nothing else of the run: no container, and no other image with its label.
  assert.deepEqual(await docker.listContainers({ all: true, filters: { label: [`startup-sla.run=${runId}`] } }), []);
  // Other images with the run's label are the kept image's own parent layers (the classic builder
  // adds build labels as its last steps), nothing beside it.
  const layers = new Set((await docker.getImage(tag).history()).map((h: { Id: string }) => h.Id));
  const images = await docker.listImages({ all: true, filters: { label: [`startup-sla.run=${runId}`] } });
  assert.ok(images.some((i) => i.Id === kept.Id));
  for (const i of images) assert.ok(layers.has(i.Id), `${i.Id} is a layer of the kept image`);
  await docker.getImage(tag).remove({ force: true });
});

test('keep-image false: the built image goes with the rest of the run', async () => {
  const ctx = mkdtempSync(join(tmpdir(), 'ssla-build-'));
  execFileSync('gcc', ['-O2', '-static', '-o', join(ctx, 'server'), join(ROOT, 'examples/demo-server/server.c')], { stdio: 'ignore' });
  writeFileSync(join(ctx, 'weights.bin'), Buffer.alloc(1024, 1));
  writeFileSync(join(ctx, 'Dockerfile'), 'FROM scratch\nCOPY server /server\nCOPY weights.bin /model/weights.bin\nEXPOSE 8000\nENTRYPOINT ["/server"]\n');
  const tag = `ssla-itg-build-nokeep:${process.pid}`;
  const r = await startAction({
    inputs: { image: tag, 'health-check': 'http:8000/health', runs: '1', warmup: '0', dockerfile: join(ctx, 'Dockerfile'), 'keep-image': 'false', baseline: 'none', comment: 'false' },
  }).done;
  assert.equal(r.code, 0, r.stdout);
  await assert.rejects(docker.getImage(tag).inspect(), (e: unknown) => (e as { statusCode?: number }).statusCode === 404);
});

test('a failing RUN step is one clear error with the builder output, exit 1', async () => {
  const ctx = mkdtempSync(join(tmpdir(), 'ssla-build-'));
  writeFileSync(join(ctx, 'Dockerfile'), 'FROM scratch\nCOPY missing-file /x\n');
  const r = await startAction({
    inputs: { image: `ssla-itg-build-fail:${process.pid}`, 'health-check': 'tcp:8000', dockerfile: join(ctx, 'Dockerfile'), baseline: 'none', comment: 'false' },
  }).done;
  assert.equal(r.code, 1);
  const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error'));
  assert.equal(errors.length, 1, r.stdout);
  assert.match(errors[0] ?? '', /missing-file/);
});

test('a multi-stage build: the builder stage\'s images go at once, the kept image keeps its own layers', async () => {
  const ctx = mkdtempSync(join(tmpdir(), 'ssla-build-'));
  execFileSync('gcc', ['-O2', '-static', '-o', join(ctx, 'server'), join(ROOT, 'examples/demo-server/server.c')], { stdio: 'ignore' });
  // Fresh content, so no step of stage 1 comes from the cache.
  writeFileSync(join(ctx, 'weights.bin'), `${process.pid}-${Date.now()}-${Math.random()}\n`);
  writeFileSync(join(ctx, 'Dockerfile'), 'FROM scratch AS builder\nCOPY weights.bin /w\nLABEL stage=builder\nFROM scratch\nCOPY server /server\nCOPY --from=builder /w /model/weights.bin\nEXPOSE 8000\nENTRYPOINT ["/server"]\n');
  const tag = `ssla-itg-build-multi:${process.pid}`;
  const r = await startAction({ inputs: { image: tag, 'health-check': 'http:8000/health', runs: '1', warmup: '0', dockerfile: join(ctx, 'Dockerfile'), baseline: 'none', comment: 'false' } }).done;
  assert.equal(r.code, 0, r.stdout);
  const stepImages = [...r.stdout.matchAll(/^::debug:: ---> ([0-9a-f]{12})$/gm)].map((m) => m[1] ?? '');
  const history: { Id: string }[] = await docker.getImage(tag).history();
  const layers = history.map((h) => h.Id.replace(/^sha256:/, ''));
  const gone: string[] = [];
  for (const id of stepImages) {
    if (layers.some((l) => l.startsWith(id))) continue;
    const exists = await docker.getImage(id).inspect().then(() => true, () => false);
    assert.equal(exists, false, `step image ${id} of another stage is removed`);
    gone.push(id);
  }
  assert.ok(gone.length >= 2, `the builder stage made images and they went: ${gone.join(', ')}`);
  assert.match(r.stdout, /removed \d+ intermediate image\(s\) of other build stages/);
  await docker.getImage(tag).remove({ force: true });
});
