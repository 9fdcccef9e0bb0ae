import { defineOp } from '../builder/op-definition.js';
import type { Dim } from '../builder/shape.js';
import { normalizeAxis } from '../builder/shape.js';
import { requireConstantInts } from './shared/infer.js';

/** Unsqueeze: inserts size-1 axes at the constant `axes` of the output. */
export const unsqueezeOp = defineOp({
  opType: 'Unsqueeze', domain: '', sinceOpset: 13,
  inputs: ['data', 'axes'], attributes: {},
  inferOutputs([data, axesValue]) {
    const rank = data!.shape.length + requireConstantInts('Unsqueeze', 'axes', axesValue).length;
    const axes = requireConstantInts('Unsqueeze', 'axes', axesValue).map((axis) => normalizeAxis(axis, rank, 'Unsqueeze'));
    const rest = [...data!.shape];
    const shape: Dim[] = [];
    for (let index = 0; index < rank; index += 1) shape.push(axes.includes(index) ? 1 : rest.shift()!);
    return [{ dtype: data!.dtype, shape }];
  },
  gradient: { build: (g, { inputs: [data], outputGrads: [dy] }) => [g.reshape(dy!, g.shape(data!), data!.shape), undefined] },
});
