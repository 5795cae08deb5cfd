// A refusal from the daemon is the host's problem, not the user's input and not our bug: it is
// reported with the daemon's own words and one hint. dockerode rejects with the HTTP status in
// `statusCode` and the daemon's JSON body (`{"message": ...}`) in `json`.
import { errorMessage, HostError } from '../util/errors.ts';

interface Rule {
  pattern: RegExp;
  hint: string;
}

// Most specific first: a port clash also mentions the endpoint, a missing bridge the network.
const RULES: Rule[] = [
  {
    pattern: /port is already allocated|address already in use/i,
    hint: 'another process or container on this host holds that port: stop it, or give the server another port (and the health-check that port)',
  },
  {
    pattern: /no space left on device|disk quota exceeded/i,
    hint: "the Docker host's disk is full: free space (unused images and build cache) or give Docker's data root a larger disk",
  },
  {
    pattern: /could not find bridge|docker0/i,
    hint: "the daemon's default bridge network is broken (docker0 missing): restart Docker on the runner, or use `network: host`",
  },
  {
    pattern: /network [^ ]+ not found|no such network/i,
    hint: 'that network does not exist on this host: create it (docker network create NAME) in an earlier step, or set the `network` input to bridge or host',
  },
  {
    pattern: /could not select device driver|nvidia-container-cli|unknown or invalid runtime name: nvidia|cdi.*(unresolvable|not found)/i,
    hint: 'the GPU runtime is not set up on this host: install nvidia-container-toolkit (gpu-mode toolkit), enable CDI (gpu-mode cdi), or use gpu-mode manual',
  },
  {
    pattern: /no such image|manifest unknown|pull access denied|repository does not exist/i,
    hint: 'the image is not on this Docker host: build it in an earlier step or with the `dockerfile` input (startup-sla never pulls)',
  },
  {
    pattern: /OCI runtime|runc|containerd|shim/i,
    hint: "the container runtime refused the container: its message says why; check the runtime's setup on the runner (journalctl -u docker)",
  },
  {
    pattern: /permission denied/i,
    hint: "the daemon lacks a permission on the host (a bind-mounted path, a device, SELinux/AppArmor): its message names it",
  },
];

const DEFAULT_HINT = 'the Docker daemon refused the request; its message says why (the daemon log, e.g. journalctl -u docker, has more)';

/** The daemon's own message in a dockerode error: the JSON body when there is one. */
export function daemonMessage(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'json' in e) {
    const json: unknown = (e as { json: unknown }).json;
    if (typeof json === 'object' && json !== null && 'message' in json && typeof json.message === 'string') return json.message.trim();
  }
  const text = errorMessage(e);
  // "(HTTP code 500) server error - <daemon message>"
  return text.replace(/^\(HTTP code \d+\)\s*[^-]*-\s*/, '').trim();
}

export function hostHint(message: string): string {
  return RULES.find((r) => r.pattern.test(message))?.hint ?? DEFAULT_HINT;
}

/** A daemon refusal (an HTTP status from dockerode) as a HostError; undefined for anything else. */
export function hostErrorOf(e: unknown): HostError | undefined {
  if (e instanceof HostError) return e;
  const status = typeof e === 'object' && e !== null && 'statusCode' in e ? Number((e as { statusCode: unknown }).statusCode) : undefined;
  if (status === undefined || !Number.isFinite(status)) return undefined;
  const message = daemonMessage(e);
  return new HostError(`the Docker daemon refused a request (HTTP ${status}): ${message}`, hostHint(message));
}

/** The socket exists but this user may not open it: Docker runs, the fix is the group. */
export function isSocketPermissionDenied(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const { code } = e as { code?: unknown };
  return code === 'EACCES' || /connect EACCES/.test(errorMessage(e));
}

export const SOCKET_PERMISSION_HINT =
  "Docker runs, but this runner's user may not use its socket: add the user to the docker group (sudo usermod -aG docker USER, then restart the runner service) or run rootless Docker and point DOCKER_HOST at its socket";
