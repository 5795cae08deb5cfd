// GitHub's published OpenAPI description (npm @octokit/openapi), used by the test API server to
// route requests and to hold every request (and, as a check on the fake, every response) to the
// operation's schemas.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS with `exports.default`; under nodenext its default import is the module.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

type Json = Record<string, unknown>;
export type Schema = Json;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  method: string;
  template: string;
  operationId: string;
  parameters: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema; examples?: Record<string, { value: unknown }> }> }>;
}

interface Route {
  template: string;
  regex: RegExp;
  names: string[];
  literals: number;
  ops: Map<string, Operation>;
}

export interface Match {
  op: Operation;
  params: Record<string, string>;
}

// Path parameters that GitHub lets span several segments (a file path, `heads/feature/x`).
const GREEDY = new Set(['path', 'ref']);
const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head'];

function obj(v: unknown): Json | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
}

/**
 * ajv's `nullable` does not widen an `enum`; GitHub's description writes `nullable: true` beside
 * enums (e.g. a check run's `conclusion`), so null is added to those enums.
 */
function widenNullableEnums(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(widenNullableEnums);
  const o = obj(node);
  if (!o) return;
  if (o.nullable === true && Array.isArray(o.enum) && !o.enum.includes(null)) o.enum = [...o.enum, null];
  for (const v of Object.values(o)) widenNullableEnums(v);
}

export class OpenApi {
  readonly routes: Route[] = [];
  private readonly ajv: Ajv;
  private readonly coercing: Ajv;
  private readonly cache = new WeakMap<object, ValidateFunction>();

  constructor(spec: Json) {
    const mk = (coerceTypes: boolean) => {
      const a = new Ajv({ strict: false, allErrors: true, logger: false, coerceTypes });
      addFormats(a);
      return a;
    };
    this.ajv = mk(false);
    this.coercing = mk(true);
    for (const [template, item] of Object.entries(obj(spec.paths) ?? {})) {
      const names: string[] = [];
      const pattern = template
        .split('/')
        .map((seg) => {
          const m = /^\{(\w+)\}$/.exec(seg);
          if (!m?.[1]) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(m[1]);
          return GREEDY.has(m[1]) ? '(.+)' : '([^/]+)';
        })
        .join('/');
      const ops = new Map<string, Operation>();
      const pathItem = obj(item) ?? {};
      for (const method of METHODS) {
        const raw = obj(pathItem[method]);
        if (!raw) continue;
        const shared = (pathItem.parameters as Parameter[] | undefined) ?? [];
        ops.set(method.toUpperCase(), {
          ...(raw as unknown as Operation),
          method: method.toUpperCase(),
          template,
          parameters: [...shared, ...((raw.parameters as Parameter[] | undefined) ?? [])],
        });
      }
      const literals = template.split('/').filter((s) => s !== '' && !s.startsWith('{')).length;
      this.routes.push({ template, regex: new RegExp(`^${pattern}$`), names, literals, ops });
    }
    // The most literal template wins: /issues/comments/{id} before /issues/{number}/comments.
    this.routes.sort((a, b) => b.literals - a.literals);
  }

  /** The operation for a method and a raw (still percent-encoded) path, if GitHub has one. */
  match(method: string, rawPath: string): Match | { error: string } {
    let pathOnly: Match | undefined;
    for (const r of this.routes) {
      const m = r.regex.exec(rawPath);
      if (!m) continue;
      const params: Record<string, string> = {};
      r.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1] ?? '')));
      const op = r.ops.get(method);
      if (op) return { op, params };
      pathOnly ??= { op: [...r.ops.values()][0] as Operation, params };
    }
    return { error: pathOnly ? `${method} is not an operation of ${pathOnly.op.template}` : `no operation matches ${method} ${rawPath}` };
  }

  private validator(schema: Schema, coerce: boolean): ValidateFunction {
    const hit = this.cache.get(schema);
    if (hit) return hit;
    widenNullableEnums(schema);
    const v = (coerce ? this.coercing : this.ajv).compile(schema);
    this.cache.set(schema, v);
    return v;
  }

  private check(schema: Schema, data: unknown, what: string, coerce = false): string[] {
    const v = this.validator(schema, coerce);
    if (v(data)) return [];
    return (v.errors ?? []).slice(0, 5).map((e) => `${what}${e.instancePath} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`);
  }

  // Parameter schemas are per operation objects; keep one combined schema per operation and place.
  private readonly paramSchemas = new WeakMap<Operation, Map<string, Schema>>();
  private paramSchema(op: Operation, place: 'path' | 'query'): Schema {
    let byPlace = this.paramSchemas.get(op);
    if (!byPlace) this.paramSchemas.set(op, (byPlace = new Map()));
    let s = byPlace.get(place);
    if (!s) {
      const ps = op.parameters.filter((p) => p.in === place);
      s = {
        type: 'object',
        properties: Object.fromEntries(ps.map((p) => [p.name, p.schema ?? {}])),
        required: ps.filter((p) => p.required).map((p) => p.name),
        additionalProperties: false,
      };
      byPlace.set(place, s);
    }
    return s;
  }

  /**
   * Problems with a request, in words; empty when GitHub would accept its shape. `query` and
   * `params` get their values coerced to the schema's types in place.
   */
  validateRequest(m: Match, query: Record<string, unknown>, body: unknown, hasBody: boolean): string[] {
    const problems = [
      ...this.check(this.paramSchema(m.op, 'path'), m.params, 'path', true),
      ...this.check(this.paramSchema(m.op, 'query'), query, 'query', true),
    ];
    const schema = m.op.requestBody?.content['application/json']?.schema;
    if (!hasBody) {
      if (m.op.requestBody?.required) problems.push('body is required');
    } else if (!m.op.requestBody) {
      problems.push('a body was sent to an operation that takes none');
    } else if (schema) {
      problems.push(...this.check(schema, body, 'body'));
    }
    return problems;
  }

  validateResponse(op: Operation, status: number, body: unknown): string[] {
    const r = op.responses[String(status)];
    if (!r) return [`status ${status} is not a documented response of ${op.operationId}`];
    const schema = r.content?.['application/json']?.schema;
    return schema ? this.check(schema, body, `response ${status}`) : [];
  }

  /** The operation at a method and template, e.g. ('POST', '/repos/{owner}/{repo}/check-runs'). */
  operation(method: string, template: string): Operation {
    const op = this.routes.find((r) => r.template === template)?.ops.get(method);
    if (!op) throw new Error(`no operation ${method} ${template}`);
    return op;
  }

  /** A deep copy of the documented example, the starting point of a response body. */
  example(op: Operation, status: number): Json {
    const ex = op.responses[String(status)]?.content?.['application/json']?.examples;
    const first = ex ? Object.values(ex)[0]?.value : undefined;
    return structuredClone(obj(first) ?? {});
  }
}

let loaded: OpenApi | undefined;

/** Parsed once per process: the description is about 70 MB. */
export function githubOpenApi(): OpenApi {
  if (!loaded) {
    const file = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.deref.json');
    loaded = new OpenApi(JSON.parse(readFileSync(file, 'utf8')) as Json);
  }
  return loaded;
}
