// The import boundaries of eslint.config.js, proven on files that break them: each forbidden import
// in scripts/lint-fixtures is reported under the boundary it breaks, and the permitted ones are not.
// The fixtures mirror the repository's layout, and ESLint runs from there with the real config.
import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixtures = fileURLToPath(new URL('./lint-fixtures/', import.meta.url));

/** Every message per fixture file (relative to the fixtures folder), as `rule: import`. */
let found: Record<string, string[]> = {};

beforeAll(async () => {
  const eslint = new ESLint({
    cwd: fixtures,
    overrideConfigFile: `${root}eslint.config.js`,
    // The fixtures are not in any tsconfig, and the boundaries need no types.
    overrideConfig: tseslint.configs.disableTypeChecked as Linter.Config,
  });
  const results = await eslint.lintFiles(['.']);
  found = Object.fromEntries(
    results.map((r) => [
      r.filePath.slice(fixtures.length),
      r.messages.map((m) => `${m.ruleId ?? 'parse'}: ${/'([^']+)'/.exec(m.message)?.[1] ?? m.message}`),
    ]),
  );
}, 120_000);

describe('the import boundaries', () => {
  it('lints every fixture (nothing silently skipped)', () => {
    expect(Object.keys(found).sort()).toEqual([
      'apps/kiosk/src/reaches-hub.ts',
      'apps/screens/src/permitted.ts',
      'apps/screens/src/reaches-hub.ts',
      'bench/deep-import.ts',
      'packages/protocol/src/does-io.ts',
      'packages/protocol/src/permitted.ts',
    ]);
  });

  it('reports a screen or the kiosk importing the hub, by name or by path', () => {
    expect(found['apps/screens/src/reaches-hub.ts']).toEqual([
      'boundaries/screens-kiosk-not-hub: @glassbay/hub',
      'boundaries/screens-kiosk-not-hub: ../../hub/src/config.ts',
    ]);
    expect(found['apps/kiosk/src/reaches-hub.ts']).toEqual([
      'boundaries/screens-kiosk-not-hub: ../../../apps/hub/src/config.ts',
      // eslint/hub-boundaries.js: no package outside apps/hub uses the hub's internals.
      'no-restricted-imports: ../../../apps/hub/src/config.ts',
    ]);
  });

  it('reports the protocol doing I/O or importing another workspace package', () => {
    expect(found['packages/protocol/src/does-io.ts']).toEqual([
      'boundaries/protocol-no-io: node:fs',
      'boundaries/protocol-no-io: @glassbay/hardware',
    ]);
  });

  it("reports a deep import of another package's internals", () => {
    expect(found['bench/deep-import.ts']).toEqual(['boundaries/no-deep-imports: @glassbay/protocol/src/rest.ts']);
  });

  it('leaves permitted imports alone', () => {
    expect(found['apps/screens/src/permitted.ts']).toEqual([]);
    expect(found['packages/protocol/src/permitted.ts']).toEqual([]);
  });
});
