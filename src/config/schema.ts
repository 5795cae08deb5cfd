// The single source of truth for configuration. Keys are the public names (the action's
// kebab-case inputs, the YAML keys and the CLI flags are the same words), so a refusal can name
// exactly what the user typed.
import { z } from 'zod';
import { healthCheckSchema } from './health-check.ts';
import { phasesSchema } from './phases.ts';
import { bool, int, keyValues, list, num, oneOf, optText } from './fields.ts';

// Docker's reference grammar (github.com/distribution/reference, regexp.go), so a tag Docker
// would refuse is refused here with our words instead of a daemon error mid-run.
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?';
const REFERENCE = new RegExp(
  `^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`,
);
const IMAGE_ID = /^(sha256:)?[a-f0-9]{12,64}$/;

export function imageReference() {
  return z.string().transform((v, ctx) => {
    const t = v.trim();
    if (t === '') {
      ctx.addIssue({ code: 'custom', message: 'is required: the reference of a local image, e.g. my-server:pr-42' });
      return z.NEVER;
    }
    if (t.length > 255 || !(REFERENCE.test(t) || IMAGE_ID.test(t))) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected a Docker image reference (lowercase name[:tag][@sha256:digest], e.g. my-server:pr-42) or an image id',
      });
      return z.NEVER;
    }
    return t;
  });
}

export const STAT_NAMES = ['min', 'p50', 'p90', 'p95', 'p99', 'max', 'mean'] as const;
export const FAIL_ON = ['sla', 'regression', 'inconclusive', 'never'] as const;
export const GPU_MODES = ['toolkit', 'cdi', 'manual'] as const;
export const NETWORKS = ['bridge', 'host'] as const;
export const START_KINDS = ['hot', 'cold'] as const;
/** What the SLA is held against: every start, or the slowest start of each burst. */
export const SLA_SCOPES = ['start', 'burst'] as const;
/** warm: as the machine has it; drop: the kernel's page cache emptied before each burst. */
export const PAGE_CACHE_MODES = ['warm', 'drop'] as const;
/** The schema's bound; the host's CPU count bounds it further before any start (measure/conditions.ts). */
export const MAX_CONCURRENCY = 128;

/**
 * bridge, host, or the name of a network the workflow created (docker network create): Docker's
 * own name rule. Whether it exists is the daemon's to say, at the first create.
 */
const network = z.string().transform((v, ctx) => {
  const t = v.trim();
  if (/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/.test(t)) return t;
  ctx.addIssue({ code: 'custom', message: `expected ${NETWORKS.join(', ')}, or the name of an existing Docker network (letters, digits, _ . -)` });
  return z.NEVER;
});
export const ENGINE_BUILDERS = ['none', 'trtexec', 'command'] as const;
/** Formats written beside the report for other tools: Bencher's BMF, github-action-benchmark's custom JSON. */
export const EXPORT_FORMATS = ['bmf', 'benchmark-action'] as const;

const failOn = list().transform((items, ctx) => {
  for (const item of items) {
    if (!(FAIL_ON as readonly string[]).includes(item)) {
      ctx.addIssue({ code: 'custom', message: `expected a comma list of ${FAIL_ON.join(', ')}; "${item}" is none of them` });
      return z.NEVER;
    }
  }
  if (items.includes('never') && items.length > 1) {
    ctx.addIssue({ code: 'custom', message: '"never" cannot be combined with other conditions' });
    return z.NEVER;
  }
  return items as (typeof FAIL_ON)[number][];
});

const exportFormats = list().transform((items, ctx) => {
  const unknown = items.find((item) => !(EXPORT_FORMATS as readonly string[]).includes(item));
  if (unknown !== undefined) {
    ctx.addIssue({ code: 'custom', message: `expected a comma list of ${EXPORT_FORMATS.join(', ')}; "${unknown}" is none of them` });
    return z.NEVER;
  }
  return [...new Set(items)] as (typeof EXPORT_FORMATS)[number][];
});

/** `all`, a count, or device ids (`0,1` or `GPU-uuid`); empty means no GPU. */
const gpus = z
  .union([z.string(), z.number()])
  .transform((v, ctx): { count: number } | { ids: string[] } | undefined => {
    const t = String(v).trim();
    if (t === '' || t === 'none') return undefined;
    if (t === 'all') return { count: -1 };
    if (/^\d+$/.test(t)) {
      const n = Number(t);
      if (n >= 1) return { count: n };
    }
    const ids = t.replace(/^device=/, '').split(',').map((s) => s.trim()).filter(Boolean);
    if (ids.length > 0 && ids.every((id) => /^(\d+|GPU-[0-9a-fA-F-]+|MIG-[0-9a-zA-Z/-]+)$/.test(id))) return { ids };
    ctx.addIssue({ code: 'custom', message: 'expected all, a count >= 1, or device ids such as 0,1 or GPU-<uuid>' });
    return z.NEVER;
  });

/** Bind mounts, `host-path:container-path[:ro|rw]`, as `docker run -v` takes them (a model repository). */
const volumes = list().transform((items, ctx) => {
  for (const item of items) {
    if (!/^[^:]+:\/[^:]*(:(ro|rw))?$/.test(item)) {
      ctx.addIssue({ code: 'custom', message: `expected host-path:/container-path[:ro] per line; "${item}" is not` });
      return z.NEVER;
    }
  }
  return items;
});

/** What one measured target is: its image, how readiness is seen, how many starts, the SLA. */
export const targetSchema = z
  .object({
    id: optText(),
    image: imageReference(),
    'health-check': healthCheckSchema,
    phases: phasesSchema.default([]),
    runs: int(1, 1000).default(10),
    warmup: int(0, 100).default(1),
    'timeout-ms': int(100, 3_600_000).default(60_000),
    'sla-ms': num(1, 3_600_000, ' ms').default(3000),
    'sla-stat': oneOf(STAT_NAMES).default('p95'),
    'fail-on': failOn.default(['sla', 'regression']),
    'poll-ms': num(0.5, 1000, ' ms').default(2),
    env: keyValues('env').default({}),
    volumes: volumes.default([]),
    network: network.default('bridge'),
    gpus: gpus.prefault(''),
    'gpu-mode': oneOf(GPU_MODES).default('toolkit'),
    'gpu-driver-libs': optText(),
    // Build stage: when `dockerfile` is set the image is built and tagged `image` first.
    dockerfile: optText(),
    context: optText(),
    'build-args': keyValues('build-args').default({}),
    target: optText(),
    'build-timeout-ms': int(1000, 7_200_000).default(1_800_000),
    // The built image stays under its tag after the run, as with docker build -t.
    'keep-image': bool().default(true),
    'engine-builder': oneOf(ENGINE_BUILDERS).default('none'),
    'engine-onnx': optText(),
    'engine-output': optText(),
    'builder-image': optText(),
    'trtexec-args': list().default([]),
    'engine-command': optText(),
    'engine-cache-dir': optText(),
    // Comparison with earlier results.
    'baseline-image': optText(),
    'regression-threshold': num(0.1, 1000, ' %').default(10),
    'max-runs': int(1, 1000).optional(),
    // Cold starts: `cold` adds starts that first remove the image and pull it from its registry.
    start: oneOf(START_KINDS).default('hot'),
    'cold-runs': int(1, 100).default(3),
    'cold-sla-ms': num(1, 3_600_000, ' ms').optional(),
    // Bursts: `concurrency` containers created and started at once; `runs` counts bursts.
    concurrency: int(1, MAX_CONCURRENCY).default(1),
    'sla-scope': oneOf(SLA_SCOPES).default('start'),
    'page-cache': oneOf(PAGE_CACHE_MODES).default('warm'),
    // What readiness costs: limits on the peak host memory and the GPU memory at ready, per start.
    'max-memory-mib': num(1, 16_777_216, ' MiB').optional(),
    'max-gpu-memory-mib': num(1, 16_777_216, ' MiB').optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
    // Cold starts remove the image before each start: K containers of it cannot start at once.
    if (t.start === 'cold' && t.concurrency > 1) {
      ctx.addIssue({ code: 'custom', path: ['concurrency'], message: `more than 1 is not possible with start cold (each cold start removes and pulls the image first); measure bursts with start hot` });
    }
  });

/** Settings of the whole run (not per target). */
export const runSchema = z
  .object({
    config: optText(),
    // A subset of the config file's targets by id (a matrix job's share); empty: all of them.
    targets: list().default([]),
    report: optText(),
    export: exportFormats.default([]),
    'github-token': z.string().optional(),
    comment: bool().default(true),
    'check-name': optText(),
    'allow-fork-prs': bool().default(false),
    baseline: oneOf(['auto', 'branch', 'file', 'local', 'none'] as const).default('auto'),
    'baseline-branch': optText().transform((v) => v ?? 'startup-sla-data'),
    'baseline-file': optText(),
    'history-dir': optText(),
    'history-size': int(1, 10_000).default(100),
    // Report-only mode (the fork-safe split): post a report measured elsewhere to this PR.
    'pr-number': int(1, 1_000_000_000).optional(),
  })
  .strict();

export type TargetConfig = z.output<typeof targetSchema> & {
  id: string;
  /** Where the target is written in the YAML file (for annotations). */
  source?: { file: string; line: number };
};
export type RunConfig = z.output<typeof runSchema>;
export type TargetInput = z.input<typeof targetSchema>;

export interface Config {
  run: RunConfig;
  targets: TargetConfig[];
}

export const TARGET_KEYS = Object.keys(targetSchema.shape) as (keyof typeof targetSchema.shape)[];
export const RUN_KEYS = Object.keys(runSchema.shape) as (keyof typeof runSchema.shape)[];
