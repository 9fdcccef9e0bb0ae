import type { GraphBuilder } from '@causal-tune/graph';
import type { z } from 'zod';
import type { BaseModelConfig } from '../config/model-config.js';
import type { LinearModule } from '../config/weight-spec.js';
import type { ForwardHooks, ForwardInputs, ForwardOutputs, WeightSource } from '../forward/forward-types.js';

/** How a freshly made model fills one tensor (transformers' `_init_weights` of the family). */
export type TensorInitializer = { readonly kind: 'normal'; readonly std: number } | { readonly kind: 'ones' } | { readonly kind: 'zeros' };

/** A preset's config.json fields (HF names), parsed by the family like a real checkpoint's. */
export type HfConfigFields = Readonly<Record<string, unknown>>;

/**
 * Everything causal-tune knows about one architecture family, in its folder
 * (`families/<architecture>/`), listed once in `families/registry.ts`: reading and writing its
 * config.json, its weight map, its forward pass, its head and its initialisation. The rest of
 * the toolkit (checkpoint IO, frozen weights, PEFT methods, trainer, inference) reads models
 * only through this descriptor. docs/contributing/add-a-model-family.md is the checklist.
 */
export interface ModelFamily<C extends BaseModelConfig = BaseModelConfig> {
  /** The family's name: `ModelConfig.architecture`, `ctune model init --arch`. */
  readonly architecture: C['architecture'];
  /** HF `model_type`s this family builds (config.json's model_type). */
  readonly modelTypes: readonly C['modelType'][];
  /** Checkpoints it reads, for messages (`GPT-2`, `LLaMA, TinyLlama, SmolLM, Mistral, Qwen2`). */
  readonly examples: string;
  /** The normalised camelCase config (every field described). */
  readonly configSchema: z.ZodType<C>;
  /**
   * Validates a config.json object (all problems at once, `CONFIG_INVALID`) and normalises it; a
   * field it cannot honour is `MODEL_CONFIG_UNSUPPORTED` naming the field, never ignored.
   */
  parseHfConfig(raw: unknown, source: string): C;
  /** The config.json that transformers reads back into the same model (and parseHfConfig into `config`). */
  toHfConfig(config: C): Record<string, unknown>;
  /** Every tensor a checkpoint holds, canonical name -> shape, in a stable order (embeddings, layers, head). */
  expectedWeights(config: C): Map<string, number[]>;
  /**
   * The linear projections (PEFT's targets) in model order, the output head last. The head's
   * `weightName` is the token embedding when the head is tied (`tieWordEmbeddings`); its `layout`
   * says whether weights are stored [out, in] or, like GPT-2's Conv1D, [in, out] (PEFT's fan_in_fan_out).
   */
  linearModules(config: C): LinearModule[];
  /** The token embedding table's canonical name (prompt tuning's TEXT and SAMPLE_VOCAB starts read rows of it). */
  tokenEmbeddingName(config: C): string;
  /** Maps a checkpoint tensor name to its canonical name (`transformer.h.0...` -> `h.0...`). */
  canonicalWeightName(name: string): string;
  /** Buffers that some checkpoints store but that are not weights (dropped silently). */
  isIgnoredTensor(canonicalName: string): boolean;
  /** The decoder's forward pass: final normalised hidden states, the key/value cache, each layer's input. */
  buildForward(g: GraphBuilder, config: C, weights: WeightSource, inputs: ForwardInputs, hooks: ForwardHooks): ForwardOutputs;
  /** How a new model's tensor starts (createTinyModel, `ctune model init`). */
  initializer(config: C, name: string): TensorInitializer;
  /** Whether a tensor's row `padTokenId` is zeroed at initialisation (nn.Embedding's padding_idx). */
  zeroesPaddingRow(config: C, name: string): boolean;
  /** Size presets in config.json fields; the arithmetic of each is written beside it. */
  readonly presets: Readonly<Record<string, HfConfigFields>>;
}
