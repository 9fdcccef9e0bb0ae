import { GraphBuilder, compile, createSession, gradients, type HostTensor } from '@causal-tune/graph';
import type { ModelCheckpoint } from '../checkpoint/model-weights.js';
import { decodeBfloat16, decodeFloat16 } from '../checkpoint/float-conversion.js';
import { createTinyModel } from '../factory/create-tiny-model.js';
import { buildForward } from '../forward/build-forward.js';
import { buildLmHead } from '../forward/lm-head.js';
import { createWeightSource } from '../forward/weight-sources.js';
import { parseAdapterConfig } from '../methods/adapter-files.js';
import { applyPeft } from '../methods/apply-peft.js';
import { initialPeftTensors } from '../methods/peft-tensors.js';
import { freezeWeights } from './freeze-weights.js';
import type { FrozenTensor, FrozenWeights } from './frozen-tensor.js';
import { dequantizeQ4, dequantizeQ8, transposeMatrix } from './quantize.js';
import { weightRoles } from './weight-roles.js';
import type { WeightPrecision } from './weight-precision.js';

// LoRA gradients through frozen weights in every precision equal those of float32 weights holding
// the same values (rounded or dequantized): the backward passes recast, use the transposed 8-bit
// integers, or dequantize the 4-bit blocks, and lose nothing beyond what the format itself loses.
// 8- and 4-bit products quantize activations to int8 as well (onnxruntime's accuracy level 4),
// so those gradients agree closely rather than exactly.

const LORA = { peft_type: 'LORA', r: 2, lora_alpha: 4, init_lora_weights: false, target_modules: 'all-linear' };

async function loraGradients(model: ModelCheckpoint, frozen: FrozenWeights): Promise<Float32Array> {
  const config = parseAdapterConfig(LORA);
  const g = new GraphBuilder({ name: 'precision-gradients' });
  const inputIds = g.input('input_ids', 'int64', ['batch', 'seq']);
  const attentionMask = g.input('attention_mask', 'int64', ['batch', 'keys']);
  const positionIds = g.input('position_ids', 'int64', ['batch', 'queries']);
  const peft = applyPeft(g, model.config, { config, tensors: 'trainable' }, { inputIds });
  const weights = createWeightSource(g, frozen);
  const { hidden } = buildForward(g, model.config, weights, { inputIds, attentionMask, positionIds }, peft.hooks);
  const loss = g.reduceMean(g.mul(buildLmHead(g, model.config, weights, hidden), 0.1), [], false);
  const names = [...peft.trainable.keys()];
  gradients(g, loss, names.map((name) => peft.trainable.get(name)!)).forEach((grad) => g.output(grad));
  const session = await createSession(compile(g), { intraOpNumThreads: 1 });
  const int64 = (rows: number[][]): HostTensor => ({ dtype: 'int64', dims: [rows.length, rows[0]!.length], data: BigInt64Array.from(rows.flat(), BigInt) });
  const feeds: Record<string, HostTensor> = { input_ids: int64([[5, 9, 2, 7, 1, 3]]), attention_mask: int64([[1, 1, 1, 1, 1, 1]]), position_ids: int64([[0, 1, 2, 3, 4, 5]]) };
  for (const [name, tensor] of await initialPeftTensors(config, model.config, { seed: 4 })) feeds[name] = { dtype: 'float32', dims: [...tensor.shape], data: tensor.data };
  const result = await session.run(feeds);
  await session.release();
  return Float32Array.from(names.flatMap((name) => Array.from(result[`grad/${name}`]!.data as Float32Array)));
}

/** The float32 values a frozen tensor stands for, in the checkpoint's layout. */
function valuesOf(tensor: FrozenTensor, layout: 'linear' | 'conv1d'): Float32Array {
  if (tensor.kind === 'float') {
    const data = tensor.bytes.data!;
    return tensor.dtype === 'float32' ? (data as Float32Array) : tensor.dtype === 'float16' ? decodeFloat16(data as Uint16Array) : decodeBfloat16(data as Uint16Array);
  }
  const [out, inFeatures] = tensor.shape;
  const dense = tensor.kind === 'q8'
    ? dequantizeQ8({ packed: tensor.packed.data as Uint8Array, scales: tensor.scales.data as Float32Array, rowScales: tensor.rowScales.data as Float32Array }, out, inFeatures)
    : dequantizeQ4({ packed: tensor.packed.data as Uint8Array, scales: tensor.scales.data as Float32Array }, out, inFeatures);
  return layout === 'conv1d' ? transposeMatrix(dense, out, inFeatures) : dense;
}

function relativeError(actual: Float32Array, expected: Float32Array): number {
  let difference = 0;
  let norm = 0;
  expected.forEach((value, index) => {
    difference += (actual[index]! - value) ** 2;
    norm += value ** 2;
  });
  return Math.sqrt(difference / norm);
}

const BOUND: Record<Exclude<WeightPrecision, 'fp32'>, number> = { fp16: 1e-5, bf16: 1e-5, q8: 2e-2, q4: 2e-2 };

describe('LoRA gradients through frozen weights of every precision', () => {
  it.each((['fp16', 'bf16', 'q8', 'q4'] as const).flatMap((precision) => (['llama', 'gpt2'] as const).map((architecture) => [architecture, precision] as const)))('a tiny %s at %s gets the gradients of float32 weights with the same values', async (architecture, precision) => {
    const model = createTinyModel({ architecture, seed: 6 });
    const frozen = freezeWeights(model.config, model.weights, { precision, forTraining: true });
    const roles = weightRoles(model.config);
    const equivalent = new Map([...model.weights].map(([name, tensor]) => [name, { ...tensor, data: valuesOf(frozen.tensors.get(name)!, roles.get(name)!.layout) }]));
    const reference = await loraGradients(model, freezeWeights(model.config, equivalent, { precision: 'fp32' }));
    const actual = await loraGradients(model, frozen);
    expect(relativeError(actual, reference)).toBeLessThan(BOUND[precision]);
    // The original float32 weights give measurably different gradients at 8 and 4 bits: the check sees the format.
    if (precision === 'q4') expect(relativeError(await loraGradients(model, freezeWeights(model.config, model.weights, { precision: 'fp32' })), reference)).toBeGreaterThan(1e-3);
  });

  it('refuses the backward pass through 8-bit weights frozen for inference only, naming the weight', async () => {
    const model = createTinyModel({ architecture: 'llama', seed: 6 });
    await expect(loraGradients(model, freezeWeights(model.config, model.weights, { precision: 'q8' }))).rejects.toMatchObject({ code: 'GRAPH_NO_GRADIENT', message: expect.stringContaining('/q8') });
  });
});
