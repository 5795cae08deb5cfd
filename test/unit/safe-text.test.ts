import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sectionText } from '../../src/util/sections.ts';
import {
  escapeHtml,
  fence,
  inlineCode,
  logExcerpt,
  neutralizeHtmlComments,
  neutralizeMentions,
  safeLogLine,
  stopCommandsLines,
  stopCommandsToken,
} from '../../src/report/safe-text.ts';

const Z = '\u200b';

test('fence: longer than any backtick run inside', () => {
  const cases: [string, string][] = [
    ['plain', '```'],
    ['a ``` b', '````'],
    ['`````', '``````'],
    ['x\n````\ny', '`````'],
  ];
  for (const [text, ticks] of cases) {
    const out = fence(text);
    const lines = out.split('\n');
    assert.equal(lines[0], ticks, text);
    assert.equal(lines.at(-1), ticks, text);
    // Nothing inside is a line of backticks as long as the fence: the text cannot close it.
    assert.ok(!lines.slice(1, -1).some((l) => l.trim().startsWith(ticks)), text);
  }
  assert.equal(fence('a\n', 'text'), '```text\na\n```');
});

test('neutralizeMentions', () => {
  const cases: [string, string][] = [
    ['@octocat hi', `@${Z}octocat hi`],
    ['cc @org/team-a.', `cc @${Z}org/team-a.`],
    ['(@x)', `(@${Z}x)`],
    ['mail me at a@b.com', 'mail me at a@b.com'],
    ['@ alone', '@ alone'],
    ['two @a @b', `two @${Z}a @${Z}b`],
  ];
  for (const [input, want] of cases) assert.equal(neutralizeMentions(input), want, input);
});

test('neutralizeHtmlComments: logs cannot fake our marker or hide text', () => {
  const fake = '<!-- startup-sla:target=gpu-a -->';
  const out = neutralizeHtmlComments(`x ${fake} y`);
  assert.ok(!out.includes('<!--') && !out.includes('-->'), out);
  assert.ok(!neutralizeHtmlComments('end --!> here').includes('--!>'));
});

test('logExcerpt: fenced, neutralised, a section of lines a cap can drop', () => {
  const section = logExcerpt('log <b>', ['```', '@admin look', '<!-- startup-sla:target=x -->']);
  assert.equal(section.kind, 'lines');
  assert.equal(section.kind === 'lines' && section.lines.length, 3, 'one line each, between the fence lines');
  const out = sectionText(section);
  assert.ok(out.startsWith('<details><summary>') && out.endsWith('</details>'));
  assert.ok(!out.includes('<!-- startup-sla:'), 'a fake marker in the log is neutralised');
  assert.ok(out.includes('````\n```\n'), 'fence longer than the log backticks');
  assert.ok(out.includes(`@${Z}admin`));
  assert.ok(out.includes('log &#60;b&#62;'));
});

test('inlineCode', () => {
  assert.equal(inlineCode('main'), '`main`');
  assert.equal(inlineCode('a`b'), '``a`b``');
  assert.equal(inlineCode('`x'), '`` `x ``');
  assert.equal(inlineCode('a\nb'), '`a b`');
});

test('escapeHtml', () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
});

test('stop-commands: a fresh unguessable token each time', () => {
  const a = stopCommandsToken();
  const b = stopCommandsToken();
  assert.notEqual(a, b);
  assert.match(a, /^startup-sla-[0-9a-f]{32}$/);
  assert.deepEqual(stopCommandsLines(a), { start: `::stop-commands::${a}`, end: `::${a}::` });
});

test('safeLogLine: no workflow command survives', () => {
  const cases: [string, string][] = [
    ['::set-output name=x::1', `:${Z}:set-output name=x::1`],
    ['  ::error::boom', `  :${Z}:error::boom`],
    ['##[group]x', `#${Z}#[group]x`],
    ['ready at 12:00::00', 'ready at 12:00::00'],
    ['a\r\n::warning::b', 'a ::warning::b'],
  ];
  for (const [input, want] of cases) assert.equal(safeLogLine(input), want, input);
  for (const [input] of cases) assert.ok(!/^\s*::/.test(safeLogLine(input)));
});
