// Test helpers: gradient checks and one-off forward runs (the "./testing" subpath).
export { checkGradient, pseudoRandom } from './testing/check-gradient.js';
export type { CheckInput, CheckGradientOptions, GradientCheckResult } from './testing/check-gradient.js';
export { runGraph } from './testing/run-graph.js';
