// Shared flat config: type-only imports, package boundaries, no console in packages, and the
// environment read only through an app's src/env.ts (t3's restrictEnvAccess).
import tseslint from 'typescript-eslint';

const noDeepImports = {
  patterns: [{ group: ['@causal-tune/*/src/*', '@causal-tune/*/dist/*'], message: 'Import a package through its entry point.' }],
};

/** Config for a library package under packages/. */
export const packageConfig = tseslint.config(
  { ignores: ['dist/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
      'no-restricted-imports': ['error', noDeepImports],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Only apps read the environment, in src/env.ts.' }],
    },
  },
);

/** Config for an app under apps/: console allowed, environment only in src/env.ts. */
export const appConfig = tseslint.config(
  { ignores: ['dist/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', noDeepImports],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read the environment in src/env.ts.' }],
    },
  },
  { files: ['src/env.ts'], rules: { 'no-restricted-properties': 'off' } },
);
