import type { HostTensor } from '@causal-tune/graph';
import { createSeededRandom } from '@causal-tune/core';
import type { LoraDropout } from './peft-spec.js';

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
 * const feeds = { ...batchFeeds, ...loraDropoutFeeds(result.loraDropout!, { batch: 8, seq: 256, seed: 42, draw: step }) };
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
