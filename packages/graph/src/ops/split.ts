import { defineOp } from '../builder/op-definition.js';
import { ShapeMismatchError, normalizeAxis } from '../builder/shape.js';
import { constantInts } from './shared/infer.js';

/** Split along `axis` by the int64 `split` sizes (constant or computed). */
export const splitOp = defineOp({
  opType: 'Split', domain: '', sinceOpset: 18,
  inputs: ['input', 'split'], attributes: { axis: 'int' },
  inferOutputs([input, splitValue], { axis = 0 }) {
    const at = normalizeAxis(axis, input!.shape.length, 'Split');
    const sizes = constantInts(splitValue);
    // With computed sizes the builder passes the output shapes; one placeholder carries the dtype.
    if (!sizes) return [{ dtype: input!.dtype, shape: input!.shape }];
    const dim = input!.shape[at]!;
    const total = sizes.reduce((sum, size) => sum + size, 0);
    if (typeof dim === 'number' && total !== dim) {
      throw new ShapeMismatchError('Split', `the sizes ${JSON.stringify(sizes)} add up to ${total}, not to the size ${dim} of axis ${at} of 'input'.`, `sizes adding up to ${dim}`, input!.shape);
    }
    return sizes.map((size) => ({ dtype: input!.dtype, shape: input!.shape.map((dim, index) => (index === at ? size : dim)) }));
  },
  gradient: {
    build(g, { outputs, outputGrads, attributes: { axis = 0 } }) {
      // dX = Concat of the outputs' gradients, zeros where an output got none.
      const parts = outputs.map((output, index) => outputGrads[index] ?? g.constantOfShape(g.shape(output), 0, output.dtype, output.shape));
      return [g.concat(parts, axis), undefined];
    },
  },
});
