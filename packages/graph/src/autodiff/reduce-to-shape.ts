import { ToolkitError } from '@causal-tune/core';
import type { GraphBuilder } from '../builder/graph-builder.js';
import { formatShape, knownSize, sameDim } from '../builder/shape.js';
import type { Value } from '../builder/value.js';

/**
 * Sums a gradient `dy` of a broadcast result back to the shape of the input `x` it came from
 * (tfjs `getReductionAxes`, ORT `ComputeBroadcastBackwardAxes`): leading axes that `x` lacks
 * and axes where `x` has size 1 are summed. The one shared broadcast helper of all gradients.
 */
export function reduceToShape(g: GraphBuilder, dy: Value, x: Value): Value {
  const lead = dy.shape.length - x.shape.length;
  if (lead === 0 && dy.shape.every((dim, index) => sameDim(dim, x.shape[index]!))) return dy;
  const axes: number[] = [];
  for (let index = 0; index < dy.shape.length; index += 1) {
    if (index < lead) {
      axes.push(index);
      continue;
    }
    const own = x.shape[index - lead]!;
    const other = dy.shape[index]!;
    if (own === 1 && other !== 1) axes.push(index);
    else if (own === '?' || (other === '?' && own !== other)) {
      throw new ToolkitError('GRAPH_SHAPE_MISMATCH', `reduceToShape: cannot tell the broadcast axes of ${formatShape(x.shape)} within ${formatShape(dy.shape)}, because a dim is unknown until run time. Give the op a static or named output shape.`, {
        details: { input: x.name, inputShape: formatShape(x.shape), gradShape: formatShape(dy.shape) },
      });
    }
  }
  const summed = axes.length > 0 ? g.reduceSum(dy, axes, true) : dy;
  if (lead === 0) return summed;
  const target = knownSize(x.shape) === undefined ? g.shape(x) : g.constant(x.shape as number[], 'int64');
  return g.reshape(summed, target, x.shape);
}
