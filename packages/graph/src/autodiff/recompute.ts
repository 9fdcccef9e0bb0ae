import type { GraphBuilder } from '../builder/graph-builder.js';
import type { NodeRecord } from '../builder/graph-core.js';
import type { Value } from '../builder/value.js';

/** The forward values one gradient builder reads: the node's inputs and outputs. */
export interface ForwardView {
  readonly inputs: readonly (Value | undefined)[];
  readonly outputs: readonly Value[];
}

/**
 * What the backward pass reads of the forward pass, rebuilt where keeping it would cost memory:
 * - a value with a recompute rule (`g.setRecompute`: a weight dequantized or cast to float32) is
 *   rebuilt for each gradient that reads it, after that gradient's output gradient exists;
 * - with checkpoints (gradient checkpointing), the activations of a segment between two
 *   checkpoints are recomputed from the segment's input once the segment's backward starts, so
 *   only the checkpoints stay alive between the forward and backward passes. The last segment
 *   is not recomputed: its backward comes first.
 * Recomputed nodes depend on the gradient flowing in (see `GraphBuilder.after`), so onnxruntime
 * cannot run them early; their values are the forward ones, so gradients do not change.
 */
export class BackwardRecompute {
  readonly #g: GraphBuilder;
  readonly #producer = new Map<string, NodeRecord>();
  readonly #index = new Map<NodeRecord, number>();
  /** Producer index of each checkpoint, ascending (−1 for a graph input). */
  readonly #boundaries: number[];
  readonly #checkpoints: Set<string>;
  readonly #segments = new Map<number, { anchor: Value; clones: Map<string, Value> }>();
  readonly #rebuilt = new Map<string, Value>();

  constructor(g: GraphBuilder, checkpoints: readonly Value[]) {
    this.#g = g;
    g.records.forEach((record, index) => {
      this.#index.set(record, index);
      for (const output of record.outputs) this.#producer.set(output.name, record);
    });
    this.#checkpoints = new Set(checkpoints.map((value) => value.name));
    this.#boundaries = checkpoints.map((value) => this.#producerIndex(value)).sort((a, b) => a - b);
  }

  /** The values to hand the gradient builder of `record`, whose output gradients are `outputGrads`. */
  viewOf(record: NodeRecord, outputGrads: readonly (Value | undefined)[], needsGrad: readonly boolean[]): ForwardView {
    const anchor = outputGrads.find((grad): grad is Value => grad !== undefined)!;
    const segment = this.#recomputedSegment(this.#index.get(record)!);
    const state = segment === undefined ? undefined : this.#segmentState(segment, anchor);
    const map = (value: Value | undefined, position: number | null): Value | undefined => {
      if (value === undefined) return undefined;
      if (state !== undefined) return this.#clone(value, segment!, state);
      // A rebuilt weight is read only by the gradients of the node's other inputs.
      const readByGradient = position === null || needsGrad.some((needed, index) => needed && index !== position);
      return readByGradient ? this.#rebuild(value, anchor) : value;
    };
    return { inputs: record.inputs.map((input, position) => map(input, position)), outputs: record.outputs.map((output) => map(output, null)!) };
  }

  #producerIndex(value: Value): number {
    const record = this.#producer.get(value.name);
    return record === undefined ? -1 : this.#index.get(record)!;
  }

  /** The segment a record lies in when that segment is recomputed: after checkpoint s, up to checkpoint s + 1. */
  #recomputedSegment(index: number): number | undefined {
    let segment: number | undefined;
    this.#boundaries.forEach((boundary, position) => {
      if (boundary < index) segment = position;
    });
    return segment !== undefined && segment < this.#boundaries.length - 1 ? segment : undefined;
  }

  #segmentState(segment: number, anchor: Value): { anchor: Value; clones: Map<string, Value> } {
    let state = this.#segments.get(segment);
    if (state === undefined) this.#segments.set(segment, (state = { anchor, clones: new Map() }));
    return state;
  }

  #rebuild(value: Value, anchor: Value): Value {
    const rule = this.#g.recomputeOf(value);
    if (rule === undefined) return value;
    const key = `${value.name}|${anchor.name}`;
    let rebuilt = this.#rebuilt.get(key);
    if (rebuilt === undefined) this.#rebuilt.set(key, (rebuilt = rule(this.#g, anchor)));
    return rebuilt;
  }

  /** The segment's forward value `value`, recomputed from the segment's input checkpoint. */
  #clone(value: Value, segment: number, state: { anchor: Value; clones: Map<string, Value> }): Value {
    const cached = state.clones.get(value.name);
    if (cached !== undefined) return cached;
    let result: Value;
    const index = this.#producerIndex(value);
    if (this.#g.recomputeOf(value) !== undefined) result = this.#rebuild(value, state.anchor);
    else if (this.#checkpoints.has(value.name) && index === this.#boundaries[segment]) result = this.#g.after(value, state.anchor);
    else if (index <= this.#boundaries[segment]! || index > this.#boundaries[segment + 1]! || this.#checkpoints.has(value.name)) result = value;
    else {
      const record = this.#producer.get(value.name)!;
      const inputs = record.inputs.map((input) => (input === undefined ? undefined : this.#clone(input, segment, state)));
      const attributes = Object.fromEntries(Object.entries(record.node.attributes).map(([key, attribute]) => [key, attribute.value]));
      const outputs = this.#g.withScope('recompute', () => this.#g.apply(record.op, inputs, attributes, { outputShapes: record.outputs.map((output) => output.shape) }));
      record.outputs.forEach((output, position) => state.clones.set(output.name, outputs[position]!));
      result = state.clones.get(value.name)!;
    }
    state.clones.set(value.name, result);
    return result;
  }
}
