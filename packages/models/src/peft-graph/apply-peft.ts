import { ToolkitError, assert } from '@causal-tune/core';
import type { GraphBuilder, Value } from '@causal-tune/graph';
import type { FloatTensor } from '../checkpoint/tensor.js';
import { formatShape, shapesEqual } from '../checkpoint/tensor.js';
import type { ModelConfig } from '../families/registry.js';
import type { ForwardHooks } from '../forward/forward-types.js';
import { PROMPT_EMBEDDINGS, resolvePromptLearningDims, validateAdapterTensors } from '../peft/adapter-tensors.js';
import { buildLoraHooks, loraGraphTargets } from './lora-graph.js';
import type { ApplyPeftOptions, ApplyPeftResult, PeftSpec } from './peft-spec.js';
import { prefixKeyValuesOf } from './prefix-key-values.js';
import { buildPrefixProjection, buildPTuningEncoder, type TensorGetter } from './prompt-encoder.js';
import { peftTrainableShapes, trainsPromptEncoder } from './trainable-shapes.js';

/**
 * Where each adapter tensor comes from: an initializer holding the adapter's values
 * (inference), or a float32 graph input of the same name (training), created on first use.
 */
function tensorGetter(g: GraphBuilder, spec: PeftSpec, shapes: ReadonlyMap<string, readonly number[]>, trainable: Map<string, Value>): TensorGetter {
  const created = new Map<string, Value>();
  return (name) => {
    const existing = created.get(name);
    if (existing) return existing;
    const shape = shapes.get(name);
    assert(shape !== undefined, () => `applyPeft asked for '${name}', which ${spec.config.peft_type} does not have.`);
    let value: Value;
    if (spec.tensors === 'trainable') {
      value = g.input(name, 'float32', shape);
      trainable.set(name, value);
    } else {
      const tensor = spec.tensors.get(name)!;
      if (!shapesEqual(tensor.shape, shape)) {
        throw new ToolkitError('MODEL_TENSOR_SHAPE_MISMATCH', `Adapter tensor '${name}' has shape ${formatShape(tensor.shape)}, but the model needs ${formatShape(shape)}.`, {
          details: { tensor: name, expected: [...shape], actual: [...tensor.shape] },
        });
      }
      value = g.initializer(name, tensor.data, shape, 'float32');
    }
    created.set(name, value);
    return value;
  };
}

/** The shapes of the tensors the graph reads: the trainable ones, or the adapter's saved ones. */
function graphTensorShapes(spec: PeftSpec, model: ModelConfig): Map<string, number[]> {
  if (spec.tensors === 'trainable') return peftTrainableShapes(spec.config, model);
  validateAdapterTensors(spec.config, spec.tensors as ReadonlyMap<string, FloatTensor>, { model });
  return new Map([...spec.tensors].map(([name, tensor]) => [name, [...tensor.shape]]));
}

/**
 * Puts a PEFT adapter on a forward graph with Python PEFT's semantics, returning the hooks for
 * `buildForward` and, for training, the trainable graph inputs:
 * - LoRA: y = base(x) + dropout(x)·Aᵀ·Bᵀ·scaling on every targeted projection (PEFT's
 *   target_modules matching, rsLoRA, rank/alpha patterns, GPT-2 Conv1D); dropout masks are
 *   inputs when training (see LoraDropout and loraDropoutFeeds).
 * - Prompt tuning: `prompt_embeddings` [V, hidden] prepended to the token embeddings.
 * - P-tuning: the virtual tokens' embeddings through PEFT's PromptEncoder (MLP, or a
 *   bidirectional LSTM + MLP) in training; the saved encoder output in inference (as PEFT's
 *   inference_mode).
 * - Prefix tuning: per-layer keys and values from `prompt_embeddings` [V, layers·2·kv_hidden]
 *   (or the prefix MLP when prefix_projection and training), in get_prompt's layout.
 * The caller extends attention mask, positions and labels for prompt learning as PEFT does:
 * see {@link extendPromptLearningBatch} and `result.layout`.
 *
 * @example
 * const adapter = await loadAdapter('runs/court/adapter', { model: model.config });
 * const g = new GraphBuilder({ name: 'predict' });
 * const inputIds = g.input('input_ids', 'int64', ['batch', 'seq']);
 * const attentionMask = g.input('attention_mask', 'int64', ['batch', 'keys']);
 * const positionIds = g.input('position_ids', 'int64', ['batch', 'queries']);
 * const { hooks } = applyPeft(g, model.config, adapter, { inputIds });
 * const weights = createWeightSource(g, model.weights);
 * const { hidden } = buildForward(g, model.config, weights, { inputIds, attentionMask, positionIds }, hooks);
 * g.output(buildLmHead(g, model.config, weights, hidden), 'logits');
 */
export function applyPeft(g: GraphBuilder, model: ModelConfig, spec: PeftSpec, options: ApplyPeftOptions = {}): ApplyPeftResult {
  const { config } = spec;
  const trainable = new Map<string, Value>();
  if (config.peft_type === 'LORA') loraGraphTargets(config, model); // refuse before adding anything to g
  const shapes = graphTensorShapes(spec, model);
  if (config.peft_type === 'PREFIX_TUNING' && options.inputIds === undefined) {
    throw new ToolkitError('USAGE_INVALID', "applyPeft: prefix tuning needs options.inputIds (the forward pass's token ids) for the batch size of its keys and values.");
  }
  const get = tensorGetter(g, spec, shapes, trainable);
  // Training: every trainable input exists now, in peftTrainableShapes order.
  if (spec.tensors === 'trainable') for (const name of shapes.keys()) get(name);
  if (config.peft_type === 'LORA') {
    const dropout = options.dropout ?? (spec.tensors === 'trainable' && config.lora_dropout > 0);
    const lora = buildLoraHooks(g, config, model, get, dropout && config.lora_dropout > 0);
    const hooks: ForwardHooks = { linear: lora.linear };
    return { hooks, trainable, layout: { kind: 'none', virtualTokens: 0 }, ...(lora.scale === undefined ? {} : { loraDropout: { ratio: config.lora_dropout, masks: lora.masks, scale: lora.scale } }) };
  }
  const dims = resolvePromptLearningDims(config, model);
  if (dims.numTransformerSubmodules !== 1) {
    throw new ToolkitError('PEFT_CONFIG_INVALID', `num_transformer_submodules is ${dims.numTransformerSubmodules}, but a decoder-only model has 1.`, { details: { numTransformerSubmodules: dims.numTransformerSubmodules } });
  }
  const training = spec.tensors === 'trainable';
  if (training && config.peft_type === 'P_TUNING' && config.encoder_reparameterization_type === 'LSTM' && config.encoder_num_layers > 1 && config.encoder_dropout > 0) {
    throw new ToolkitError('PEFT_CONFIG_INVALID', `encoder_dropout ${config.encoder_dropout} between LSTM layers is not supported in training; set encoder_dropout to 0.`, {
      details: { encoderDropout: config.encoder_dropout },
    });
  }
  // Training an encoder builds it; otherwise the flat tensor is read directly (PEFT's inference_mode).
  const embeddings = g.withScope('peft', () => {
    if (!training || !trainsPromptEncoder(config)) return get(PROMPT_EMBEDDINGS);
    return config.peft_type === 'P_TUNING' ? buildPTuningEncoder(g, config, dims, get) : buildPrefixProjection(g, config, get);
  });
  const layout = { kind: config.peft_type === 'PREFIX_TUNING' ? 'prefix' : 'prompt', virtualTokens: dims.numVirtualTokens } as const;
  if (config.peft_type === 'PREFIX_TUNING') {
    return { hooks: { prefixKeyValues: prefixKeyValuesOf(g, embeddings, dims, options.inputIds!) }, trainable, layout, promptEmbeddings: embeddings };
  }
  const prompt = g.unsqueeze(embeddings, [0]); // [1, V, hidden], broadcast over the batch
  return { hooks: { promptEmbeddings: prompt }, trainable, layout, promptEmbeddings: embeddings };
}
