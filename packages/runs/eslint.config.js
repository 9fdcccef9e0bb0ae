export { packageConfig as default } from '@causal-tune/eslint-config';
