import { createSeededRandom } from '@causal-tune/core';
import type { GraphBuilder, HostTensor, Value } from '@causal-tune/graph';
import type { LinearModule } from '../../config/weight-spec.js';

/** Prefix of the LoRA dropout keep-mask inputs: `lora_dropout_mask/<module path>`. */
export const LORA_DROPOUT_MASK_PREFIX = 'lora_dropout_mask/';

/** Name of the scalar input that scales kept LoRA inputs: 1/(1 − lora_dropout) in training, 1 to evaluate. */
export const LORA_DROPOUT_SCALE = 'lora_dropout_scale';

/**
 * LoRA dropout made reproducible and resumable: instead of onnxruntime's Dropout (whose random
 * stream restarts with every session and so cannot resume mid-run), each targeted module gets a
 * bool keep-mask input [batch, seq, in_features] that the caller fills per step from a seeded
 * PRNG ({@link loraDropoutFeeds}: the mask depends on seed, draw and module only). The module's
 * LoRA input is `x · mask · scale`, with the scalar input `scale` = 1/(1 − ratio) in training
 * (PyTorch's inverted dropout) and 1 with all-ones masks to evaluate through the same graph; one
 * mask per module, as PEFT has one `lora_dropout` module per adapted layer.
 */
export interface LoraDropout {
  readonly ratio: number;
  /** Keep-mask graph inputs by module path. */
  readonly masks: ReadonlyMap<string, Value>;
  /** The scalar scale input (`lora_dropout_scale`). */
  readonly scale: Value;
}

/** Declares the keep-mask and scale inputs of LoRA dropout for `modules`. */
export function loraDropoutInputs(g: GraphBuilder, modules: readonly LinearModule[], ratio: number): LoraDropout {
  const scale = g.input(LORA_DROPOUT_SCALE, 'float32', []);
  const masks = new Map(modules.map((module) => [module.path, g.input(`${LORA_DROPOUT_MASK_PREFIX}${module.path}`, 'bool', ['batch', 'seq', module.inFeatures])] as const));
  return { ratio, masks, scale };
}

/** Options of {@link loraDropoutFeeds}. */
export interface LoraDropoutFeedOptions {
  /** Rows and token positions of the batch the masks are for. */
  readonly batch: number;
  readonly seq: number;
  /** The run's seed. */
  readonly seed: number;
  /**
   * Which draw: the optimizer step (and micro-step, e.g. `${step}.${micro}`). The masks depend
   * on seed, draw and module only, so a resumed run draws exactly the masks it would have.
   */
  readonly draw: number | string;
  /** false: all-ones masks and scale 1 (evaluation through a training graph). Default true. */
  readonly training?: boolean;
}

/**
 * The LoRA dropout feeds of one step for the inputs of `applyPeft`'s result: keep-masks whose
 * elements are kept (1) with probability 1 − ratio, from a xoshiro128** stream per (seed, draw,
 * module path), and the scale 1/(1 − ratio) of kept inputs.
 *
 * @example
 * const feeds = { ...batchFeeds, ...result.stepInputs!.feeds({ batch: 8, seq: 256, seed: 42, draw: step, training: true }) };
 */
export function loraDropoutFeeds(dropout: LoraDropout, options: LoraDropoutFeedOptions): Record<string, HostTensor> {
  const feeds: Record<string, HostTensor> = {};
  for (const [path, input] of dropout.masks) {
    const features = input.shape[2] as number;
    const size = options.batch * options.seq * features;
    const data = new Uint8Array(size);
    if (options.training === false || dropout.ratio === 0) data.fill(1);
    else {
      const random = createSeededRandom(options.seed, `lora_dropout/${options.draw}/${path}`);
      for (let index = 0; index < size; index += 1) data[index] = random.nextFloat() >= dropout.ratio ? 1 : 0;
    }
    feeds[input.name] = { dtype: 'bool', dims: [options.batch, options.seq, features], data };
  }
  const scale = options.training === false ? 1 : 1 / (1 - dropout.ratio);
  feeds[dropout.scale.name] = { dtype: 'float32', dims: [], data: Float32Array.of(scale) };
  return feeds;
}
