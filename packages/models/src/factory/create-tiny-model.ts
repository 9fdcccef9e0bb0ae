import { ToolkitError, createSeededRandom } from '@causal-tune/core';
import type { Tokenizer } from '@causal-tune/core';
import type { FloatTensor } from '../checkpoint/tensor.js';
import { elementCount } from '../checkpoint/tensor.js';
import type { ModelCheckpoint } from '../checkpoint/model-weights.js';
import { parseModelConfig } from '../config/parse-model-config.js';
import { expectedWeights, familyNamed, familyOf, type ModelArchitecture, type ModelConfig } from '../families/registry.js';
import type { ModelPresetName } from './model-presets.js';

/** The parts of a tokenizer a new model takes its vocabulary and special ids from. */
export type TokenizerVocabulary = Pick<Tokenizer, 'vocabSize' | 'bosTokenId' | 'eosTokenId' | 'padTokenId'>;

/** Options of {@link createModelConfig} and {@link createTinyModel}. */
export interface CreateModelOptions {
  readonly architecture: ModelArchitecture;
  /** Size preset (default `tiny`); see model-presets.ts for the arithmetic. */
  readonly preset?: ModelPresetName;
  /** Seed of the weights (default 0). Same seed, same bytes. */
  readonly seed?: number;
  /** Takes bos/eos/pad ids from this tokenizer, and its vocab_size where it exceeds the preset's. */
  readonly tokenizer?: TokenizerVocabulary;
  /** config.json fields (HF names) laid over the preset, e.g. `{ model_type: 'qwen2' }`. */
  readonly configOverrides?: Readonly<Record<string, unknown>>;
}

/** The config of a preset, with tokenizer and overrides applied; allocates nothing. */
export function createModelConfig(options: CreateModelOptions): ModelConfig {
  const { architecture, preset = 'tiny', tokenizer, configOverrides = {} } = options;
  const family = familyNamed(architecture);
  if (family === undefined) throw new ToolkitError('MODEL_ARCHITECTURE_UNSUPPORTED', `There is no model family '${architecture}'.`, { details: { architecture } });
  const fields = family.presets[preset];
  if (fields === undefined) {
    const available = Object.keys(family.presets);
    throw new ToolkitError('CONFIG_INVALID', `Preset '${preset}' does not exist for architecture '${architecture}'. Use one of: ${available.join(', ')}.`, {
      details: { architecture, preset, available },
    });
  }
  const fromTokenizer: Record<string, unknown> =
    tokenizer === undefined
      ? {}
      : {
          // A tokenizer smaller than a real shape's vocabulary fits inside it (stories260K's 512
          // tokens in TinyLlama's 32,000): the shape is kept; a larger one sizes the vocabulary.
          vocab_size: Math.max(tokenizer.vocabSize, Number(fields.vocab_size ?? 0)),
          ...(tokenizer.bosTokenId === null ? {} : { bos_token_id: tokenizer.bosTokenId }),
          ...(tokenizer.eosTokenId === null ? {} : { eos_token_id: tokenizer.eosTokenId }),
          ...(tokenizer.padTokenId === null || tokenizer.padTokenId === tokenizer.eosTokenId ? {} : { pad_token_id: tokenizer.padTokenId }),
        };
  return parseModelConfig({ ...fields, ...fromTokenizer, ...configOverrides }, { source: `The '${preset}' ${architecture} preset` });
}

/**
 * The seeded random values of one tensor of `config` (its own random stream, so tensors can be
 * made one at a time), initialised as the family's transformers `_init_weights` does.
 */
export function initialTensorValues(config: ModelConfig, name: string, shape: readonly number[], seed = 0): Float32Array {
  const data = new Float32Array(elementCount(shape));
  const family = familyOf(config);
  const initializer = family.initializer(config, name);
  if (initializer.kind === 'ones') data.fill(1);
  if (initializer.kind === 'normal') createSeededRandom(seed, name).fillNormal(data, initializer.std);
  if (family.zeroesPaddingRow(config, name) && config.padTokenId !== null && config.padTokenId < config.vocabSize) {
    data.fill(0, config.padTokenId * config.hiddenSize, (config.padTokenId + 1) * config.hiddenSize);
  }
  return data;
}

/** Seeded random weights for every tensor of `config`'s weight map (one random stream per tensor). */
export function initializeWeights(config: ModelConfig, seed = 0): Map<string, FloatTensor> {
  const weights = new Map<string, FloatTensor>();
  for (const [name, shape] of expectedWeights(config)) weights.set(name, { dtype: 'F32', shape, data: initialTensorValues(config, name, shape, seed) });
  return weights;
}

/**
 * A seeded random model of a preset shape: the config plus weights initialised as transformers
 * does. `tiny` (hidden 16, 2 layers) is for tests; `gpt2-124m` and `smollm-135m` are real shapes
 * for benchmarks (about 0.5 GiB of float32 each). Same seed, byte-identical weights.
 *
 * @example
 * const model = createTinyModel({ architecture: 'llama', preset: 'tiny', seed: 1 });
 * model.config.numKeyValueHeads; // 2
 * await saveModel('out/tiny-llama', model);
 */
export function createTinyModel(options: CreateModelOptions): ModelCheckpoint {
  const config = createModelConfig(options);
  return { config, weights: initializeWeights(config, options.seed ?? 0) };
}
