// Test helpers: gradient checks and one-off forward runs (the "./testing" subpath).
export { checkGradient, pseudoRandom } from './testing/check-gradient.js';
export type { CheckInput, CheckGradientOptions, GradientCheckResult } from './testing/check-gradient.js';
export { runGraph } from './testing/run-graph.js';
export { TRANSFORMER_BLOCK_PARAMETERS, buildTransformerBlock, geluTanh, initTransformerBlock, transformerBlockParameterShapes } from './testing/transformer-block.js';
export type { TransformerBlockShape } from './testing/transformer-block.js';
