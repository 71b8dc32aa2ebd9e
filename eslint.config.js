// @ts-check
// One lint for the workspace: TypeScript (type-aware where it pays: promises nobody awaits), the
// screens' Svelte components, and the import boundaries of ARCHITECTURE.md (section "Boundaries").
import js from '@eslint/js';
import { builtinRules } from 'eslint/use-at-your-own-risk';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import hubBoundaries from './eslint/hub-boundaries.js';
import svelteConfig from './apps/screens/svelte.config.js';

const typeAware = ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.svelte'];

// Boundaries
// Each boundary is ESLint's core no-restricted-imports under a name of its own (boundaries/<name>),
// so boundaries never replace each other where their files overlap, and a report names the rule
// that was broken. Add a layer rule by appending an entry; `files`/`ignores` are globs from the root.
/** @type {{ name: string; files: string[]; ignores?: string[]; patterns: { group: string[]; message: string }[] }[]} */
const boundaries = [
  {
    name: 'screens-kiosk-not-hub',
    files: ['apps/screens/**', 'apps/kiosk/**'],
    patterns: [
      {
        group: ['@glassbay/hub', '@glassbay/hub/**', '**/apps/hub/**', '**/hub/src/**'],
        message:
          'The screens and the kiosk never import the hub: talk to it over HTTP/socket.io with packages/protocol.',
      },
    ],
  },
  {
    name: 'protocol-no-io',
    files: ['packages/protocol/**'],
    patterns: [
      {
        group: ['@glassbay/*', '@glassbay/*/**', '../../**'],
        message: 'packages/protocol is the contract every package imports; it imports no other workspace package.',
      },
      {
        group: ['node:*', 'fs', 'fs/*', 'net', 'http', 'https', 'http2', 'dgram', 'child_process', 'worker_threads'],
        message: 'packages/protocol does no I/O: constants, schemas and types only.',
      },
    ],
  },
  {
    name: 'no-deep-imports',
    files: ['**/*'],
    patterns: [
      {
        group: ['@glassbay/*/src', '@glassbay/*/src/**', '**/packages/*/src/**'],
        message: 'Import a workspace package by its name and public entry, not its internals.',
      },
    ],
  },
];

const restrictImports = builtinRules.get('no-restricted-imports');
if (!restrictImports) throw new Error('ESLint no longer ships no-restricted-imports');
const boundaryPlugin = { rules: Object.fromEntries(boundaries.map((b) => [b.name, restrictImports])) };
const boundaryConfigs = boundaries.map((b) => ({
  name: `boundaries/${b.name}`,
  files: b.files,
  ignores: b.ignores ?? [],
  plugins: { boundaries: boundaryPlugin },
  rules: { [`boundaries/${b.name}`]: ['error', { patterns: b.patterns }] },
}));

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/dist-electron/**',
      '**/release/**',
      'test-results/**',
      'playwright-report/**',
      '.data/**',
      // Files with broken imports on purpose; scripts/lint-boundaries.test.ts lints them itself.
      'scripts/lint-fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Type-aware rules: each file is checked in the tsconfig.json nearest to it.
    files: typeAware,
    languageOptions: {
      parserOptions: {
        // vite.config.ts lives in apps/screens/tsconfig.node.json, which the service does not look for.
        projectService: { allowDefaultProject: ['apps/screens/vite.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, svelteConfig } },
  },
  {
    files: ['apps/screens/**/*.ts', 'apps/screens/**/*.svelte'],
    languageOptions: { globals: { ...globals.browser } },
  },
  ...boundaryConfigs,
  // The hub's layers, and every other package through the hub's public entry (eslint/hub-boundaries.js).
  ...hubBoundaries,
);
