import type { GraphBuilder, Value } from '@causal-tune/graph';
import type { ModelConfig } from '../config/model-config.js';
import type { WeightSource } from './forward-types.js';

/** Which logits to compute: all of them is wasteful for a classifier or a masked loss. */
export interface LmHeadOptions {
  /**
   * Indices into the flattened [batch·seq'] positions whose logits are needed (int64 [n]); the
   * result is then [n, vocab]. Omit for every position: [batch, seq', vocab].
   */
  readonly positions?: Value;
  /** Token ids whose logits are needed (int64 [k]), e.g. a verbalizer's words: [..., k]. */
  readonly tokenIds?: Value;
}

/** The output head's weight name: the token embedding when tied. */
export function lmHeadWeightName(config: ModelConfig): string {
  if (!config.tieWordEmbeddings) return 'lm_head.weight';
  return config.architecture === 'gpt2' ? 'wte.weight' : 'model.embed_tokens.weight';
}

/**
 * Logits from final hidden states, computing only the rows and columns asked for: a classifier
 * reads one position and two token ids instead of the whole vocabulary at every position.
 */
export function buildLmHead(g: GraphBuilder, config: ModelConfig, weights: WeightSource, hidden: Value, options: LmHeadOptions = {}): Value {
  return g.withScope('lm_head', () => {
    let states = hidden;
    if (options.positions) {
      const flat = g.reshape(hidden, [-1, config.hiddenSize], ['positions', config.hiddenSize]);
      states = g.gather(flat, options.positions); // [n, hidden]
    }
    let weight = weights.get(lmHeadWeightName(config)); // [vocab, hidden]
    if (options.tokenIds) weight = g.gather(weight, options.tokenIds); // [k, hidden]
    // Rows already flattened: one Gemm with the transposed weight, no Transpose node (and, when
    // the weight trains, a gradient that comes out in its own [vocab, hidden] layout).
    if (states.shape.length === 2) return g.gemm(states, weight, undefined, { transB: 1 });
    return g.matMul(states, g.transpose(weight, [1, 0]));
  });
}
