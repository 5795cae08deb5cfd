// Writes the JSON Schemas under schema/ from the zod schemas that decide: the config file's
// (targets, defaults) from src/config/schema.ts, the report's from src/report/report.ts.
// The JSON Schemas serve editors and other tools; zod still decides and words every refusal.
//   node scripts/build-schemas.ts          (npm run schemas; test/unit/schemas.test.ts checks it is fresh)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { ENGINE_BUILDERS, FAIL_ON, GPU_MODES, NETWORKS, STAT_NAMES, targetSchema } from '../src/config/schema.ts';
import { reportSchema, SCHEMA_VERSION } from '../src/report/report.ts';

type JsonSchema = Record<string, unknown> & { properties?: Record<string, Record<string, unknown>> };
const root = join(import.meta.dirname, '..');

// The input side: what a user may write, before the transforms turn "10" into 10. Checks that
// live inside transforms (ranges excepted, carried as metadata) are zod's alone.
const ENUMS: Record<string, readonly string[]> = { 'sla-stat': STAT_NAMES, network: NETWORKS, 'gpu-mode': GPU_MODES, 'engine-builder': ENGINE_BUILDERS };

function targetProperties(descriptions: Record<string, string>): JsonSchema {
  const generated = z.toJSONSchema(targetSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  // The values zod fills in when a key is absent (parsed from a minimal target).
  const defaults = targetSchema.parse({ image: 'x', 'health-check': 'tcp:1' }) as Record<string, unknown>;
  const properties = Object.fromEntries(
    Object.entries(generated.properties ?? {}).map(([key, prop]) => {
      const out: Record<string, unknown> = { description: descriptions[key], ...prop };
      if (ENUMS[key]) out.enum = ENUMS[key];
      if (key === 'fail-on') out.anyOf = [{ type: 'array', items: { enum: FAIL_ON } }, { type: 'string', description: 'a comma list' }];
      if (key === 'env' || key === 'build-args') {
        Object.assign(out, { anyOf: [{ type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } }, { type: 'string', description: 'KEY=VALUE lines' }] });
      }
      const d = defaults[key];
      if (d !== undefined && key !== 'image' && key !== 'health-check' && !(Array.isArray(d) && d.length === 0) && !(typeof d === 'object' && !Array.isArray(d) && Object.keys(d as object).length === 0)) out.default = d;
      else delete out.default;
      return [key, out];
    }),
  );
  return { type: 'object', properties, additionalProperties: false };
}

/** The file `config:` names: `defaults` and `targets`, each a target's settings. */
export function configJsonSchema(descriptions: Record<string, string>): JsonSchema {
  const target = targetProperties(descriptions);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'startup-sla config file',
    description:
      'Targets for startup-sla (the `config` input or --config flag). Keys are the action input names; a target overrides `defaults`, which override the action inputs. `image` and `health-check` are needed per target, from any of the three.',
    type: 'object',
    properties: {
      version: { description: 'Optional version marker of the file; not read.', type: ['number', 'string'] },
      defaults: { description: 'Settings every target starts from.', $ref: '#/$defs/target' },
      targets: { description: 'The images to measure, each with its settings.', type: 'array', minItems: 1, items: { $ref: '#/$defs/target' } },
    },
    required: ['targets'],
    additionalProperties: false,
    $defs: { target },
  };
}

export function reportJsonSchema(): JsonSchema {
  const generated = z.toJSONSchema(reportSchema, { io: 'input' }) as JsonSchema;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: 'startup-sla report',
    description: `The JSON report startup-sla writes (the \`report\` output), schemaVersion ${SCHEMA_VERSION}. Lists what readers may rely on; reports carry more fields (samples, phases, comparison), and later versions may add fields.`,
    ...rest,
  };
}

export function actionDescriptions(): Record<string, string> {
  const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as { inputs: Record<string, { description: string }> };
  return Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.description]));
}

export const SCHEMA_FILES = {
  'schema/config.schema.json': () => configJsonSchema(actionDescriptions()),
  'schema/report.schema.json': reportJsonSchema,
};
export const render = (schema: JsonSchema) => `${JSON.stringify(schema, null, 2)}\n`;

if (import.meta.main) {
  for (const [file, build] of Object.entries(SCHEMA_FILES)) {
    writeFileSync(join(root, file), render(build()));
    console.log(`wrote ${file}`);
  }
}
