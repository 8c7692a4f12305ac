// Jest runs TypeScript ESM through esbuild's transform (type-stripping only, per file, as tsconfig's
// isolatedModules already requires; `npm run typecheck` type-checks): test/support/esbuildTransform.js.
// One DynamoDB Local for the whole run is started by test/globalSetup.js, beside the local Cognito and S3.
import { availableParallelism } from 'node:os';

/** @type {import('jest').Config} */
const transform = { '^.+\\.ts$': '<rootDir>/test/support/esbuildTransform.js' };
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform,
  setupFiles: ['<rootDir>/test/support/setupEnv.ts'],
};

export default {
  globalSetup: '<rootDir>/test/globalSetup.js',
  globalTeardown: '<rootDir>/test/globalTeardown.js',
  testTimeout: 60_000,
  // Jest's default (cores − 1) runs test files one at a time on a 2-core CI machine, yet most files
  // wait on DynamoDB Local, not the CPU: two workers at least (issue 17, CI time). Every integration
  // test has its own tenant, so files never see each other's data.
  maxWorkers: Math.max(2, availableParallelism()),
  reporters: ['default', '<rootDir>/test/support/summaryReporter.js'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
    { ...common, displayName: 'infra', testMatch: ['<rootDir>/test/infra/**/*.test.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
  ],
};
