import nx from '@nx/eslint-plugin';

/**
 * Module boundaries on two axes (see ../shared/STYLE.md):
 *  - scope: which tier a project belongs to; tiers share only `scope:shared` code.
 *  - type: what a project is; apps never import apps, domain logic never imports transport.
 */
const scopeConstraints = [
  { sourceTag: 'scope:central', onlyDependOnLibsWithTags: ['scope:central', 'scope:shared'] },
  { sourceTag: 'scope:pop', onlyDependOnLibsWithTags: ['scope:pop', 'scope:shared'] },
  { sourceTag: 'scope:space', onlyDependOnLibsWithTags: ['scope:space', 'scope:shared'] },
  { sourceTag: 'scope:tooling', onlyDependOnLibsWithTags: ['scope:tooling', 'scope:shared'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
];

const transportPackages = ['@nestjs/*', '@grpc/*', 'ioredis', 'express', 'pino'];

// `type:testing` is allowed by the graph so specs can use it; the `no-restricted-imports` rule
// below keeps it out of production files.
const typeConstraints = [
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: [
      'type:domain',
      'type:data-access',
      'type:contracts',
      'type:util',
      'type:testing',
    ],
  },
  {
    sourceTag: 'type:data-access',
    onlyDependOnLibsWithTags: [
      'type:domain',
      'type:data-access',
      'type:contracts',
      'type:util',
      'type:testing',
    ],
  },
  {
    sourceTag: 'type:domain',
    onlyDependOnLibsWithTags: ['type:domain', 'type:util', 'type:testing'],
    bannedExternalImports: transportPackages,
  },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
  {
    sourceTag: 'type:util',
    onlyDependOnLibsWithTags: ['type:util'],
    bannedExternalImports: transportPackages,
  },
  {
    sourceTag: 'type:testing',
    onlyDependOnLibsWithTags: ['type:util', 'type:domain', 'type:data-access', 'type:contracts'],
  },
  {
    // End-to-end suites start apps as processes; they never import them.
    sourceTag: 'type:e2e',
    onlyDependOnLibsWithTags: [
      'type:util',
      'type:domain',
      'type:data-access',
      'type:contracts',
      'type:testing',
    ],
  },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: [
      '**/dist',
      '**/node_modules',
      '.nx',
      '.platform',
      'libs/contracts/src/generated/**',
      'coverage',
    ],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [...scopeConstraints, ...typeConstraints],
        },
      ],
    },
  },
  {
    // The testing entry feeds specs and dev tooling only; production code must never load it.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/test/**', 'libs/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@platform/testing', message: 'Test helpers are for specs only.' }] },
      ],
    },
  },
  {
    files: ['**/*.cjs', 'jest.preset.js', '**/jest.config.cjs', '**/jest.int.config.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
