export { appConfig as default } from '@causal-tune/eslint-config';
