// The reaper against the real daemon: what a dead process left goes, what a live run has stays,
// what is older than the age goes, what lacks our run label is never touched. Every call here is
// limited to this test's own run ids (runPrefix): the daemon is shared with other runs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { leftoverReason, reapLeftovers, REAP_AGE_MS } from '../../src/docker/reaper.ts';
import { HOST_LABEL, PID_LABEL, RUN_LABEL } from '../../src/docker/labels.ts';
import { buildDemoImage, docker, removeImage, TEST_LABEL } from '../support/docker.ts';

const IMAGE = 'ssla-itg-reaper:demo';
const PREFIX = `ssla-reaper-${process.pid}-`;
const made: string[] = [];

before(() => buildDemoImage(IMAGE));
after(async () => {
  for (const id of made) await docker.getContainer(id).remove({ force: true }).catch(() => undefined);
  await removeImage(IMAGE);
});

/** A pid that existed and has exited: a finished child's. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

async function create(labels: Record<string, string>): Promise<string> {
  const c = await docker.createContainer({ Image: IMAGE, Labels: { [TEST_LABEL]: 'itg', ...labels } });
  made.push(c.id);
  return c.id;
}
const exists = async (id: string) => docker.getContainer(id).inspect().then(() => true, () => false);

test('a dead creator\'s containers go, a live one\'s stay, old ones go at the age, unlabelled ones never', async () => {
  const host = hostname();
  const dead = await create({ [RUN_LABEL]: `${PREFIX}dead`, [PID_LABEL]: String(deadPid()), [HOST_LABEL]: host });
  const live = await create({ [RUN_LABEL]: `${PREFIX}live`, [PID_LABEL]: String(process.pid), [HOST_LABEL]: host });
  const elsewhere = await create({ [RUN_LABEL]: `${PREFIX}elsewhere`, [PID_LABEL]: String(deadPid()), [HOST_LABEL]: 'another-runner' });
  const unlabelled = await create({ [PID_LABEL]: String(deadPid()), [HOST_LABEL]: host });

  const logs: string[] = [];
  const first = await reapLeftovers(docker, { log: (m) => logs.push(m), runPrefix: PREFIX });
  assert.deepEqual(first, [dead]);
  assert.match(logs[0] ?? '', /^removed 1 container\(s\) left by earlier runs: 1 whose creating process has ended, 0 older than 6 h$/);
  assert.equal(await exists(dead), false);
  for (const id of [live, elsewhere, unlabelled]) assert.equal(await exists(id), true);

  // Seven hours on, the live run's container and the other machine's are past any job's end.
  const later = await reapLeftovers(docker, { log: (m) => logs.push(m), runPrefix: PREFIX, now: Date.now() + REAP_AGE_MS + 3_600_000 });
  assert.deepEqual(new Set(later), new Set([live, elsewhere]));
  assert.equal(await exists(unlabelled), true, 'no run label: never ours to remove');
  assert.match(logs[1] ?? '', /removed 2 container\(s\).*0 whose creating process has ended, 2 older than 6 h/);

  // The current run's own containers are never leftovers, whatever their age.
  const own = await create({ [RUN_LABEL]: `${PREFIX}own`, [PID_LABEL]: String(deadPid()), [HOST_LABEL]: host });
  assert.deepEqual(await reapLeftovers(docker, { log: () => {}, runPrefix: PREFIX, currentRun: `${PREFIX}own`, now: Date.now() + 2 * REAP_AGE_MS }), []);
  assert.equal(await exists(own), true);
});

test('leftoverReason: the rules as a table', () => {
  const o = { byProcess: true, maxAgeMs: REAP_AGE_MS, now: 10 * REAP_AGE_MS, host: 'h', isAlive: (pid: number) => pid === 1 };
  const at = (hoursAgo: number) => (o.now - hoursAgo * 3_600_000) / 1000;
  const rows: [Record<string, string>, number, string | undefined][] = [
    [{ [RUN_LABEL]: 'r', [PID_LABEL]: '2', [HOST_LABEL]: 'h' }, at(0), 'process-gone'],
    [{ [RUN_LABEL]: 'r', [PID_LABEL]: '1', [HOST_LABEL]: 'h' }, at(0), undefined],
    [{ [RUN_LABEL]: 'r', [PID_LABEL]: '1', [HOST_LABEL]: 'h' }, at(7), 'old'],
    [{ [RUN_LABEL]: 'r', [PID_LABEL]: '2', [HOST_LABEL]: 'other' }, at(1), undefined],
    [{ [RUN_LABEL]: 'r' }, at(5), undefined],
    [{ [RUN_LABEL]: 'r' }, at(7), 'old'],
    [{ [PID_LABEL]: '2', [HOST_LABEL]: 'h' }, at(100), undefined],
  ];
  for (const [labels, created, want] of rows) assert.equal(leftoverReason({ Labels: labels, Created: created }, o), want, JSON.stringify(labels));
  assert.equal(leftoverReason({ Labels: { [RUN_LABEL]: 'x-1' }, Created: at(9) }, { ...o, runPrefix: 'y-' }), undefined, 'outside the prefix');
});
