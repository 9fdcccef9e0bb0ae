import { DataType, type DType, isFloatType } from '../builder/dtype.js';
import { defineOp } from '../builder/op-definition.js';

const DTYPE_BY_NUMBER = new Map(Object.entries(DataType).map(([name, code]) => [code, name as DType]));

/** Cast to the dtype whose ONNX number is `to` (the builder method takes a dtype name). */
export const castOp = defineOp({
  opType: 'Cast', domain: '', sinceOpset: 13,
  inputs: ['input'], attributes: { to: 'int' },
  inferOutputs: ([input], { to }) => [{ dtype: DTYPE_BY_NUMBER.get(to as (typeof DataType)[DType]) ?? input!.dtype, shape: input!.shape }],
  gradient: {
    // dX = dY cast back; no gradient flows through a cast to an integer type.
    build: (g, { inputs: [input], outputs: [output], outputGrads: [dy] }) => [isFloatType(output!.dtype) && isFloatType(input!.dtype) ? g.cast(dy!, input!.dtype) : undefined],
  },
});
