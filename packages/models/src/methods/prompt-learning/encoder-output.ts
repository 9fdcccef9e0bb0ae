import { ToolkitError } from '@causal-tune/core';
import { GraphBuilder, compile, createSession, type Value } from '@causal-tune/graph';
import type { FloatTensor } from '../../checkpoint/tensor.js';
import { PROMPT_EMBEDDINGS } from './dims.js';

/** The trained tensor getter of a prompt encoder built once for its output. */
export type EncoderTensors = (name: string) => Value;

/**
 * What PEFT saves for an encoder-trained method (p-tuning, prefix projection): the encoder's
 * output, `prompt_embeddings` (PeftModel.get_prompt_embedding_to_save), computed by running the
 * encoder once with onnxruntime on the trained parameters.
 */
export async function encoderOutput(trainable: ReadonlyMap<string, FloatTensor>, shapes: ReadonlyMap<string, readonly number[]>, build: (g: GraphBuilder, get: EncoderTensors) => Value): Promise<Map<string, FloatTensor>> {
  const g = new GraphBuilder({ name: 'prompt-encoder' });
  const created = new Map<string, Value>();
  const get = (name: string): Value => {
    const tensor = trainable.get(name);
    if (tensor === undefined) throw new ToolkitError('MODEL_TENSOR_MISSING', `The trained tensors have no '${name}'. Pass every trainable tensor of the method.`, { details: { missing: name } });
    const value = created.get(name) ?? g.initializer(name, tensor.data, shapes.get(name) ?? tensor.shape, 'float32');
    created.set(name, value);
    return value;
  };
  g.output(build(g, get), PROMPT_EMBEDDINGS);
  const session = await createSession(compile(g));
  try {
    const result = await session.run({});
    const tensor = result[PROMPT_EMBEDDINGS]!;
    return new Map([[PROMPT_EMBEDDINGS, { dtype: 'F32', shape: [...tensor.dims], data: Float32Array.from(tensor.data as Float32Array) }]]);
  } finally {
    await session.release();
  }
}

/** Prefix of the prompt encoder's parameter names (PEFT's, with the adapter name removed). */
export const PROMPT_ENCODER_PREFIX = 'prompt_encoder.';

/** torch.nn.Linear weight and bias shapes of an encoder layer. */
export function linearShapes(shapes: Map<string, number[]>, name: string, inFeatures: number, outFeatures: number): void {
  shapes.set(`${PROMPT_ENCODER_PREFIX}${name}.weight`, [outFeatures, inFeatures]);
  shapes.set(`${PROMPT_ENCODER_PREFIX}${name}.bias`, [outFeatures]);
}

/** torch.nn.Linear: x·Wᵀ + b, W [out, in]. */
export function torchLinear(g: GraphBuilder, x: Value, get: EncoderTensors, name: string): Value {
  return g.add(g.matMul(x, g.transpose(get(`${PROMPT_ENCODER_PREFIX}${name}.weight`), [1, 0])), get(`${PROMPT_ENCODER_PREFIX}${name}.bias`));
}
