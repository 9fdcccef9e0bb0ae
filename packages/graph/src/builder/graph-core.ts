import { ToolkitError, assert } from '@causal-tune/core';
import { type DType, type TensorData, byteLengthOf, dtypeOfArray, isFloatType, storageLengthOf, toTypedArray } from './dtype.js';
import type { AttributesOf, AttributeSpec, OpDefinition } from './op-definition.js';
import { type Shape, formatShape, knownSize } from './shape.js';
import type { GraphNode, Value } from './value.js';
import { identityOp } from '../ops/identity.js';
import type { GraphBuilder } from './graph-builder.js';

/** Where an initializer's bytes lie in a file (ONNX external data): read by onnxruntime, never by JavaScript. */
export interface ExternalTensorData {
  /** Absolute path of the file. Every external initializer of one graph lies in one folder (onnxruntime's rule). */
  readonly path: string;
  /** Byte offset of the first element. */
  readonly offset: number;
  /** Byte length of the data. */
  readonly length: number;
}

/** A constant tensor stored in the graph (frozen weights, constants): its values, or where they lie in a file. */
export type Initializer = {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly number[];
} & ({ readonly data: TensorData; readonly external?: undefined } | { readonly data?: undefined; readonly external: ExternalTensorData });

/**
 * Rebuilds a frozen value for the backward pass, so that the forward one need not stay alive
 * (a float32 weight cast from 16 bits, say): `anchor` is the gradient being propagated, and the
 * rebuilt nodes must depend on it so that onnxruntime runs them only then.
 */
export type RecomputeRule = (g: GraphBuilder, anchor: Value) => Value;

/** A recorded node with the definition that produced it (autodiff needs both). */
export interface NodeRecord {
  readonly node: GraphNode;
  readonly op: OpDefinition;
  readonly inputs: readonly (Value | undefined)[];
  readonly outputs: readonly Value[];
}

/** Options of {@link GraphCore.apply}. */
export interface ApplyOptions {
  /** Names for the outputs instead of generated ones. */
  readonly outputNames?: readonly string[];
  /** Output shapes when inference cannot know them (named dims such as `'seq'`). */
  readonly outputShapes?: readonly Shape[];
}

/** Options of a new graph. */
export interface GraphOptions {
  /** Graph name in the ONNX file. */
  readonly name?: string;
  /** Default-domain opset the graph is compiled for (21: blocked DequantizeLinear and 4-bit types). */
  readonly opset?: number;
}

/**
 * Records inputs, initializers, nodes and outputs. Node names are deterministic,
 * `${scope}/${OpType}_${n}`, so text dumps are stable across runs. The op methods live in
 * {@link GraphBuilder}, which extends this class.
 */
export class GraphCore {
  readonly name: string;
  readonly opset: number;
  readonly #records: NodeRecord[] = [];
  readonly #inputs: Value[] = [];
  readonly #outputs: Value[] = [];
  readonly #initializers = new Map<string, Initializer>();
  readonly #values = new Map<string, Value>();
  readonly #counters = new Map<string, number>();
  readonly #constants = new Map<string, Value>();
  readonly #scopes: string[] = [];
  readonly #recompute = new Map<string, RecomputeRule>();
  readonly #attachments = new Map<string, Map<string, unknown>>();

  constructor(options: GraphOptions = {}) {
    this.name = options.name ?? 'graph';
    this.opset = options.opset ?? 21;
  }

  /** Declares a graph input (fed at run time). */
  input(name: string, dtype: DType, shape: Shape): Value {
    const value = this.#register({ name, dtype, shape: [...shape] });
    this.#inputs.push(value);
    return value;
  }

  /** Adds a named constant tensor (a frozen weight) stored in the model file. */
  initializer(name: string, data: TensorData, shape: readonly number[], dtype?: DType): Value {
    const resolved = dtypeOfArray(data, dtype);
    const size = storageLengthOf(resolved, knownSize(shape) ?? -1);
    if (size !== data.length) {
      throw new ToolkitError('GRAPH_SHAPE_MISMATCH', `Initializer '${name}' has ${data.length} elements, but shape ${formatShape(shape)} needs ${size}.`, {
        details: { name, shape, length: data.length },
      });
    }
    // Small initializers are also kept on the value, so that shape inference can read them.
    const value = this.#register({ name, dtype: resolved, shape: [...shape], ...(data.length <= 4096 && !isFloatType(resolved) ? { constant: data } : {}) });
    this.#initializers.set(name, { name, dtype: resolved, shape: [...shape], data });
    return value;
  }

  /**
   * Adds a named constant tensor whose bytes stay in a file (a checkpoint shard, a weight cache):
   * the model refers to them as ONNX external data and onnxruntime maps or reads them itself.
   */
  externalInitializer(name: string, dtype: DType, shape: readonly number[], external: ExternalTensorData): Value {
    const size = knownSize(shape);
    const needed = size === undefined ? undefined : byteLengthOf(dtype, size);
    if (needed !== external.length) {
      throw new ToolkitError('GRAPH_SHAPE_MISMATCH', `External initializer '${name}' spans ${external.length} bytes of '${external.path}', but ${dtype}${formatShape(shape)} needs ${needed === undefined ? 'a static shape' : `${needed} bytes`}.`, {
        details: { name, shape, dtype, length: external.length },
      });
    }
    const value = this.#register({ name, dtype, shape: [...shape] });
    this.#initializers.set(name, { name, dtype, shape: [...shape], external });
    return value;
  }

  /** Registers how to rebuild `value` for the backward pass instead of keeping it (see {@link RecomputeRule}). */
  setRecompute(value: Value, rule: RecomputeRule): void {
    this.#recompute.set(value.name, rule);
  }

  /** The recompute rule of `value`, if it has one. */
  recomputeOf(value: Value): RecomputeRule | undefined {
    return this.#recompute.get(value.name);
  }

  /**
   * Attaches build-time facts to a value under `key`, for gradient builders that need more than
   * the node's inputs: a quantized weight carries the form its input gradient uses.
   */
  attach(value: Value, key: string, data: unknown): void {
    let entries = this.#attachments.get(value.name);
    if (!entries) this.#attachments.set(value.name, (entries = new Map()));
    entries.set(key, data);
  }

  /** What {@link attach} stored for `value` under `key`. */
  attachment<T>(value: Value, key: string): T | undefined {
    return this.#attachments.get(value.name)?.get(key) as T | undefined;
  }

  /**
   * A constant; small ones are shared by value so that gradients do not multiply copies.
   * Numbers become float32 unless `dtype` says otherwise; `shape` defaults to a vector, or a
   * scalar for a single number.
   */
  constant(values: number | readonly number[] | readonly bigint[] | TensorData, dtype: DType = 'float32', shape?: readonly number[]): Value {
    const list = typeof values === 'number' ? [values] : values;
    const resolvedShape = shape ?? (typeof values === 'number' ? [] : [list.length]);
    const key = list.length <= 64 ? `${dtype}|${resolvedShape.join(',')}|${Array.from(list as ArrayLike<unknown>).join(',')}` : undefined;
    const cached = key === undefined ? undefined : this.#constants.get(key);
    if (cached) return cached;
    const data = toTypedArray(list, dtype);
    const value = this.initializer(this.#uniqueName('const', 'Constant'), data, resolvedShape, dtype);
    if (key !== undefined) this.#constants.set(key, value);
    return value;
  }

  /** Marks `value` as a graph output, renamed to `name` through an Identity when needed. */
  output(value: Value, name?: string): Value {
    let result = value;
    if (name !== undefined && name !== value.name) {
      result = this.#emitIdentity(value, name);
    }
    this.#outputs.push(result);
    return result;
  }

  /** Runs `build` with node names prefixed by `scope` (`layer.0/attn/MatMul_3`). */
  withScope<T>(scope: string, build: () => T): T {
    this.#scopes.push(scope);
    try {
      return build();
    } finally {
      this.#scopes.pop();
    }
  }

  /** Applies an op: infers outputs, records the node, returns the output values. */
  apply<Spec extends AttributeSpec>(op: OpDefinition<Spec>, inputs: readonly (Value | undefined)[], attributes: AttributesOf<Spec> = {} as AttributesOf<Spec>, options: ApplyOptions = {}): Value[] {
    const outputNames = options.outputNames;
    const required = op.inputs.length - (op.optionalInputs ?? 0);
    const variadic = op.inputs.at(-1)?.startsWith('...') === true;
    assert(variadic || inputs.length <= op.inputs.length, () => `${op.opType} takes at most ${op.inputs.length} inputs, got ${inputs.length}.`);
    for (let index = 0; index < required && !variadic; index += 1) {
      assert(inputs[index] !== undefined, () => `${op.opType}: input '${op.inputs[index]}' is required.`);
    }
    for (const input of inputs) {
      if (input !== undefined) assert(this.#values.has(input.name), () => `${op.opType}: input '${input.name}' is not a value of this graph.`);
    }
    const inferred = op.inferOutputs(inputs, attributes);
    // Explicit shapes win where inference cannot see run-time values (a Reshape to a computed
    // shape, a Split by computed sizes); dtypes still come from inference.
    const infos = options.outputShapes
      ? options.outputShapes.map((shape, index) => ({ dtype: (inferred[index] ?? inferred[0]!).dtype, shape }))
      : inferred;
    const nodeName = this.#uniqueName(this.#scopes.join('/'), op.opType);
    const outputs = infos.map((info, index) =>
      this.#register({ name: outputNames?.[index] ?? (infos.length === 1 ? nodeName : `${nodeName}:${index}`), dtype: info.dtype, shape: [...info.shape] }),
    );
    const encoded: Record<string, { kind: Spec[keyof Spec]; value: NonNullable<AttributesOf<Spec>[keyof Spec]> }> = {};
    for (const [key, value] of Object.entries(attributes) as [keyof Spec & string, AttributesOf<Spec>[keyof Spec]][]) {
      const kind = op.attributes[key];
      assert(kind !== undefined, () => `${op.opType} has no attribute '${key}'.`);
      if (value !== undefined) encoded[key] = { kind, value };
    }
    const node: GraphNode = {
      name: nodeName,
      opType: op.opType,
      domain: op.domain,
      inputs: inputs.map((input) => input?.name ?? ''),
      outputs: outputs.map((output) => output.name),
      attributes: encoded,
    };
    this.#records.push({ node, op: op as unknown as OpDefinition, inputs: [...inputs], outputs });
    return outputs;
  }

  /** The recorded nodes in topological (insertion) order. */
  get records(): readonly NodeRecord[] {
    return this.#records;
  }

  get graphInputs(): readonly Value[] {
    return this.#inputs;
  }

  get graphOutputs(): readonly Value[] {
    return this.#outputs;
  }

  get initializers(): ReadonlyMap<string, Initializer> {
    return this.#initializers;
  }

  /** True when `value` is stored in the graph (a frozen weight or constant). */
  isInitializer(value: Value): boolean {
    return this.#initializers.has(value.name);
  }

  /** A value by name, or a GRAPH_INVALID error. */
  value(name: string): Value {
    const value = this.#values.get(name);
    if (!value) throw new ToolkitError('GRAPH_INVALID', `The graph '${this.name}' has no value named '${name}'.`);
    return value;
  }

  /**
   * A stable, readable dump: inputs, initializers (without data), nodes and outputs, one per
   * line. Used by snapshot tests and `--dump-graph`.
   */
  toText(): string {
    const lines = [`graph ${this.name} (opset ${this.opset})`];
    for (const input of this.#inputs) lines.push(`  input  ${input.name}: ${input.dtype}${formatShape(input.shape)}`);
    for (const init of this.#initializers.values()) lines.push(`  init   ${init.name}: ${init.dtype}${formatShape(init.shape)}${init.external ? ' (external)' : ''}`);
    for (const { node, outputs } of this.#records) {
      const attributes = Object.entries(node.attributes)
        .map(([key, attribute]) => `${key}=${JSON.stringify(attribute.value)}`)
        .join(', ');
      const shown = outputs.map((output) => `${output.name}: ${output.dtype}${formatShape(output.shape)}`).join(', ');
      lines.push(`  ${shown} = ${node.opType}(${node.inputs.join(', ')})${attributes ? ` {${attributes}}` : ''}`);
    }
    for (const output of this.#outputs) lines.push(`  output ${output.name}: ${output.dtype}${formatShape(output.shape)}`);
    return lines.join('\n');
  }

  #emitIdentity(value: Value, name: string): Value {
    const [output] = this.apply(identityOp, [value], {}, { outputNames: [name] });
    return output!;
  }

  #register(value: Value): Value {
    if (this.#values.has(value.name)) {
      throw new ToolkitError('GRAPH_INVALID', `The graph '${this.name}' already has a value named '${value.name}'. Names of inputs, initializers and outputs must be unique.`);
    }
    this.#values.set(value.name, value);
    return value;
  }

  #uniqueName(scope: string, base: string): string {
    const prefix = scope ? `${scope}/${base}` : base;
    const count = this.#counters.get(prefix) ?? 0;
    this.#counters.set(prefix, count + 1);
    return `${prefix}_${count}`;
  }
}
