import { ToolkitError } from '@causal-tune/core';
import type { OutputInfo } from '../../builder/op-definition.js';
import { type Dim, broadcastShapes, formatShape } from '../../builder/shape.js';
import type { Value } from '../../builder/value.js';

/** Output of an elementwise op over broadcast inputs of one dtype. */
export function inferBroadcast(op: string, names: readonly string[], inputs: readonly (Value | undefined)[]): OutputInfo[] {
  const present = inputs.filter((input): input is Value => input !== undefined);
  const dtype = present[0]!.dtype;
  present.forEach((input, index) => {
    if (input.dtype !== dtype) {
      throw new ToolkitError('GRAPH_DTYPE_MISMATCH', `${op}: input '${names[index] ?? index}' has dtype ${input.dtype}, but '${names[0]}' has ${dtype}. Cast one of them.`, {
        details: { op, input: names[index], expected: dtype, actual: input.dtype },
      });
    }
  });
  return [{ dtype, shape: broadcastShapes(op, ...present.map((input) => input.shape)) }];
}

/** Output of a unary op: same dtype and shape. */
export function inferSame(inputs: readonly (Value | undefined)[]): OutputInfo[] {
  const [input] = inputs;
  return [{ dtype: input!.dtype, shape: input!.shape }];
}

/** The integer values of a constant input (axes, shapes, starts), or undefined when not constant. */
export function constantInts(value: Value | undefined): number[] | undefined {
  if (value?.constant === undefined) return undefined;
  return Array.from(value.constant as ArrayLike<number | bigint>, Number);
}

/** Like {@link constantInts}, but an error naming the op and the input when not constant. */
export function requireConstantInts(op: string, input: string, value: Value | undefined): number[] {
  const values = constantInts(value);
  if (values === undefined) {
    throw new ToolkitError('GRAPH_INVALID', `${op}: input '${input}' must be a constant known when the graph is built (use g.constant), but '${value?.name}' is computed at run time.`, {
      details: { op, input },
    });
  }
  return values;
}

/** A dim whose size is unknown until run time (`?` never equals another dim). */
export function unknownDim(): Dim {
  return '?';
}

/** `[a, b]` shape text for messages. */
export const showShape = formatShape;
