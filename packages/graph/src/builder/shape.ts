import { ToolkitError } from '@causal-tune/core';

/** One dimension: a size, or a named dynamic size such as `'batch'` or `'seq'`. */
export type Dim = number | string;

/** A tensor shape; `[]` is a scalar. */
export type Shape = readonly Dim[];

/** Error for incompatible shapes, naming the op, the input and both shapes. */
export class ShapeMismatchError extends ToolkitError {
  readonly op: string;
  readonly expected: string;
  readonly actual: string;

  constructor(op: string, message: string, expected: Shape | string, actual: Shape | string) {
    const show = (shape: Shape | string) => (typeof shape === 'string' ? shape : formatShape(shape));
    super('GRAPH_SHAPE_MISMATCH', `${op}: ${message} Expected ${show(expected)}, but got ${show(actual)}.`, {
      details: { op, expected: show(expected), actual: show(actual) },
    });
    this.op = op;
    this.expected = show(expected);
    this.actual = show(actual);
  }
}

/** `[batch, 16, 64]`. */
export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/** Number of elements when every dim is known, else undefined. */
export function knownSize(shape: Shape): number | undefined {
  let size = 1;
  for (const dim of shape) {
    if (typeof dim !== 'number') return undefined;
    size *= dim;
  }
  return size;
}

/** True when two dims are certainly equal (same number or same name). */
export function sameDim(a: Dim, b: Dim): boolean {
  return a === b && a !== '?';
}

/** Normalises a possibly negative axis against a rank. */
export function normalizeAxis(axis: number, rank: number, op: string): number {
  const normalized = axis < 0 ? axis + rank : axis;
  if (normalized < 0 || normalized >= rank) {
    throw new ToolkitError('GRAPH_SHAPE_MISMATCH', `${op}: axis ${axis} is out of range for a tensor of rank ${rank}.`, {
      details: { op, axis, rank },
    });
  }
  return normalized;
}

/**
 * Numpy-style multidirectional broadcasting of several shapes. A named dim broadcast against 1
 * keeps the name; two different names are assumed equal at run time (the first is kept).
 */
export function broadcastShapes(op: string, ...shapes: Shape[]): Dim[] {
  const rank = Math.max(...shapes.map((shape) => shape.length));
  const result: Dim[] = [];
  for (let index = 0; index < rank; index += 1) {
    let dim: Dim = 1;
    for (const shape of shapes) {
      const own = shape[index - (rank - shape.length)] ?? 1;
      if (own === 1) continue;
      if (dim === 1) dim = own;
      else if (typeof dim === 'number' && typeof own === 'number' && dim !== own) {
        throw new ShapeMismatchError(op, `inputs cannot be broadcast together at axis ${index}.`, shapes.map(formatShape).join(' and '), `${dim} vs ${own}`);
      } else if (typeof dim === 'string' && typeof own === 'number') dim = own;
    }
    result.push(dim);
  }
  return result;
}
