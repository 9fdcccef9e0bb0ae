import { defineOp } from '../builder/op-definition.js';

/** Identity: copies its input; the gradient passes straight through. */
export const identityOp = defineOp({
  opType: 'Identity',
  domain: '',
  sinceOpset: 16,
  inputs: ['input'],
  attributes: {},
  inferOutputs: ([input]) => [{ dtype: input!.dtype, shape: input!.shape }],
  gradient: { build: (_g, { outputGrads: [dy] }) => [dy] },
});
