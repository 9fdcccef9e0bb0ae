export { default } from '@causal-tune/jest-preset';
