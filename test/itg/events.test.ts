// The daemon's event stream: subscribed per run, and subscribed again after it was lost (a
// daemon restart) so later starts keep their `start` phase.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventFeed, type DockerEvent } from '../../src/docker/events.ts';
import { runLabels } from '../../src/docker/labels.ts';
import { buildDemoImage, docker, removeImage } from '../support/docker.ts';

test('a lost event stream is re-subscribed and delivers the next container events', async () => {
  const image = buildDemoImage(`ssla-itg-events:${process.pid}`, 1);
  const runId = `itg-events-${process.pid}`;
  const feed = await EventFeed.open(docker, runId);
  try {
    // What a daemon restart does to the stream: it ends under us.
    (feed as unknown as { stream: { destroy(): void } }).stream.destroy();
    await new Promise((r) => setImmediate(r));
    assert.match(feed.lost ?? '', /event stream (ended|failed)/);
    await feed.reconnect();
    assert.equal(feed.lost, undefined);
    const container = await docker.createContainer({ Image: image, Labels: runLabels(runId) });
    try {
      const seen = await new Promise<string>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('no event after reconnect')), 10_000);
        feed.watch(container.id, (e: DockerEvent) => {
          clearTimeout(t);
          resolve(e.Action);
        });
      });
      assert.equal(seen, 'create');
    } finally {
      await container.remove({ force: true });
    }
  } finally {
    feed.close();
    await removeImage(image);
  }
});
