// End-to-end tests: real Chromium against the real hub (started per test by e2e/fixtures.ts), which
// serves the built screens. Build them first: `pnpm test:e2e` does.
import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, systemChromium } from './scripts/browser.ts';

// Debian's Chromium where it is installed (Playwright's own browser download is not available on
// every machine); Playwright's bundled Chromium elsewhere (scripts/test.ts installs it there).
const chromium = systemChromium();

export default defineConfig({
  testDir: 'e2e',
  // One hub and one browser at a time: the machines this runs on are small and shared.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  // Generous: each test starts a real hub and runs the real CLI, on a small shared machine.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  outputDir: 'test-results/artifacts',
  use: {
    ...devices['Desktop Chrome'],
    viewport: { width: 1920, height: 1080 },
    deviceScaleFactor: 1,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      ...(chromium ? { executablePath: chromium } : {}),
      args: CHROMIUM_ARGS,
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
