import type { OutputInfo } from '../../builder/op-definition.js';
import { normalizeAxis } from '../../builder/shape.js';
import type { Value } from '../../builder/value.js';
import type { GraphBuilder } from '../../builder/graph-builder.js';
import { constantInts } from './infer.js';

/** Output of a Reduce* op with axes given as a constant input (opset 18). */
export function inferReduce(op: string, [x, axesValue]: readonly (Value | undefined)[], keepdims: number): OutputInfo[] {
  const axes = reduceAxes(op, x!, axesValue);
  const shape = keepdims ? x!.shape.map((dim, index) => (axes.includes(index) ? 1 : dim)) : x!.shape.filter((_dim, index) => !axes.includes(index));
  return [{ dtype: x!.dtype, shape }];
}

/** The normalised axes of a reduce op; all axes when none are given. */
export function reduceAxes(op: string, x: Value, axesValue: Value | undefined): number[] {
  const axes = constantInts(axesValue);
  if (axes === undefined || axes.length === 0) return x.shape.map((_dim, index) => index);
  return axes.map((axis) => normalizeAxis(axis, x.shape.length, op));
}

/** Broadcasts a reduced gradient back over the reduced axes to the input's shape. */
export function expandReduced(g: GraphBuilder, dy: Value, x: Value, axes: readonly number[], keepdims: number): Value {
  const kept = keepdims ? dy : g.unsqueeze(dy, axes);
  return g.expand(kept, g.shape(x), x.shape);
}
