// Three projects: unit (beside the code), integration (test/, real Temporal, SQLite, PostgreSQL),
// faults (test/faults, run by `npm run test:faults`).
const moduleNameMapper = {
  '^@herald/(contracts|config|persistence|channels|storage|temporal|subscriptions|networking)$': '<rootDir>/libs/$1/src',
  '^@herald/(contracts|config|persistence|channels|storage|temporal|subscriptions|networking)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', isolatedModules: true }] };
const common = { rootDir: __dirname, testEnvironment: 'node', moduleNameMapper, transform, moduleFileExtensions: ['ts', 'js', 'json'] };

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,workflows,scripts,bench}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      // Real servers on a shared 2-core machine: a generous per-test limit, not a speed check.
      setupFilesAfterEnv: ['<rootDir>/test/support/timeout-integration.js'],
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['<rootDir>/test/faults/'],
      globalSetup: '<rootDir>/test/support/global-setup.js',
      globalTeardown: '<rootDir>/test/support/global-teardown.js',
    },
    {
      ...common,
      displayName: 'faults',
      setupFilesAfterEnv: ['<rootDir>/test/support/timeout-faults.js'],
      testMatch: ['<rootDir>/test/faults/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.js',
      globalTeardown: '<rootDir>/test/support/global-teardown.js',
    },
  ],
};
