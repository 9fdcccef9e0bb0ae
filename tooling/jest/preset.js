// One ESM Jest config for every package (STYLE.md, Tests). Sources are TypeScript transformed by
// SWC; `.js` suffixes of relative imports are stripped, and workspace packages resolve to their
// sources so a test never needs a stale build of its dependencies.
import { fileURLToPath } from 'node:url';

/** @type {import('jest').Config} */
const preset = {
  testEnvironment: fileURLToPath(new URL('./node-environment.js', import.meta.url)),
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  testMatch: ['<rootDir>/src/**/*.test.ts?(x)', '<rootDir>/test/**/*.test.ts?(x)'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '\\.slow\\.test\\.tsx?$'],
  transform: {
    '^.+\\.tsx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          target: 'es2022',
          transform: { react: { runtime: 'automatic' } },
        },
        module: { type: 'es6' },
      },
    ],
  },
  moduleNameMapper: {
    '^@causal-tune/api$': '<rootDir>/../../apps/api/src/index.ts',
    '^@causal-tune/([a-z-]+)/testing$': '<rootDir>/../../packages/$1/src/testing.ts',
    '^@causal-tune/([a-z-]+)$': '<rootDir>/../../packages/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testTimeout: 60_000,
};

export default preset;
