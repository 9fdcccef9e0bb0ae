// Test helpers for packages that read run directories (the "./testing" subpath): apps/cli, apps/api.
export { writeRunDirectory } from './testing/run-directory.js';
export type { FixtureMethod, RunDirectoryOptions } from './testing/run-directory.js';
