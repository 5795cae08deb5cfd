// The context tar is built from real files in a temp folder and unpacked again with tar-fs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { extract } from 'tar-fs';
import { contextFilter, OUTSIDE_DOCKERFILE, packContext } from '../../src/image/context.ts';
import { ConfigError } from '../../src/util/errors.ts';

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}

async function tree(layout: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'startup-sla-ctx-'));
  for (const [path, body] of Object.entries(layout)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), body);
  }
  return dir;
}

async function unpack(ctxDir: string, dockerfile: string): Promise<{ names: string[]; dockerfile: string; out: string }> {
  const out = await mkdtemp(join(tmpdir(), 'startup-sla-ctx-out-'));
  const c = packContext(ctxDir, dockerfile);
  await pipeline(c.tar, extract(out));
  return { names: await files(out), dockerfile: c.dockerfile, out };
}

test('.dockerignore excludes files and folders, keeps exceptions, Dockerfile and .dockerignore', async () => {
  const dir = await tree({
    'Dockerfile': 'FROM scratch\n',
    '.dockerignore': '# comment\n*.log\nsecret\nbuild/\n!build/keep.txt\nDockerfile\n',
    'app.bin': 'x',
    'debug.log': 'x',
    'sub/deep.log': 'x',
    'sub/ok.txt': 'x',
    'secret': 'x',
    'build/a.o': 'x',
    'build/keep.txt': 'x',
  });
  try {
    const r = await unpack(dir, join(dir, 'Dockerfile'));
    // Docker's *.log matches at the root only (Go filepath.Match), so sub/deep.log stays.
    assert.deepEqual(r.names, ['.dockerignore', 'Dockerfile', 'app.bin', 'build/keep.txt', 'sub/deep.log', 'sub/ok.txt']);
    assert.equal(r.dockerfile, 'Dockerfile');
    await rm(r.out, { recursive: true, force: true });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a Dockerfile in a subfolder is named by its path in the context', async () => {
  const dir = await tree({ 'docker/server.Dockerfile': 'FROM scratch\n', 'a.txt': 'x' });
  try {
    const r = await unpack(dir, join(dir, 'docker/server.Dockerfile'));
    assert.equal(r.dockerfile, 'docker/server.Dockerfile');
    assert.deepEqual(r.names, ['a.txt', 'docker/server.Dockerfile']);
    await rm(r.out, { recursive: true, force: true });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a Dockerfile outside the context is added under a generated name', async () => {
  const dir = await tree({ 'ctx/a.txt': 'x', 'elsewhere/Dockerfile': 'FROM scratch\nCOPY a.txt /\n' });
  try {
    const r = await unpack(join(dir, 'ctx'), join(dir, 'elsewhere/Dockerfile'));
    assert.equal(r.dockerfile, OUTSIDE_DOCKERFILE);
    assert.deepEqual(r.names, [OUTSIDE_DOCKERFILE, 'a.txt']);
    assert.equal(await readFile(join(r.out, OUTSIDE_DOCKERFILE), 'utf8'), 'FROM scratch\nCOPY a.txt /\n');
    await rm(r.out, { recursive: true, force: true });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('missing context or Dockerfile is a ConfigError naming the input', async () => {
  assert.throws(() => packContext('/nonexistent-ctx', '/nonexistent-ctx/Dockerfile'), (e: unknown) => e instanceof ConfigError && /^Input "context"/.test(e.message));
  const dir = await tree({ 'a.txt': 'x' });
  try {
    assert.throws(() => packContext(dir, join(dir, 'Dockerfile')), (e: unknown) => e instanceof ConfigError && /^Input "dockerfile" has value ".*Dockerfile": no such file/.test(e.message));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

const filterCases: [string[], string, boolean][] = [
  [['*.md'], 'README.md', true],
  [['*.md', '!README.md'], 'README.md', false],
  [['**/*.pyc'], 'a/b/c.pyc', true],
  [['node_modules'], 'node_modules', true],
  [['*'], 'Dockerfile', false],
  [['*'], '.dockerignore', false],
  [['data', '!data/keep'], 'data', false],
  [['data', '!data/keep'], 'data/drop', true],
];
for (const [patterns, path, ignored] of filterCases) {
  test(`filter ${JSON.stringify(patterns)} ${path} -> ${ignored ? 'out' : 'in'}`, () => assert.equal(contextFilter(patterns, 'Dockerfile')(path), ignored));
}
