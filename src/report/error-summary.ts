// The Markdown for a run that could not measure: the job summary, the check run's summary and
// the PR comment say the same words. The message may quote a Dockerfile's output, a daemon or a
// branch name: it goes into a fence, never into Markdown as is.
import { fence, neutralizeHtmlComments, neutralizeMentions } from './safe-text.ts';
import { joinSections, keep, type Section } from '../util/sections.ts';

export interface ErrorFacts {
  /** Whose it is, in words: "the input or the code under test", "this runner's Docker host". */
  whose: string;
  message: string;
  hint: string;
  runUrl?: string | undefined;
}

const clean = (text: string) => neutralizeHtmlComments(neutralizeMentions(text));

/** One line for the check run's title: whose it is and the first line of the message. */
export function errorTitle(f: ErrorFacts): string {
  const first = (f.message.split('\n')[0] ?? '').replace(/\s+/g, ' ').trim();
  return `error (${f.whose}): ${first}`.slice(0, 200);
}

export function renderErrorSummary(f: ErrorFacts): string {
  return joinSections(errorSummarySections(f));
}

/** All of it is kept by a size cap but the link to the log. */
export function errorSummarySections(f: ErrorFacts): Section[] {
  const text = [
    '## ❗ startup-sla: ERROR (nothing was measured to a verdict)',
    '',
    `**Whose:** ${f.whose}`,
    '',
    '**What happened:**',
    '',
    fence(clean(f.message)),
    '',
    `**What to do:** ${clean(f.hint).replace(/[<>]/g, (c) => `&#${c.charCodeAt(0)};`)}`,
    '',
    'This run has no timings: any earlier startup-sla result on this pull request is no longer current.',
  ].join('\n');
  return f.runUrl ? [keep(text), { kind: 'text', markdown: `\n\n[Log of this run](${f.runUrl})` }] : [keep(text)];
}
