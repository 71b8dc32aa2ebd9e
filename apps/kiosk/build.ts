// Bundles the main process and the preload into dist-electron/ with esbuild. Everything but electron
// itself is inlined, so the packaged app needs no node_modules and a sandboxed preload (which cannot
// require anything) works.
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KIOSK_API_GLOBAL, KioskChannels } from '@glassbay/protocol';

const here = dirname(fileURLToPath(import.meta.url));
const outdir = join(here, 'dist-electron');

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // Lower bounds esbuild compiles down to; Electron 45 ships a newer Node (24) and Chromium than these.
  target: ['node22', 'chrome140'],
  external: ['electron'],
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
};

/**
 * The preload needs only the protocol's channel names, but importing the protocol would also bundle
 * every schema and zod (~700 KiB) into each page. Instead the preload sees a module generated here
 * from the protocol's real values; importing anything else from it fails the build.
 */
const preloadProtocol: Plugin = {
  name: 'preload-protocol-constants',
  setup(b) {
    b.onResolve({ filter: /^@glassbay\/protocol$/ }, () => ({ path: 'protocol-constants', namespace: 'glassbay' }));
    b.onLoad({ filter: /.*/, namespace: 'glassbay' }, () => ({
      loader: 'js',
      contents: [
        `export const KioskChannels = Object.freeze(${JSON.stringify(KioskChannels)});`,
        `export const KIOSK_API_GLOBAL = ${JSON.stringify(KIOSK_API_GLOBAL)};`,
      ].join('\n'),
    }));
  },
};

/** A preload above this has pulled in something it should not. */
const PRELOAD_MAX_BYTES = 16 * 1024;

rmSync(outdir, { recursive: true, force: true });
const [mainResult, preloadResult] = await Promise.all([
  build({ ...common, entryPoints: [join(here, 'src/main.ts')], outfile: join(outdir, 'main.cjs') }),
  build({
    ...common,
    entryPoints: [join(here, 'src/preload.ts')],
    outfile: join(outdir, 'preload.cjs'),
    plugins: [preloadProtocol],
  }),
]);

const size = (result: typeof mainResult, file: string) =>
  result.metafile?.outputs[relative(process.cwd(), join(outdir, file))]?.bytes ?? 0;
const mainBytes = size(mainResult, 'main.cjs');
const preloadBytes = size(preloadResult, 'preload.cjs');
console.log(`dist-electron/main.cjs     ${(mainBytes / 1024).toFixed(1)} KiB`);
console.log(`dist-electron/preload.cjs  ${(preloadBytes / 1024).toFixed(1)} KiB`);
if (preloadBytes === 0 || preloadBytes > PRELOAD_MAX_BYTES) {
  console.error(
    `preload.cjs is ${preloadBytes} bytes (limit ${PRELOAD_MAX_BYTES}): it bundles more than the channel names.`,
  );
  process.exit(1);
}
