// The hub's layer rules (eslint/hub-boundaries.js) report what they promise: each fixture is a file a
// contributor might write, linted as if it lived at that path in the repository.
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import hubBoundaries from '../eslint/hub-boundaries.js';

const root = new URL('..', import.meta.url).pathname;
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...hubBoundaries],
});

async function reports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('the hub layer rules', () => {
  it('keeps domain code free of I/O and of the features', async () => {
    expect(await reports('apps/hub/src/domain/x.ts', "import { openDb } from '../store/db.ts';\n")).toEqual([
      expect.stringContaining('domain code is pure'),
    ]);
    expect(await reports('apps/hub/src/domain/x.ts', "import Database from 'better-sqlite3';\n")).toHaveLength(1);
    expect(await reports('apps/hub/src/domain/x.ts', "import { toPublicJob } from './jobs.ts';\n")).toEqual([]);
  });

  it('keeps the shared kernel from knowing any feature', async () => {
    const found = await reports('apps/hub/src/realtime/x.ts', "import type { JobsModule } from '../jobs/module.ts';\n");
    expect(found).toEqual([expect.stringContaining('the shared kernel knows no feature')]);
    expect(await reports('apps/hub/src/mqtt/x.ts', "import { openDb } from '../store/db.ts';\n")).toEqual([]);
  });

  it("lets a feature reach another only through that feature's module.ts", async () => {
    const into = await reports(
      'apps/hub/src/wristbands/x.ts',
      "import { createJobsRepository } from '../jobs/jobs.repository.ts';\n",
    );
    expect(into).toEqual([expect.stringContaining("only through that feature's module.ts")]);
    expect(
      await reports('apps/hub/src/wristbands/x.ts', "import type { JobsModule } from '../jobs/module.ts';\n"),
    ).toEqual([]);
    expect(
      await reports('apps/hub/src/jobs/x.ts', "import { createJobsRepository } from './jobs.repository.ts';\n"),
    ).toEqual([]);
    expect(await reports('apps/hub/src/queue/x.ts', "import { startHub } from '../hub.ts';\n")).toHaveLength(1);
  });

  it("sends every other package through the hub's public entry", async () => {
    const deep = await reports('bench/groups/x.ts', "import { openDb } from '../../apps/hub/src/store/db.ts';\n");
    expect(deep).toEqual([expect.stringContaining("use the hub's public entry")]);
    expect(await reports('bench/groups/x.ts', "import { openDb } from '@glassbay/hub';\n")).toEqual([]);
    expect(await reports('e2e/x.ts', "import { addStaff } from '@glassbay/hub/testing';\n")).toEqual([]);
  });
});
