import { defineOp } from '../builder/op-definition.js';
import { constantInts, unknownDim } from './shared/infer.js';

/** ConstantOfShape: a tensor of the int64 `shape` filled with the one-element tensor `value`. */
export const constantOfShapeOp = defineOp({
  opType: 'ConstantOfShape', domain: '', sinceOpset: 9,
  inputs: ['shape'], attributes: { value: 'tensor' },
  inferOutputs([shapeValue], { value }) {
    const dims = constantInts(shapeValue) ?? new Array(Number(shapeValue!.shape[0] ?? 0)).fill(unknownDim());
    return [{ dtype: value?.dtype ?? 'float32', shape: dims }];
  },
  gradient: 'none',
});
