import { z } from 'zod';

/** How "ready" is detected. Parsed from the one-line forms users write in inputs and YAML. */
export type HealthCheck =
  | { kind: 'http'; port: number; path: string }
  | { kind: 'tcp'; port: number }
  | { kind: 'log'; pattern: string }
  | { kind: 'docker' };

export const HEALTH_CHECK_FORMS = 'http:<port><path> (e.g. http:8000/v2/health/ready), tcp:<port>, log:<regex> or docker';

function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/** Returns the parsed form, or a reason the text is not one. */
export function parseHealthCheck(text: string): HealthCheck | string {
  const t = text.trim();
  if (t === 'docker') return { kind: 'docker' };
  const m = /^(http|tcp|log):(.*)$/s.exec(t);
  if (!m) return `expected ${HEALTH_CHECK_FORMS}`;
  const [, kind, rest = ''] = m;
  if (kind === 'log') {
    if (rest === '') return 'log: needs a regular expression after the colon';
    try {
      new RegExp(rest);
    } catch (e: unknown) {
      return `log: regular expression does not compile (${(e as Error).message})`;
    }
    return { kind: 'log', pattern: rest };
  }
  if (kind === 'tcp') {
    const port = parsePort(rest);
    return port === undefined ? 'tcp: needs a container port 1-65535, e.g. tcp:8001' : { kind: 'tcp', port };
  }
  const hm = /^(\d{1,5})(\/.*)?$/.exec(rest);
  const port = hm ? parsePort(hm[1] ?? '') : undefined;
  if (!hm || port === undefined) return 'http: needs a container port 1-65535 then a path, e.g. http:8000/v2/health/ready';
  const path = hm[2] ?? '/';
  if (/\s/.test(path)) return 'http: the path may not contain spaces';
  return { kind: 'http', port, path };
}

export const healthCheckSchema = z.string().transform((text, ctx): HealthCheck => {
  const parsed = parseHealthCheck(text);
  if (typeof parsed === 'string') {
    ctx.addIssue({ code: 'custom', message: parsed });
    return z.NEVER;
  }
  return parsed;
});

export function formatHealthCheck(h: HealthCheck): string {
  switch (h.kind) {
    case 'http':
      return `http:${h.port}${h.path}`;
    case 'tcp':
      return `tcp:${h.port}`;
    case 'log':
      return `log:${h.pattern}`;
    case 'docker':
      return 'docker';
  }
}
