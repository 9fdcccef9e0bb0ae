import { ToolkitError } from '@causal-tune/core';
import { GraphBuilder, compile, createSession, type Value } from '@causal-tune/graph';
import type { FloatTensor } from '../checkpoint/tensor.js';
import type { ModelConfig } from '../families/registry.js';
import type { AdapterConfig } from '../peft/adapter-config.js';
import { expectedAdapterTensors, PROMPT_EMBEDDINGS, resolvePromptLearningDims } from '../peft/adapter-tensors.js';
import { buildPrefixProjection, buildPTuningEncoder } from './prompt-encoder.js';
import { peftTrainableShapes, trainsPromptEncoder } from './trainable-shapes.js';

function missing(name: string): ToolkitError {
  return new ToolkitError('MODEL_TENSOR_MISSING', `The trained tensors have no '${name}'. Pass every tensor of peftTrainableShapes(config, model).`, { details: { missing: name } });
}

/**
 * The tensors PEFT saves for trained values of the trainable tensors: LoRA's A/B and the
 * `prompt_embeddings` of prompt tuning and plain prefix tuning as they are; for p-tuning and
 * prefix tuning with `prefix_projection`, the prompt encoder's output (PEFT's
 * `get_prompt_embedding_to_save`), computed by running the encoder once with onnxruntime.
 * Pass the result to `saveAdapter`.
 *
 * @example
 * await saveAdapter(dir, { config, tensors: await adapterTensorsFromTrainable(config, model.config, trained) }, { model: model.config });
 */
export async function adapterTensorsFromTrainable(config: AdapterConfig, model: ModelConfig, trainable: ReadonlyMap<string, FloatTensor>): Promise<Map<string, FloatTensor>> {
  if (!trainsPromptEncoder(config)) {
    const tensors = new Map<string, FloatTensor>();
    for (const name of expectedAdapterTensors(config, model).keys()) {
      const tensor = trainable.get(name);
      if (tensor === undefined) throw missing(name);
      tensors.set(name, tensor);
    }
    return tensors;
  }
  const shapes = peftTrainableShapes(config, model);
  const g = new GraphBuilder({ name: 'prompt-encoder' });
  const created = new Map<string, Value>();
  const get = (name: string): Value => {
    const tensor = trainable.get(name);
    if (tensor === undefined) throw missing(name);
    const value = created.get(name) ?? g.initializer(name, tensor.data, shapes.get(name) ?? tensor.shape, 'float32');
    created.set(name, value);
    return value;
  };
  const output = config.peft_type === 'P_TUNING' ? buildPTuningEncoder(g, config, resolvePromptLearningDims(config, model), get) : buildPrefixProjection(g, config, get);
  g.output(output, PROMPT_EMBEDDINGS);
  const session = await createSession(compile(g));
  try {
    const result = await session.run({});
    const tensor = result[PROMPT_EMBEDDINGS]!;
    return new Map([[PROMPT_EMBEDDINGS, { dtype: 'F32', shape: [...tensor.dims], data: Float32Array.from(tensor.data as Float32Array) }]]);
  } finally {
    await session.release();
  }
}
