// `pnpm test`: every test, in one command. Builds what the end-to-end tests load (the screens and
// the kiosk shell), runs the unit and integration tests (vitest) and the browser tests (Playwright),
// and ends with one plain line: "tests: N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { systemChromium } from './browser.ts';

const root = new URL('..', import.meta.url).pathname;
const extra = process.argv.slice(2);
mkdirSync(`${root}test-results`, { recursive: true });

function step(title: string, cmd: string, args: string[]): number {
  process.stdout.write(`\n=== ${title}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  return r.status ?? 1;
}

// Where Debian's Chromium is absent (a developer's laptop), Playwright uses its own browser.
if (!systemChromium()) {
  if (
    step('installing Playwright Chromium (no system Chromium found)', 'pnpm', [
      'exec',
      'playwright',
      'install',
      'chromium',
    ]) !== 0
  )
    process.exit(1);
}
for (const [title, filter] of [
  ['building the screens', '@glassbay/screens'],
  ['building the kiosk shell', '@glassbay/kiosk'],
] as const) {
  if (step(title, 'pnpm', ['--filter', filter, 'build']) !== 0) process.exit(1);
}

const unit = step('unit and integration tests (vitest)', 'pnpm', [
  'exec',
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile.json=test-results/unit.json',
  ...extra,
]);
const e2e = existsSync(`${root}playwright.config.ts`)
  ? step('browser tests (Playwright)', 'pnpm', ['exec', 'playwright', 'test', ...extra])
  : 0;

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}
function read<T = Counts>(file: string, pick: (j: never) => T, fallback?: T): T {
  try {
    return pick(JSON.parse(readFileSync(`${root}test-results/${file}`, 'utf8')) as never);
  } catch {
    return fallback ?? ({ passed: 0, failed: 0, skipped: 0 } as T);
  }
}
const v = read(
  'unit.json',
  (j: { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }) => ({
    passed: j.numPassedTests,
    failed: j.numFailedTests,
    skipped: j.numPendingTests + j.numTodoTests,
  }),
);
const p = read(
  'e2e.json',
  (j: { stats: { expected: number; unexpected: number; skipped: number; flaky: number } }) => ({
    passed: j.stats.expected + j.stats.flaky,
    failed: j.stats.unexpected,
    skipped: j.stats.skipped,
  }),
);
// Every skipped test by name: its title says why it cannot run here and how to run it where it can
// (apps/hub/src/testing.ts skippedTitle; the Electron specs' skip reason).
type PwSuite = {
  suites?: PwSuite[];
  specs?: { title: string; tests: { status: string; annotations?: { type: string; description?: string }[] }[] }[];
};
const pwSkipped = (s: PwSuite): string[] => [
  ...(s.specs ?? []).flatMap((sp) =>
    sp.tests
      .filter((t) => t.status === 'skipped')
      .map((t) =>
        [sp.title, ...(t.annotations ?? []).filter((a) => a.type === 'skip').map((a) => a.description)].join(': '),
      ),
  ),
  ...(s.suites ?? []).flatMap(pwSkipped),
];
const skippedNames = [
  ...read(
    'unit.json',
    (j: { testResults?: { assertionResults?: { status: string; fullName: string }[] }[] }) =>
      (j.testResults ?? []).flatMap((f) =>
        (f.assertionResults ?? []).filter((a) => a.status !== 'passed' && a.status !== 'failed').map((a) => a.fullName),
      ),
    [] as string[],
  ),
  ...read('e2e.json', (j: PwSuite) => pwSkipped(j), [] as string[]),
];
for (const name of new Set(skippedNames)) process.stdout.write(`skipped: ${name}\n`);

const total = { passed: v.passed + p.passed, failed: v.failed + p.failed, skipped: v.skipped + p.skipped };
process.stdout.write(`\nvitest: ${v.passed} passed, ${v.failed} failed, ${v.skipped} skipped\n`);
process.stdout.write(`playwright: ${p.passed} passed, ${p.failed} failed, ${p.skipped} skipped\n`);
process.stdout.write(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
process.exit(unit !== 0 || e2e !== 0 || total.failed > 0 || total.passed === 0 ? 1 : 0);
