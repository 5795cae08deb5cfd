// The `with:` of the step that uses this action in one of our example workflows, read from the
// file itself (so a test of "the adoption path" tests what users copy, not a copy of it), with
// the few expressions the examples use filled in. An expression not known here fails the test.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

const ROOT = resolve(import.meta.dirname, '../..');

interface Workflow {
  jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }>;
}

/** `with:` of the (index-th) step using startup-sla, as strings, expressions replaced from `values`. */
export function actionStepInputs(file: string, values: Record<string, string>, index = 0): Record<string, string> {
  const wf = parse(readFileSync(resolve(ROOT, file), 'utf8')) as Workflow;
  const steps = Object.values(wf.jobs).flatMap((j) => j.steps).filter((s) => s.uses?.startsWith('startup-sla/startup-sla@'));
  const step = steps[index];
  if (!step) throw new Error(`${file} has no step using startup-sla/startup-sla`);
  return Object.fromEntries(
    Object.entries(step.with ?? {}).map(([k, v]) => [
      k,
      String(v).replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
        const value = values[expr];
        if (value === undefined) throw new Error(`${file}: input ${k} uses \${{ ${expr} }}, which the test does not fill in`);
        return value;
      }),
    ]),
  );
}
