// Bundles the action (main and post each their own entry, sharing chunks) and the CLI into
// self-contained ESM files that run on Node 20 and 24 without node_modules.
import { build } from 'esbuild';
import { mkdir, readFile, rm } from 'node:fs/promises';

const outdir = process.argv[2] ?? 'dist';
// A clean folder: chunk names carry content hashes, so old ones would linger as dead files.
await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });

await build({
  entryPoints: { index: 'src/index.ts', post: 'src/post-step.ts', cli: 'src/cli.ts' },
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'linked',
  sourcemap: false,
  // ssh2 (pulled in by docker-modem for ssh:// hosts) loads optional native addons inside
  // try/catch; leaving them out keeps the bundle pure JS and ssh2 falls back to JS crypto.
  external: ['cpu-features', '*.node'],
  // Bundled CommonJS (dockerode, ssh2, tar-fs) uses require() and __dirname; give the ESM bundle them.
  banner: {
    js: [
      "import { createRequire as __ssla_createRequire } from 'node:module';",
      "import { fileURLToPath as __ssla_fileURLToPath } from 'node:url';",
      "import { dirname as __ssla_dirname } from 'node:path';",
      'const require = __ssla_createRequire(import.meta.url);',
      'const __filename = __ssla_fileURLToPath(import.meta.url);',
      'const __dirname = __ssla_dirname(__filename);',
    ].join(' '),
  },
  define: { __STARTUP_SLA_VERSION__: JSON.stringify(JSON.parse(await readFile('package.json', 'utf8')).version) },
  logLevel: 'warning',
});
