// The build context as the docker CLI sends it: a tar of the context folder without what
// .dockerignore excludes, except the Dockerfile and .dockerignore themselves, which the daemon
// always needs (docker/cli build/context.go). A Dockerfile outside the context is added under
// a generated name, as the CLI does.
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import dockerignore from '@balena/dockerignore';
import { Readable } from 'node:stream';
import { pack } from 'tar-fs';
import { ConfigError } from '../util/errors.ts';

// The package is CommonJS with `factory.default = factory`; under nodenext the default import
// is module.exports, so `.default` is the factory for both TypeScript and Node.
const newIgnore = dockerignore.default;

export interface BuildContext {
  /** A Node stream (tar-fs gives a streamx one, which dockerode's types do not accept). */
  tar: Readable;
  /** The Dockerfile's path inside the tar, for the build's `dockerfile` option. */
  dockerfile: string;
}

/** Name used for a Dockerfile that lives outside the context. */
export const OUTSIDE_DOCKERFILE = '.startup-sla.Dockerfile';

export function readDockerignore(contextDir: string): string[] {
  const file = resolve(contextDir, '.dockerignore');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** A predicate over context-relative posix paths: true = leave it out of the tar. */
export function contextFilter(patterns: string[], dockerfile: string): (rel: string) => boolean {
  const ig = newIgnore().add(patterns);
  // tar-fs does not walk into an ignored folder, but with a "!" exception something inside an
  // excluded folder may be wanted: walk such folders and let each file be decided on its own.
  const exceptions = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1).replace(/^\/+/, ''));
  return (rel: string) => {
    if (rel === '' || rel === '.') return false;
    if (rel === dockerfile || rel === '.dockerignore') return false;
    if (exceptions.some((e) => e.startsWith(`${rel}/`))) return false;
    return ig.ignores(rel);
  };
}

export function packContext(contextDir: string, dockerfilePath: string): BuildContext {
  const ctx = resolve(contextDir);
  const df = resolve(dockerfilePath);
  if (!existsSync(ctx)) throw new ConfigError(`Input "context" has value "${contextDir}": no such folder (looked at ${ctx})`);
  if (!existsSync(df)) throw new ConfigError(`Input "dockerfile" has value "${dockerfilePath}": no such file (looked at ${df})`);
  const rel = relative(ctx, df).split(sep).join('/');
  const inside = !rel.startsWith('../') && rel !== '..';
  const excluded = contextFilter(readDockerignore(ctx), inside ? rel : OUTSIDE_DOCKERFILE);
  const tar = pack(ctx, {
    ignore: (name) => excluded(relative(ctx, name).split(sep).join('/')),
    // Not finalized yet when the Dockerfile must still be appended.
    finalize: inside,
    finish: inside
      ? undefined
      : (p) => {
          p.entry({ name: OUTSIDE_DOCKERFILE, mode: 0o644 }, readFileSync(df));
          p.finalize();
        },
  });
  return { tar: Readable.from(tar), dockerfile: inside ? rel : OUTSIDE_DOCKERFILE };
}
