import { ToolkitError, createSeededRandom } from '@causal-tune/core';
import type { Tokenizer } from '@causal-tune/core';
import type { FloatTensor } from '../checkpoint/tensor.js';
import { elementCount } from '../checkpoint/tensor.js';
import type { ModelConfig } from '../families/registry.js';
import type { AdapterConfig, LoraAdapterConfig, PromptTuningAdapterConfig } from '../peft/adapter-config.js';
import { PROMPT_EMBEDDINGS, resolvePromptLearningDims } from '../peft/adapter-tensors.js';
import { peftTrainableShapes } from './trainable-shapes.js';

// Starting values of the trainable tensors, as PEFT and PyTorch initialise them, each tensor from
// its own seeded stream (createSeededRandom(seed, name)), so a run is reproducible:
// - nn.Linear weight and bias: kaiming_uniform_(a=√5) = U(−1/√fan_in, 1/√fan_in); nn.Embedding:
//   N(0, 1); nn.LSTM: U(−1/√hidden, 1/√hidden) (torch.nn.modules reset_parameters).
// - LoRA (peft/tuners/lora/layer.py reset_lora_parameters): init_lora_weights true → A as
//   nn.Linear, B = 0; 'gaussian' → A ~ N(0, 1/r), B = 0; false → A and B as nn.Linear.
// - Prompt tuning (peft/tuners/prompt_tuning/model.py): RANDOM → N(0, 1); TEXT → the word
//   embeddings of the tokenised init text, repeated and truncated to V; SAMPLE_VOCAB → word
//   embeddings of V token ids drawn uniformly from the vocabulary.
// - Prefix tuning (peft/tuners/prefix_tuning/model.py): N(0, 1) (zeros with init_weights 'zero',
//   which with prefix_projection zeroes the last Linear instead).

/** Options of {@link initialPeftTensors} and {@link initPromptEmbeddings}. */
export interface PeftInitOptions {
  /** Seed of every random draw (default 0). */
  readonly seed?: number;
  /** The base model's token embeddings [vocab, hidden]: prompt tuning's TEXT and SAMPLE_VOCAB. */
  readonly wordEmbeddings?: FloatTensor;
  /** Tokenizes `prompt_tuning_init_text` (TEXT), with special tokens as PEFT's `tokenizer(text)`. */
  readonly tokenizer?: Pick<Tokenizer, 'encode'>;
}

function uniform(name: string, shape: readonly number[], bound: number, seed: number): FloatTensor {
  const random = createSeededRandom(seed, name);
  return { dtype: 'F32', shape: [...shape], data: Float32Array.from({ length: elementCount(shape) }, () => (2 * random.nextFloat() - 1) * bound) };
}

function normal(name: string, shape: readonly number[], std: number, seed: number): FloatTensor {
  const data = new Float32Array(elementCount(shape));
  createSeededRandom(seed, name).fillNormal(data, std);
  return { dtype: 'F32', shape: [...shape], data };
}

function zeros(shape: readonly number[]): FloatTensor {
  return { dtype: 'F32', shape: [...shape], data: new Float32Array(elementCount(shape)) };
}

/** The rows `ids` of the word embeddings [vocab, hidden], as a new [ids, hidden] tensor. */
function embeddingRows(wordEmbeddings: FloatTensor, ids: readonly number[]): FloatTensor {
  const [vocab, hidden] = wordEmbeddings.shape as [number, number];
  const data = new Float32Array(ids.length * hidden);
  ids.forEach((id, row) => {
    if (!(id >= 0 && id < vocab)) throw new ToolkitError('PEFT_CONFIG_INVALID', `Token id ${id} is outside the word embeddings (${vocab} rows).`, { details: { id, vocab } });
    data.set(wordEmbeddings.data.subarray(id * hidden, (id + 1) * hidden), row * hidden);
  });
  return { dtype: 'F32', shape: [ids.length, hidden], data };
}

/**
 * Prompt tuning's starting `prompt_embeddings` [V, hidden] by `prompt_tuning_init`: TEXT (the
 * word embeddings of `prompt_tuning_init_text` tokenised with special tokens, repeated or
 * truncated to V), SAMPLE_VOCAB (V uniformly drawn token ids, seeded) or RANDOM (N(0, 1), seeded).
 *
 * @example
 * const tensor = initPromptEmbeddings(config, model.config, { wordEmbeddings: model.weights.get('model.embed_tokens.weight'), tokenizer });
 */
export function initPromptEmbeddings(config: PromptTuningAdapterConfig, model: ModelConfig, options: PeftInitOptions = {}): FloatTensor {
  const seed = options.seed ?? 0;
  const dims = resolvePromptLearningDims(config, model);
  const total = dims.numVirtualTokens * dims.numTransformerSubmodules;
  if (config.prompt_tuning_init === 'RANDOM') return normal(PROMPT_EMBEDDINGS, [total, dims.tokenDim], 1, seed);
  const { wordEmbeddings } = options;
  if (wordEmbeddings === undefined) {
    throw new ToolkitError('PEFT_CONFIG_INVALID', `prompt_tuning_init ${config.prompt_tuning_init} needs the base model's word embeddings (options.wordEmbeddings).`, { details: { init: config.prompt_tuning_init } });
  }
  let ids: number[];
  if (config.prompt_tuning_init === 'SAMPLE_VOCAB') {
    const random = createSeededRandom(seed, 'prompt_tuning_init/SAMPLE_VOCAB');
    const vocab = wordEmbeddings.shape[0]!;
    ids = Array.from({ length: total }, () => Math.floor(random.nextFloat() * vocab));
  } else {
    if (options.tokenizer === undefined) {
      throw new ToolkitError('PEFT_CONFIG_INVALID', 'prompt_tuning_init TEXT needs a tokenizer (options.tokenizer) for prompt_tuning_init_text.', { details: { init: 'TEXT' } });
    }
    const textIds = options.tokenizer.encode(config.prompt_tuning_init_text ?? '');
    if (textIds.length === 0) throw new ToolkitError('PEFT_CONFIG_INVALID', 'prompt_tuning_init_text tokenises to no tokens; give a non-empty text.', { details: { init: 'TEXT' } });
    // PEFT: truncate, or repeat ceil(V / n) times and truncate.
    ids = Array.from({ length: total }, (_unused, index) => textIds[index % textIds.length]!);
  }
  return embeddingRows(wordEmbeddings, ids);
}

function initLora(config: LoraAdapterConfig, name: string, shape: readonly number[], seed: number): FloatTensor {
  const isA = name.endsWith('.lora_A.weight');
  const fanIn = shape[1]!;
  const init = config.init_lora_weights;
  if (init === false) return uniform(name, shape, 1 / Math.sqrt(fanIn), seed);
  if (!isA) return zeros(shape);
  if (init === true) return uniform(name, shape, 1 / Math.sqrt(fanIn), seed);
  if (init === 'gaussian') return normal(name, shape, 1 / shape[0]!, seed);
  throw new ToolkitError('PEFT_CONFIG_INVALID', `init_lora_weights '${String(init)}' is not supported; use true, false or 'gaussian'.`, { details: { initLoraWeights: init } });
}

/**
 * PyTorch's default initialisation of a prompt-encoder parameter, by its module; `fanIn` is the
 * input size of the nn.Linear it belongs to (weight and bias share the bound 1/√fan_in).
 */
function initEncoderParameter(name: string, shape: readonly number[], seed: number, fanIn: number, lstmHidden: number, zero: boolean): FloatTensor {
  if (zero) return zeros(shape);
  if (name.endsWith('embedding.weight')) return normal(name, shape, 1, seed);
  if (name.includes('.lstm_head.')) return uniform(name, shape, 1 / Math.sqrt(lstmHidden), seed);
  return uniform(name, shape, 1 / Math.sqrt(fanIn), seed);
}

/**
 * Starting values of every trainable tensor of `config` on `model` (the names and shapes of
 * {@link peftTrainableShapes}), initialised as PEFT does; same seed, same values.
 */
export function initialPeftTensors(config: AdapterConfig, model: ModelConfig, options: PeftInitOptions = {}): Map<string, FloatTensor> {
  const seed = options.seed ?? 0;
  const shapes = peftTrainableShapes(config, model);
  const tensors = new Map<string, FloatTensor>();
  if (config.peft_type === 'LORA') {
    for (const [name, shape] of shapes) tensors.set(name, initLora(config, name, shape, seed));
    return tensors;
  }
  if (config.peft_type === 'PROMPT_TUNING') return new Map([[PROMPT_EMBEDDINGS, initPromptEmbeddings(config, model, options)]]);
  const zeroInit = config.peft_type === 'PREFIX_TUNING' && (config as { init_weights?: unknown }).init_weights === 'zero';
  const lstmHidden = resolvePromptLearningDims(config, model).encoderHiddenSize;
  for (const [name, shape] of shapes) {
    if (name === PROMPT_EMBEDDINGS) {
      tensors.set(name, zeroInit ? zeros(shape) : normal(name, shape, 1, seed));
      continue;
    }
    const fanIn = shapes.get(name.replace(/\.bias$/, '.weight'))?.[1] ?? 1;
    tensors.set(name, initEncoderParameter(name, shape, seed, fanIn, lstmHidden, zeroInit && name.startsWith('prompt_encoder.transform.2.')));
  }
  return tensors;
}
