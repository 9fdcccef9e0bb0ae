import { defineOp } from '../builder/op-definition.js';
import type { Dim } from '../builder/shape.js';
import { constantInts, unknownDim } from './shared/infer.js';

/** Pad (constant mode) by the int64 `pads` [begin..., end...]; used by Slice's gradient. */
export const padOp = defineOp({
  opType: 'Pad', domain: '', sinceOpset: 18,
  inputs: ['data', 'pads', 'constant_value'], optionalInputs: 1, attributes: { mode: 'string' },
  inferOutputs([data, padsValue]) {
    const pads = constantInts(padsValue);
    const rank = data!.shape.length;
    const shape: Dim[] = data!.shape.map((dim, axis) => {
      if (!pads) return unknownDim();
      const extra = pads[axis]! + pads[rank + axis]!;
      if (extra === 0) return dim;
      return typeof dim === 'number' ? dim + extra : unknownDim();
    });
    return [{ dtype: data!.dtype, shape }];
  },
  // Only ever emitted by gradients; a second derivative is not needed.
  gradient: 'unsupported',
});
