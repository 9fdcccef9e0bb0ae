import { ToolkitError } from '@causal-tune/core';
import { MATMUL_N_BITS_INPUT_GRADIENT, type DType, type GraphBuilder, type MatMulNBitsInputGradient, type Value } from '@causal-tune/graph';
import type { FloatTensor } from '../checkpoint/tensor.js';
import { formatShape } from '../checkpoint/tensor.js';
import type { LinearModule } from '../config/weight-spec.js';
import type { FrozenFloatTensor, FrozenQ4Tensor, FrozenQ8Tensor, FrozenTensor, FrozenWeights, TensorBytes } from '../weights/frozen-tensor.js';
import { blocksOf } from '../weights/quantize.js';
import { Q4_BLOCK_SIZE, Q8_BLOCK_SIZE } from '../weights/weight-precision.js';
import type { WeightSource } from './forward-types.js';

/** Options of {@link createWeightSource}. */
export interface WeightSourceOptions {
  /**
   * Weights fed at run time as float32 graph inputs of the same name (full fine-tuning), with
   * their shapes; all others are frozen.
   */
  readonly trainable?: ReadonlyMap<string, readonly number[]> | ReadonlySet<string>;
}

/** int8 products (MLAS SQNBitGemm): activations are quantized per block too. */
const ACCURACY_LEVEL = 4;

function asFrozen(weights: FrozenWeights | ReadonlyMap<string, FloatTensor>): ReadonlyMap<string, FrozenTensor> {
  if (!(weights instanceof Map)) return (weights as FrozenWeights).tensors;
  const tensors = new Map<string, FrozenTensor>();
  for (const [name, tensor] of weights as ReadonlyMap<string, FloatTensor>) tensors.set(name, { kind: 'float', dtype: 'float32', shape: tensor.shape, bytes: { data: tensor.data } });
  return tensors;
}

/**
 * Where the forward graph gets each weight, in the form its precision keeps it (see
 * FrozenWeights): float32, or 16-bit cast to float32 just in time for each product (never folded
 * into a float32 copy), or 8/4-bit through onnxruntime's MatMulNBits. Frozen tensors become
 * initializers the first time the graph asks for them (file-backed ones as external data, so
 * onnxruntime reads them from their files); trainable ones are float32 graph inputs.
 *
 * Backward passes read frozen weights again instead of keeping float32 copies alive: each product's
 * input gradient recasts (16-bit), uses the transposed 8-bit integers (q8, exact) or dequantizes
 * the 4-bit blocks (q4, exact) after its output gradient exists.
 */
export function createWeightSource(g: GraphBuilder, weights: FrozenWeights | ReadonlyMap<string, FloatTensor>, options: WeightSourceOptions = {}): WeightSource & { readonly inputs: ReadonlyMap<string, Value> } {
  const frozen = asFrozen(weights);
  const inputs = new Map<string, Value>();
  const created = new Map<string, Value>();
  const trainableShapes = options.trainable instanceof Map ? options.trainable : undefined;
  const isTrainable = (name: string) => options.trainable?.has(name) === true;

  const tensorOf = (name: string): FrozenTensor => {
    const tensor = frozen.get(name);
    if (!tensor) throw new ToolkitError('MODEL_TENSOR_MISSING', `The forward graph needs the tensor '${name}', but the loaded weights do not have it.`, { details: { tensor: name } });
    return tensor;
  };
  /** An initializer over one part of a tensor, created once per name. */
  const part = (name: string, dtype: DType, shape: readonly number[], bytes: TensorBytes): Value => {
    let value = created.get(name);
    if (value === undefined) {
      value = bytes.data !== undefined ? g.initializer(name, bytes.data, shape, dtype) : g.externalInitializer(name, dtype, shape, bytes.external);
      created.set(name, value);
    }
    return value;
  };
  const shared = (key: string, make: () => Value): Value => {
    let value = created.get(key);
    if (value === undefined) created.set(key, (value = make()));
    return value;
  };
  const trainableInput = (name: string): Value => {
    let value = inputs.get(name);
    if (value === undefined) {
      const shape = trainableShapes?.get(name) ?? (frozen.get(name) as FrozenFloatTensor | undefined)?.shape;
      if (shape === undefined) throw new ToolkitError('MODEL_TENSOR_MISSING', `The trainable weight '${name}' has no shape.`, { details: { tensor: name } });
      value = g.input(name, 'float32', shape);
      inputs.set(name, value);
    }
    return value;
  };
  const floatTensor = (name: string, purpose: string): FrozenFloatTensor => {
    const tensor = tensorOf(name);
    if (tensor.kind !== 'float') {
      throw new ToolkitError('MODEL_PRECISION_UNSUPPORTED', `The weight '${name}' is ${tensor.kind}-quantized, but ${purpose} needs it as floats.`, { details: { tensor: name, kind: tensor.kind } });
    }
    return tensor;
  };
  const floatPart = (name: string, tensor: FrozenFloatTensor) => part(name, tensor.dtype, tensor.shape, tensor.bytes);

  /** The float32 weight of a float tensor for a product: folded once (float32, castOnLoad) or cast just in time after `anchor`. */
  const productWeight = (name: string, anchor: Value): Value => {
    if (isTrainable(name)) return trainableInput(name);
    const tensor = floatTensor(name, 'this product');
    const stored = floatPart(name, tensor);
    const justInTime = (after: Value) => g.cast(g.after(stored, after), 'float32');
    let weight: Value;
    if (tensor.dtype === 'float32') weight = stored;
    else if (tensor.castOnLoad) weight = shared(`${name}/float32`, () => g.cast(stored, 'float32'));
    else weight = justInTime(anchor);
    // The backward pass reads the weight afresh: no second prepacked copy, no float32 copy kept alive.
    g.setRecompute(weight, (_builder, later) => (tensor.dtype === 'float32' ? g.after(stored, later) : justInTime(later)));
    return weight;
  };

  const floatProduct = (x: Value, module: LinearModule): Value => {
    const inFeatures = module.inFeatures;
    const rank = x.shape.length;
    const flat = rank === 2 ? x : g.reshape(x, [-1, inFeatures], ['tokens', inFeatures]);
    const y = g.gemm(flat, productWeight(module.weightName, flat), undefined, { transB: module.layout === 'linear' ? 1 : 0 });
    if (rank === 2) return y;
    const outer = g.slice(g.shape(x), [0], [rank - 1]);
    return g.reshape(y, g.concat([outer, g.constant([module.outFeatures], 'int64')], 0), [...x.shape.slice(0, -1), module.outFeatures]);
  };

  const q8Product = (x: Value, name: string, tensor: FrozenQ8Tensor): Value => {
    const [out, inFeatures] = tensor.shape;
    const blocks = blocksOf(inFeatures, Q8_BLOCK_SIZE);
    const packed = part(`${name}/q8`, 'uint8', [out, blocks, Q8_BLOCK_SIZE], tensor.packed);
    const scales = part(`${name}/q8.scales`, 'float32', [out * blocks], tensor.scales);
    if (tensor.transposed !== undefined) {
      const transposedBytes = tensor.transposed;
      // dX = dY · diag(s) · Q exactly: the integers transposed, the scales moved to dY, unit block scales.
      const rule: MatMulNBitsInputGradient = (builder, dy) => {
        const outBlocks = blocksOf(out, Q8_BLOCK_SIZE);
        const transposed = part(`${name}/q8.transposed`, 'uint8', [inFeatures, outBlocks, Q8_BLOCK_SIZE], transposedBytes);
        const ones = shared(`q8.unit_scales/${inFeatures * outBlocks}`, () => builder.initializer(`q8.unit_scales/${inFeatures * outBlocks}`, new Float32Array(inFeatures * outBlocks).fill(1), [inFeatures * outBlocks]));
        const scaled = builder.mul(dy, part(`${name}/q8.row_scales`, 'float32', [out], tensor.rowScales));
        return builder.matMulNBits(scaled, transposed, ones, { K: out, N: inFeatures, bits: 8, block_size: Q8_BLOCK_SIZE, accuracy_level: ACCURACY_LEVEL });
      };
      g.attach(packed, MATMUL_N_BITS_INPUT_GRADIENT, rule);
    }
    return g.matMulNBits(x, packed, scales, { K: inFeatures, N: out, bits: 8, block_size: Q8_BLOCK_SIZE, accuracy_level: ACCURACY_LEVEL });
  };

  const q4Product = (x: Value, name: string, tensor: FrozenQ4Tensor): Value => {
    const [out, inFeatures] = tensor.shape;
    const blocks = blocksOf(inFeatures, Q4_BLOCK_SIZE);
    const packed = part(`${name}/q4`, 'uint8', [out, blocks, Q4_BLOCK_SIZE / 2], tensor.packed);
    const scales = part(`${name}/q4.scales`, 'float32', [out * blocks], tensor.scales);
    // dX = dY · W with W dequantized again from the same bytes (read as uint4) for this step only.
    const rule: MatMulNBitsInputGradient = (builder, dy) => {
      const view = part(`${name}/q4.uint4`, 'uint4', [out, blocks * Q4_BLOCK_SIZE], tensor.packed);
      const zero = shared(`q4.zero_points/${out}x${blocks}`, () => builder.initializer(`q4.zero_points/${out}x${blocks}`, new Uint8Array(Math.ceil((out * blocks) / 2)).fill(0x88), [out, blocks], 'uint4'));
      // The scales again as [out, blocks] (the same bytes), anchored so the dequantization waits for dY.
      const blockScales = builder.after(part(`${name}/q4.block_scales`, 'float32', [out, blocks], tensor.scales), dy);
      let dense = builder.dequantizeLinear(view, blockScales, zero, { axis: 1, blockSize: Q4_BLOCK_SIZE }); // [out, padded in]
      if (blocks * Q4_BLOCK_SIZE !== inFeatures) dense = builder.slice(dense, [0], [inFeatures], [1]);
      return builder.matMul(dy, dense);
    };
    g.attach(packed, MATMUL_N_BITS_INPUT_GRADIENT, rule);
    return g.matMulNBits(x, packed, scales, { K: inFeatures, N: out, bits: 4, block_size: Q4_BLOCK_SIZE, accuracy_level: ACCURACY_LEVEL });
  };

  /** An 8-bit weight dequantized: (q − 128) · rowScale per output row, [out, in]; `packed` already anchored. */
  const q8Dense = (builder: GraphBuilder, name: string, tensor: FrozenQ8Tensor, anchor: Value): Value => {
    const [out, inFeatures] = tensor.shape;
    const blocks = blocksOf(inFeatures, Q8_BLOCK_SIZE);
    // One Reshape to [out, blocks·128] through a shape known only at run time (as `after` does):
    // onnxruntime's reshape fusion fails on `after`'s Reshape followed by a second one.
    const zero = builder.mul(builder.size(anchor), 0);
    const flatShape = builder.add(builder.constant([out, blocks * Q8_BLOCK_SIZE], 'int64'), zero);
    const packed = builder.reshape(part(`${name}/q8`, 'uint8', [out, blocks, Q8_BLOCK_SIZE], tensor.packed), flatShape, [out, blocks * Q8_BLOCK_SIZE]);
    const integers = builder.sub(builder.cast(packed, 'float32'), 128);
    const values = builder.mul(integers, builder.unsqueeze(part(`${name}/q8.row_scales`, 'float32', [out], tensor.rowScales), [1]));
    return blocks * Q8_BLOCK_SIZE === inFeatures ? values : builder.slice(values, [0], [inFeatures], [1]);
  };
  /** A 4-bit weight dequantized from its blocks (as the q4 input gradient does), [out, in]. */
  const q4Dense = (builder: GraphBuilder, name: string, tensor: FrozenQ4Tensor, anchor: Value): Value => {
    const [out, inFeatures] = tensor.shape;
    const blocks = blocksOf(inFeatures, Q4_BLOCK_SIZE);
    const view = part(`${name}/q4.uint4`, 'uint4', [out, blocks * Q4_BLOCK_SIZE], tensor.packed);
    const zero = shared(`q4.zero_points/${out}x${blocks}`, () => builder.initializer(`q4.zero_points/${out}x${blocks}`, new Uint8Array(Math.ceil((out * blocks) / 2)).fill(0x88), [out, blocks], 'uint4'));
    const blockScales = builder.after(part(`${name}/q4.block_scales`, 'float32', [out, blocks], tensor.scales), anchor);
    const dense = builder.dequantizeLinear(view, blockScales, zero, { axis: 1, blockSize: Q4_BLOCK_SIZE });
    return blocks * Q4_BLOCK_SIZE === inFeatures ? dense : builder.slice(dense, [0], [inFeatures], [1]);
  };
  /** The float32 weight [out, in] of a module, built after `anchor`. */
  const denseAfter = (builder: GraphBuilder, module: LinearModule, anchor: Value): Value => {
    const name = module.weightName;
    const inLinearLayout = (weight: Value) => (module.layout === 'conv1d' ? builder.transpose(weight, [1, 0]) : weight);
    if (isTrainable(name)) return inLinearLayout(trainableInput(name));
    const tensor = tensorOf(name);
    if (tensor.kind === 'q8') return q8Dense(builder, name, tensor, anchor);
    if (tensor.kind === 'q4') return q4Dense(builder, name, tensor, anchor);
    const stored = floatPart(name, tensor);
    // castOnLoad: onnxruntime keeps one folded float32 copy for the products; read that one.
    if (tensor.castOnLoad) return inLinearLayout(shared(`${name}/float32`, () => g.cast(stored, 'float32')));
    const anchored = builder.after(stored, anchor);
    return inLinearLayout(tensor.dtype === 'float32' ? anchored : builder.cast(anchored, 'float32'));
  };

  return {
    inputs,
    dense(module, after) {
      const weight = denseAfter(g, module, after);
      // A materialized copy (cast, dequantized, transposed) is built again from the stored bytes
      // for the backward pass rather than kept; a view of a stored or trainable tensor is not a copy.
      const tensor = isTrainable(module.weightName) ? undefined : tensorOf(module.weightName);
      const view = module.layout === 'linear' && (tensor === undefined || (tensor.kind === 'float' && (tensor.dtype === 'float32' || tensor.castOnLoad === true)));
      if (!view) g.setRecompute(weight, (builder, later) => denseAfter(builder, module, later));
      return weight;
    },
    get(name) {
      if (isTrainable(name)) return trainableInput(name);
      const tensor = floatTensor(name, 'reading it whole');
      const stored = floatPart(name, tensor);
      return tensor.dtype === 'float32' ? stored : g.cast(stored, 'float32');
    },
    rows(name, ids) {
      if (isTrainable(name)) return g.gather(trainableInput(name), ids);
      const tensor = tensorOf(name);
      if (tensor.kind === 'float') {
        const gathered = g.gather(floatPart(name, tensor), ids);
        return tensor.dtype === 'float32' ? gathered : g.cast(gathered, 'float32');
      }
      if (tensor.kind === 'q4') throw new ToolkitError('MODEL_PRECISION_UNSUPPORTED', `Rows of the 4-bit weight '${name}' cannot be read; causal-tune keeps tables read by rows at 8 bits or more.`, { details: { tensor: name } });
      // 8 bits: the rows' integers, dequantized with their channels' scales.
      const [out, inFeatures] = tensor.shape;
      const blocks = blocksOf(inFeatures, Q8_BLOCK_SIZE);
      const packed = part(`${name}/q8`, 'uint8', [out, blocks, Q8_BLOCK_SIZE], tensor.packed);
      const gathered = g.gather(packed, ids); // [...ids, blocks, 128]
      const flatShape = g.concat([g.shape(ids), g.constant([blocks * Q8_BLOCK_SIZE], 'int64')], 0);
      const integers = g.sub(g.cast(g.reshape(gathered, flatShape, [...ids.shape, blocks * Q8_BLOCK_SIZE]), 'float32'), 128);
      const rowScales = g.unsqueeze(g.gather(part(`${name}/q8.row_scales`, 'float32', [out], tensor.rowScales), ids), [-1]);
      const values = g.mul(integers, rowScales);
      return blocks * Q8_BLOCK_SIZE === inFeatures ? values : g.slice(values, [0], [inFeatures], [-1]);
    },
    project(x, module) {
      const name = module.weightName;
      const tensor = isTrainable(name) ? undefined : tensorOf(name);
      if (tensor === undefined || tensor.kind === 'float') return floatProduct(x, module);
      if (tensor.shape[0] !== module.outFeatures || tensor.shape[1] !== module.inFeatures) {
        throw new ToolkitError('MODEL_TENSOR_SHAPE_MISMATCH', `The quantized weight '${name}' is ${formatShape(tensor.shape)}, but '${module.path}' maps ${module.inFeatures} to ${module.outFeatures} features.`, { details: { tensor: name } });
      }
      return tensor.kind === 'q8' ? q8Product(x, name, tensor) : q4Product(x, name, tensor);
    },
  };
}
