import { ToolkitError } from '@causal-tune/core';
import { defineOp } from '../builder/op-definition.js';
import { type Dim, normalizeAxis } from '../builder/shape.js';
import { constantInts, unknownDim } from './shared/infer.js';

/** Slice with constant or computed `starts`, `ends`, optional `axes` and `steps`. */
export const sliceOp = defineOp({
  opType: 'Slice', domain: '', sinceOpset: 13,
  inputs: ['data', 'starts', 'ends', 'axes', 'steps'], optionalInputs: 2, attributes: {},
  inferOutputs([data, startsValue, endsValue, axesValue, stepsValue]) {
    const starts = constantInts(startsValue);
    const ends = constantInts(endsValue);
    const rank = data!.shape.length;
    const axes = (constantInts(axesValue) ?? starts?.map((_start, index) => index))?.map((axis) => normalizeAxis(axis, rank, 'Slice'));
    const steps = constantInts(stepsValue) ?? starts?.map(() => 1);
    if (!starts || !ends || !axes || !steps || (axesValue && !constantInts(axesValue))) {
      return [{ dtype: data!.dtype, shape: data!.shape.map(() => unknownDim()) }];
    }
    const shape: Dim[] = [...data!.shape];
    axes.forEach((axis, index) => {
      const dim = data!.shape[axis]!;
      const [start, end, step] = [starts[index]!, ends[index]!, steps[index]!];
      if (step === 0) throw new ToolkitError('GRAPH_SHAPE_MISMATCH', `Slice: step 0 on axis ${axis} is not allowed.`);
      shape[axis] = sliceLength(dim, start, end, step);
    });
    return [{ dtype: data!.dtype, shape }];
  },
  gradient: {
    build(g, { inputs: [data, startsValue, endsValue, axesValue, stepsValue], outputGrads: [dy] }) {
      // dX = dY padded with zeros back to X's shape; static starts/ends and unit steps only.
      const rank = data!.shape.length;
      const starts = constantInts(startsValue);
      const ends = constantInts(endsValue);
      const axes = (constantInts(axesValue) ?? starts?.map((_start, index) => index))?.map((axis) => normalizeAxis(axis, rank, 'Slice'));
      const steps = constantInts(stepsValue);
      if (!starts || !ends || !axes || (steps && steps.some((step) => step !== 1))) {
        throw new ToolkitError('GRAPH_NO_GRADIENT', 'Slice: the gradient needs constant starts, ends and axes and unit steps.');
      }
      const pads = new Array<number>(2 * rank).fill(0);
      axes.forEach((axis, index) => {
        const dim = data!.shape[axis]!;
        const start = starts[index]!;
        const end = ends[index]!;
        if (typeof dim !== 'number' && (start < 0 || (end < 0 || end < 2 ** 31 - 1))) {
          throw new ToolkitError('GRAPH_NO_GRADIENT', `Slice: the gradient over the dynamic axis ${axis} ('${dim}') needs a non-negative start and an open end.`);
        }
        const size = typeof dim === 'number' ? dim : Number.MAX_SAFE_INTEGER;
        const from = Math.min(Math.max(start < 0 ? start + size : start, 0), size);
        const to = Math.min(Math.max(end < 0 ? end + size : end, 0), size);
        pads[axis] = from;
        pads[rank + axis] = typeof dim === 'number' ? size - to : 0;
      });
      return [g.pad(dy!, pads, data!.shape), undefined, undefined, undefined, undefined];
    },
  },
});

function sliceLength(dim: Dim, start: number, end: number, step: number): Dim {
  if (typeof dim !== 'number') {
    // Open-ended slices of a named dim keep the name when they start at 0.
    return start === 0 && step === 1 && end >= 2 ** 31 - 1 ? dim : unknownDim();
  }
  const clamp = (value: number, low: number, high: number) => Math.min(Math.max(value, low), high);
  const from = step > 0 ? clamp(start < 0 ? start + dim : start, 0, dim) : clamp(start < 0 ? start + dim : start, -1, dim - 1);
  const to = step > 0 ? clamp(end < 0 ? end + dim : end, 0, dim) : clamp(end < 0 ? end + dim : end, -1, dim - 1);
  return Math.max(0, Math.ceil((to - from) / step));
}
