// Bundles the hub into dist/main.js for `pnpm hub` and production: plain `node` runs it without a
// TypeScript loader, which saves ~45 MB of memory (tsx keeps the compiler resident). npm packages
// stay external (better-sqlite3 is native); the workspace's own TypeScript is inlined. The
// installer's CLI goes beside it as dist/cli.js: a third of the start-up cost of running it through
// tsx, which counts where a script runs it once per device (`pnpm demo` provisions its shop so).
import { build } from 'esbuild';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outdir = join(here, 'dist');
const pkg = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const external = Object.keys(pkg.dependencies).filter((d) => !d.startsWith('@glassbay/'));

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { main: join(here, 'src/main.ts'), cli: join(here, 'src/cli/main.ts') },
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external,
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  // Bundled CommonJS helpers may call require(); give the ES module one.
  banner: {
    js: "import { createRequire as __glassbayRequire } from 'node:module'; const require = __glassbayRequire(import.meta.url);",
  },
});
// src/store/db.ts finds its migrations next to itself; in the bundle that is dist/.
cpSync(join(here, 'src/store/migrations'), join(outdir, 'migrations'), { recursive: true });
// src/store/checkpointer.ts starts its worker thread from the file next to itself.
cpSync(join(here, 'src/store/checkpoint-worker.mjs'), join(outdir, 'checkpoint-worker.mjs'));
// src/staff/hash-threads.ts hashes staff passwords on worker threads from the file next to itself.
cpSync(join(here, 'src/staff/hash-worker.mjs'), join(outdir, 'hash-worker.mjs'));
// src/evidence/evidence.service.ts lays out the PDF summary on a worker thread from the file next to itself.
cpSync(join(here, 'src/evidence/summary-worker.mjs'), join(outdir, 'summary-worker.mjs'));
