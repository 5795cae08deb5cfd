// The shapes two tools document for what they read, as JSON Schemas: Bencher's published BMF
// JSON Schema (bencher.dev/bmf.json, on its "Bencher Metric Format" reference page, draft-07) and
// BenchmarkResult from github-action-benchmark's src/extract.ts (name, value, unit; optional range
// and extra; its extractor keeps only those five fields and refuses an empty array).
import { Ajv } from 'ajv';

const BMF_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema',
  type: 'object',
  patternProperties: {
    '.+': {
      type: 'object',
      patternProperties: {
        '.+': {
          type: 'object',
          properties: { value: { type: 'number' }, lower_value: { type: 'number' }, upper_value: { type: 'number' } },
          required: ['value'],
        },
      },
    },
  },
};
const BENCHMARK_ACTION_SCHEMA = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    properties: { name: { type: 'string', minLength: 1 }, value: { type: 'number' }, unit: { type: 'string', minLength: 1 }, range: { type: 'string' }, extra: { type: 'string' } },
    required: ['name', 'value', 'unit'],
    additionalProperties: false,
  },
};
const ajv = new Ajv({ strict: false });
export const isBmf = ajv.compile(BMF_SCHEMA);
export const isBenchmarkAction = ajv.compile(BENCHMARK_ACTION_SCHEMA);
