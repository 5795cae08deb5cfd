// The log-printing stand-in server (test/fixtures/log-server) as a local FROM-scratch image.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TEST_LABEL } from './docker.ts';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/log-server');

export function buildLogServerImage(tag: string): string {
  const ctx = mkdtempSync(join(tmpdir(), 'ssla-log-server-'));
  try {
    for (const f of readdirSync(FIXTURE)) if (f.endsWith('.script') || f === 'Dockerfile') copyFileSync(join(FIXTURE, f), join(ctx, f));
    execFileSync('gcc', ['-O2', '-static', '-o', join(ctx, 'log-server'), join(FIXTURE, 'log-server.c')]);
    execFileSync('docker', ['build', '-q', '--label', `${TEST_LABEL}=itg`, '-t', tag, ctx], { stdio: ['ignore', 'ignore', 'inherit'] });
    return tag;
  } finally {
    rmSync(ctx, { recursive: true, force: true });
  }
}
