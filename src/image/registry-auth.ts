// Registry credentials the way the docker CLI finds them: $DOCKER_CONFIG/config.json (default
// ~/.docker), `auths` entries, then a credential helper (credHelpers per host, or credsStore).
// What is found goes to the engine in X-Registry-Auth and nowhere else: never logged.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface AuthConfig {
  username?: string;
  password?: string;
  identitytoken?: string;
  serveraddress: string;
}

interface CliConfig {
  auths?: Record<string, { auth?: string; identitytoken?: string; username?: string; password?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** Docker Hub's key in config.json is its v1 index address, whatever the image reference says. */
const HUB_KEY = 'https://index.docker.io/v1/';

function readCliConfig(env: NodeJS.ProcessEnv): CliConfig | undefined {
  const dir = env.DOCKER_CONFIG ?? join(homedir(), '.docker');
  try {
    return JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as CliConfig;
  } catch {
    // No file, or one the CLI itself could not read either: anonymous, as `docker pull` would be.
    return undefined;
  }
}

function fromHelper(helper: string, server: string, env: NodeJS.ProcessEnv): AuthConfig | undefined {
  try {
    const out = execFileSync(`docker-credential-${helper}`, ['get'], { input: server, env, timeout: 10_000, stdio: ['pipe', 'pipe', 'ignore'] }).toString();
    const { Username, Secret } = JSON.parse(out) as { Username?: string; Secret?: string };
    if (!Secret) return undefined;
    // The helper protocol marks an identity token with the user name "<token>".
    return Username === '<token>' ? { identitytoken: Secret, serveraddress: server } : { username: Username ?? '', password: Secret, serveraddress: server };
  } catch {
    return undefined;
  }
}

/** Credentials for a registry host (as written in the image reference), or undefined: anonymous. */
export function registryAuth(host: string, env: NodeJS.ProcessEnv = process.env): AuthConfig | undefined {
  const config = readCliConfig(env);
  if (!config) return undefined;
  const hub = host === 'docker.io' || host === 'index.docker.io' || host === 'registry-1.docker.io';
  const keys = hub ? [HUB_KEY, 'docker.io', 'index.docker.io'] : [host, `https://${host}`, `http://${host}`, `https://${host}/v1/`, `https://${host}/v2/`];
  const server = hub ? HUB_KEY : host;
  for (const key of keys) {
    const entry = config.auths?.[key];
    if (!entry) continue;
    if (entry.identitytoken) return { identitytoken: entry.identitytoken, serveraddress: server };
    if (entry.auth) {
      const plain = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = plain.indexOf(':');
      if (colon > 0) return { username: plain.slice(0, colon), password: plain.slice(colon + 1), serveraddress: server };
    }
    if (entry.username && entry.password) return { username: entry.username, password: entry.password, serveraddress: server };
  }
  const helper = keys.map((k) => config.credHelpers?.[k]).find(Boolean) ?? config.credsStore;
  return helper ? fromHelper(helper, server, env) : undefined;
}
