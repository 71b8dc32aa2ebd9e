// The benches measure the hub as production runs it: the esbuild bundle on plain node (`pnpm hub`).
import { execFileSync } from 'node:child_process';

export const HUB_BUNDLE = 'apps/hub/dist/main.js';

export function buildHub(): void {
  execFileSync('pnpm', ['--filter', '@glassbay/hub', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
}
