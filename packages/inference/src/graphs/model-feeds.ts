import type { HostTensor } from '@causal-tune/graph';
import { virtualTokensOf, type SequenceLayout } from '@causal-tune/models';
import { VIRTUAL_TOKENS, pastNames } from './generation-graph.js';

/** What the model graph's cache inputs need to know. */
export interface CacheShape {
  readonly layers: number;
  readonly keyValueHeads: number;
  readonly headDim: number;
}

/** Empty past keys and values for every layer (a first step, or a forward pass without a cache). */
export function emptyPast(shape: CacheShape, batch: number): Record<string, HostTensor> {
  const feeds: Record<string, HostTensor> = {};
  const empty: HostTensor = { dtype: 'float32', dims: [batch, shape.keyValueHeads, 0, shape.headDim], data: new Float32Array(0) };
  for (let layer = 0; layer < shape.layers; layer += 1) {
    const names = pastNames(layer);
    feeds[names.key] = empty;
    feeds[names.value] = empty;
  }
  return feeds;
}

/**
 * The virtual_tokens feed of prompt-learning graphs: all of them when the run starts from the
 * prompt, none on cached steps (the cache holds them); nothing for other layouts.
 */
export function virtualTokensFeed(layout: SequenceLayout, fromPrompt: boolean): Record<string, HostTensor> {
  if (layout.kind !== 'prompt') return {};
  return { [VIRTUAL_TOKENS]: { dtype: 'int64', dims: [1], data: BigInt64Array.of(BigInt(fromPrompt ? virtualTokensOf(layout) : 0)) } };
}
