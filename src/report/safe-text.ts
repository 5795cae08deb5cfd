// Untrusted text (container logs, branch names, image labels) goes into Markdown comments, job
// summaries and the runner's log. These helpers make sure such text is shown, never acted on:
// it cannot close our code fences, ping people, fake our hidden markers or run workflow commands.
import { randomBytes } from 'node:crypto';
import type { Section } from '../util/sections.ts';

const ZWSP = '\u200b';

/** A fence longer than any backtick run in `text`, so the text cannot close it. */
export function fence(text: string, info = ''): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const ticks = '`'.repeat(Math.max(3, longest + 1));
  const body = text.endsWith('\n') ? text : `${text}\n`;
  return `${ticks}${info}\n${body}${ticks}`;
}

/**
 * `@user` and `@org/team` stop being mentions when a zero-width space follows the `@`; GitHub
 * renders the text unchanged. Email addresses (`a@b.c`) are left as they are.
 */
export function neutralizeMentions(text: string): string {
  return text.replace(/(^|[^\w`])@(?=[A-Za-z0-9])/g, `$1@${ZWSP}`);
}

/**
 * `<!--` and `-->` in untrusted text lose their meaning, so logs cannot open a hidden section,
 * close one of ours, or carry a fake `<!-- startup-sla:... -->` marker.
 */
export function neutralizeHtmlComments(text: string): string {
  return text.replace(/<!--/g, `<${ZWSP}!--`).replace(/--!?>/g, `--${ZWSP}>`);
}

/** Inline code for a short untrusted value (a branch name, a label): one line, fenced safely. */
export function inlineCode(text: string): string {
  const oneLine = neutralizeHtmlComments(text.replace(/[\r\n]+/g, ' '));
  let longest = 0;
  for (const run of oneLine.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const ticks = '`'.repeat(longest + 1);
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${oneLine}${pad}${ticks}`;
}

/**
 * A collapsible, fenced log excerpt for a comment or job summary, as a section whose lines a
 * size cap may drop (oldest first) without knowing the fence.
 */
export function logExcerpt(title: string, lines: readonly string[]): Section {
  const fenced = fence(neutralizeHtmlComments(neutralizeMentions(lines.join('\n'))));
  const ticks = /^`+/.exec(fenced)?.[0] ?? '```';
  // fence() puts the text between its own lines and ends it with a newline.
  const body = fenced.slice(ticks.length + 1, fenced.length - ticks.length - 1);
  return { kind: 'lines', head: `<details><summary>${escapeHtml(title)}</summary>\n\n${ticks}`, lines: body.split('\n'), foot: `${ticks}\n\n</details>` };
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The runner executes `::command::` lines from any process's output
 * (https://docs.github.com/actions/reference/workflow-commands-for-github-actions#stopping-and-starting-workflow-commands).
 * A random token is unguessable by the container, so its output cannot print the end line.
 */
export function stopCommandsToken(): string {
  return `startup-sla-${randomBytes(16).toString('hex')}`;
}

/** The lines to print before and after echoed untrusted output. */
export function stopCommandsLines(token: string): { start: string; end: string } {
  return { start: `::stop-commands::${token}`, end: `::${token}::` };
}

/**
 * A line of untrusted output made safe to print even without stop-commands: a leading `::`
 * (after any whitespace) is broken, and so is the legacy `##[command]` form.
 */
export function safeLogLine(line: string): string {
  return line
    .replace(/[\r\n]+/g, ' ')
    .replace(/^(\s*):(?=:)/, `$1:${ZWSP}`)
    .replace(/^(\s*)##\[/, `$1#${ZWSP}#[`);
}

/** Text safe inside a Markdown table cell: no pipes, HTML, mentions, backticks or line breaks. */
export function cell(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[<>&|`\\*_[\]]/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/@(?=\w)/g, '@\u200b')
    .slice(0, 200);
}
