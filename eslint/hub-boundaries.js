// The hub's layers, checked by lint (docs/architecture.md): domain code is pure; the shared kernel
// (store, realtime, http, mqtt) knows no feature; a feature reaches another only through that
// feature's module.ts (its ports); nothing outside apps/hub imports the hub's files directly.
const FEATURES = ['bays', 'devices', 'jobs', 'queue', 'wristbands', 'media', 'fleet', 'staff'];
const KERNEL = ['store', 'realtime', 'http', 'mqtt'];
const TESTS = ['**/*.test.ts', '**/*.testkit.ts'];

const features = (prefix) => FEATURES.map((f) => `${prefix}${f}/*`);
const roots = ['../hub.ts', '../index.ts', '../tools.ts', '../../hub.ts', '../../index.ts', '../../tools.ts'];

/** @type {import('eslint').Linter.Config[]} */
export default [
  {
    files: ['apps/hub/src/domain/**/*.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...KERNEL.map((k) => `../${k}/*`), ...features('../'), ...roots, '../logger.ts', '../config.ts'],
              message: 'domain code is pure: plain functions over plain data, no I/O (pass what it needs in).',
            },
          ],
          paths: [
            'better-sqlite3',
            'fastify',
            'socket.io',
            'mqtt',
            'aedes',
            'node:fs',
            'node:fs/promises',
            'node:net',
          ].map((name) => ({ name, message: 'domain code does no I/O.' })),
        },
      ],
    },
  },
  ...KERNEL.map((layer) => ({
    files: [`apps/hub/src/${layer}/**/*.ts`],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...features('../'), ...roots],
              message: 'the shared kernel knows no feature: take what you need as a port (module.ts).',
            },
          ],
        },
      ],
    },
  })),
  ...FEATURES.map((feature) => ({
    files: [`apps/hub/src/${feature}/**/*.ts`],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: FEATURES.filter((f) => f !== feature).flatMap((f) => [`../${f}/*`, `!../${f}/module.ts`]),
              message: "a feature reaches another only through that feature's module.ts (its ports).",
            },
            { group: roots, message: 'features do not import the composition root or the public entry.' },
          ],
        },
      ],
    },
  })),
  {
    files: ['**/*.ts', '**/*.svelte'],
    ignores: ['apps/hub/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/apps/hub/src/**', '@glassbay/hub/src/**'],
              message: "use the hub's public entry ('@glassbay/hub', or '@glassbay/hub/testing' in tests).",
            },
          ],
        },
      ],
    },
  },
];
