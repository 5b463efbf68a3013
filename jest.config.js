/**
 * One Neo4j per test run (tests/setup/global-setup.ts), shared by every test file, so files run one at a time:
 * integration tests own their data and reset it in beforeAll.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests', '<rootDir>/src'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  globalSetup: '<rootDir>/tests/setup/global-setup.ts',
  globalTeardown: '<rootDir>/tests/setup/global-teardown.ts',
  setupFiles: ['reflect-metadata'],
  maxWorkers: 1,
  // A guard against hangs, not a speed check: CI machines are shared and can run several times slower.
  testTimeout: 180_000,
  verbose: false,
};
