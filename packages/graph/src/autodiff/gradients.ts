import { ToolkitError } from '@causal-tune/core';
import { isFloatType } from '../builder/dtype.js';
import type { GraphBuilder } from '../builder/graph-builder.js';
import type { NodeRecord } from '../builder/graph-core.js';
import { STOP_GRADIENT } from '../builder/stop-gradient.js';
import { formatShape } from '../builder/shape.js';
import type { Value } from '../builder/value.js';
import { BackwardRecompute } from './recompute.js';

/** Options of {@link gradients}. */
export interface GradientOptions {
  /** Gradient of the loss itself; default a scalar 1 (d loss / d loss). */
  readonly seed?: Value;
  /** Scope of the gradient nodes' names. */
  readonly scope?: string;
  /**
   * Gradient checkpointing: activations at segment boundaries in forward order (each decoder
   * layer's input). Between two checkpoints the backward pass recomputes what it reads instead
   * of keeping it from the forward pass (see BackwardRecompute); the gradients are unchanged.
   */
  readonly checkpoints?: readonly Value[];
}

/**
 * Reverse-mode automatic differentiation: appends to `g` the nodes that compute
 * d `loss` / d `x` for every `x` in `wrt`, and returns them in the same order, named
 * `grad/${x.name}`.
 *
 * Only nodes on a path from some `x` to the loss are differentiated (ORT's
 * `IsGradientRequiredForSrcNodeInput`): frozen weights get no weight-gradient nodes, and ops off
 * the path never need a gradient. Where a value fans out, its gradients are summed; a value made
 * by `g.stopGradient` sends none back.
 */
export function gradients(g: GraphBuilder, loss: Value, wrt: readonly Value[], options: GradientOptions = {}): Value[] {
  if (options.seed === undefined && loss.shape.length !== 0) {
    throw new ToolkitError('GRAPH_SHAPE_MISMATCH', `gradients: the loss must be a scalar, but '${loss.name}' has shape ${formatShape(loss.shape)}. Reduce it first, or pass a seed.`);
  }
  for (const x of wrt) {
    if (!isFloatType(x.dtype)) throw new ToolkitError('GRAPH_DTYPE_MISMATCH', `gradients: '${x.name}' has dtype ${x.dtype}; only floating tensors have gradients.`);
  }
  const records = g.records;
  const producer = new Map<string, NodeRecord>();
  for (const record of records) for (const output of record.outputs) producer.set(output.name, record);

  // Values that depend on a wrt tensor (forward sweep, records are in topological order).
  const dependsOnWrt = new Set(wrt.map((x) => x.name));
  for (const record of records) {
    if (record.inputs.some((input) => input !== undefined && dependsOnWrt.has(input.name))) {
      for (const output of record.outputs) if (isFloatType(output.dtype)) dependsOnWrt.add(output.name);
    }
  }
  // Nodes the loss depends on (backward sweep).
  const onLossPath = new Set<NodeRecord>();
  const pending = [loss.name];
  const seen = new Set<string>();
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const record = producer.get(name);
    if (!record || onLossPath.has(record)) continue;
    onLossPath.add(record);
    for (const input of record.inputs) if (input !== undefined) pending.push(input.name);
  }

  const accumulated = new Map<string, Value[]>();
  const add = (name: string, grad: Value) => {
    const list = accumulated.get(name);
    if (list) list.push(grad);
    else accumulated.set(name, [grad]);
  };
  const total = (value: Value): Value | undefined => {
    const list = accumulated.get(value.name);
    if (!list || list.length === 0) return undefined;
    const sum = list.reduce((left, right) => g.add(left, right));
    accumulated.set(value.name, [sum]);
    return sum;
  };

  const recompute = new BackwardRecompute(g, options.checkpoints ?? []);
  const scope = options.scope ?? 'grad';
  return g.withScope(scope, () => {
    add(loss.name, options.seed ?? g.constant(1, loss.dtype === 'float64' ? 'float64' : 'float32', []));
    const relevant = records.filter((record) => onLossPath.has(record) && record.inputs.some((input) => input !== undefined && dependsOnWrt.has(input.name)));
    for (let index = relevant.length - 1; index >= 0; index -= 1) {
      const record = relevant[index]!;
      const outputGrads = record.outputs.map(total);
      if (outputGrads.every((grad) => grad === undefined)) continue;
      // g.stopGradient: the value is a constant to the backward pass.
      if (record.outputs.every((output) => g.attachment(output, STOP_GRADIENT) === true)) continue;
      const needsGrad = record.inputs.map((input) => input !== undefined && dependsOnWrt.has(input.name) && isFloatType(input.dtype));
      if (!needsGrad.some(Boolean)) continue;
      const { gradient } = record.op;
      if (gradient === 'none') continue;
      if (gradient === 'unsupported') {
        throw new ToolkitError('GRAPH_NO_GRADIENT', `gradients: the op ${record.op.opType} (node '${record.node.name}') must never be differentiated, but it lies on the path from a trainable tensor to the loss '${loss.name}'. Make its inputs constant, or rewrite the graph with differentiable ops.`, {
          details: { op: record.op.opType, node: record.node.name },
        });
      }
      const attributes = Object.fromEntries(Object.entries(record.node.attributes).map(([key, attribute]) => [key, attribute.value]));
      const inputGrads = g.withScope(record.node.name, () => {
        const forward = recompute.viewOf(record, outputGrads, needsGrad);
        return gradient.build(g, { inputs: forward.inputs, outputs: forward.outputs, outputGrads, attributes, needsGrad });
      });
      record.inputs.forEach((input, position) => {
        const grad = inputGrads[position];
        if (input !== undefined && needsGrad[position] && grad !== undefined) add(input.name, grad);
      });
    }
    return wrt.map((x) => {
      const grad = total(x) ?? g.constantOfShape(g.shape(x), 0, x.dtype);
      return g.identity(grad, `grad/${x.name}`);
    });
  });
}
