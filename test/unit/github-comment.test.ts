import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRepo, httpStatus, type IssueComment } from '../../src/github/client.ts';
import { commentMarker, isOurComment, notPostedReason } from '../../src/github/comment.ts';
import { capBody } from '../../src/github/body-cap.ts';
import { logExcerpt } from '../../src/report/safe-text.ts';
import { joinParts, keep } from '../../src/util/sections.ts';

const bot = { login: 'github-actions[bot]', type: 'Bot' };
const comment = (body: string, user: IssueComment['user'] = bot): IssueComment => ({ id: 1, body, user, created_at: '2024-01-01T00:00:00Z', html_url: '' });

test('commentMarker escapes the id so it cannot end the HTML comment', () => {
  assert.equal(commentMarker('gpu-a'), '<!-- startup-sla:target=gpu-a -->');
  const m = commentMarker('x --> @everyone <!--');
  assert.equal(m.indexOf('-->'), m.length - 3);
  assert.ok(!m.slice(4).includes('<!--'));
  assert.notEqual(commentMarker('a b'), commentMarker('a_b'));
});

test('isOurComment: our identity and the marker at the very start', () => {
  const m = commentMarker('t');
  const cases: [string, IssueComment, boolean][] = [
    ['ours', comment(`${m}\nreport`), true],
    ['a human quoting it', comment(`${m}\nreport`, { login: 'octocat', type: 'User' }), false],
    ['marker not at the start', comment(`> ${m}\nquoted`), false],
    ['another target', comment(`${commentMarker('t2')}\nreport`), false],
    ['a deleted user', comment(`${m}\nreport`, null), false],
  ];
  for (const [what, c, want] of cases) assert.equal(isOurComment(c, m, 'github-actions[bot]'), want, what);
});

test('capBody: short bodies untouched', () => {
  assert.equal(capBody('abc', 10), 'abc');
});

test('capBody: trims log excerpts (oldest lines first) before anything else', () => {
  const verdict = '## fail\n';
  const log = logExcerpt('log', Array.from({ length: 200 }, (_, i) => `line ${i}`));
  const body = joinParts([keep(verdict), log, '\n## env\nH100'], '');
  const out = capBody(body, 1200);
  assert.ok(out.length <= 1200, String(out.length));
  assert.ok(out.startsWith(verdict) && out.endsWith('## env\nH100'));
  assert.ok(out.includes('line 199') && !out.includes('line 0\n'));
  assert.match(out, /… \d+ earlier lines cut \(size limit\)/);
});

test('capBody: removes whole excerpts, then cuts the tail, never above the verdict', () => {
  const verdict = `## fail: ${'v'.repeat(200)}\n`;
  const logs = [1, 2, 3].map((n) => logExcerpt(`log ${n}`, Array.from({ length: 50 }, (_, i) => `l${n}-${i}`)));
  const out = capBody(joinParts([keep(verdict), ...logs, 't'.repeat(5000)]), 600);
  assert.ok(out.length <= 600);
  assert.ok(out.startsWith(verdict));
  assert.match(out, /report cut here/);
  assert.match(out, /log excerpt removed/);
  const tiny = capBody([keep(verdict), { kind: 'text', markdown: 't'.repeat(5000) }], 100);
  assert.equal(tiny.length, 100, 'a verdict over the limit is still cut to the limit');
});

test('notPostedReason names the permission for 403, says rate limited, ignores others', () => {
  const err = (status: number, message: string) => Object.assign(new Error(message), { status });
  assert.match(notPostedReason(err(403, 'Resource not accessible by integration'), 'comment', 'pull-requests: write`') ?? '', /pull-requests: write/);
  assert.match(notPostedReason(err(403, 'You have exceeded a secondary rate limit'), 'comment', 'x') ?? '', /rate limited/);
  assert.equal(notPostedReason(err(500, 'boom'), 'comment', 'x'), undefined);
  assert.equal(notPostedReason(new Error('network'), 'comment', 'x'), undefined);
});

test('parseRepo and httpStatus', () => {
  assert.deepEqual(parseRepo('octo-org/octo-repo'), { owner: 'octo-org', repo: 'octo-repo' });
  assert.throws(() => parseRepo('nope'), /owner\/name/);
  assert.throws(() => parseRepo('a/b/c'), /owner\/name/);
  assert.equal(httpStatus(Object.assign(new Error('x'), { status: 404 })), 404);
  assert.equal(httpStatus('x'), undefined);
});
