/**
 * Two projects. `unit` needs no database and may run files in parallel. `integration` shares one Neo4j per run
 * (tests/setup/global-setup.ts) between all its files: a project's globalSetup runs only when that project has
 * tests selected, so the unit project alone never starts Java. Integration tests own their data and reset it in
 * beforeAll, so its files run one at a time: maxWorkers is a run-wide option, 1 here, and `npm run test:unit`
 * raises it for the unit project alone.
 * @type {import('jest').Config}
 */
const shared = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  setupFiles: ['reflect-metadata'],
};

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      roots: ['<rootDir>/tests', '<rootDir>/src'],
      testMatch: ['<rootDir>/tests/unit/**/*.test.ts', '<rootDir>/src/**/*.test.ts'],
    },
    {
      ...shared,
      displayName: 'integration',
      // By pattern, not by roots: a root must exist, and tests/tck may not yet.
      roots: ['<rootDir>/tests', '<rootDir>/bench'],
      testMatch: [
        '<rootDir>/tests/integration/**/*.test.ts',
        '<rootDir>/tests/tck/**/*.test.ts',
        '<rootDir>/bench/**/*.test.ts',
      ],
      globalSetup: '<rootDir>/tests/setup/global-setup.ts',
      globalTeardown: '<rootDir>/tests/setup/global-teardown.ts',
    },
  ],
  maxWorkers: 1,
  // A guard against hangs, not a speed check: CI machines are shared and can run several times slower.
  testTimeout: 180_000,
  verbose: false,
};
