import { assert } from '@causal-tune/core';
import type { GraphBuilder, Value } from '@causal-tune/graph';
import type { ModelConfig } from '../families/registry.js';
import type { LinearModule } from '../config/weight-spec.js';
import { linearModules } from '../families/registry.js';
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

/** The output head as a linear module (its weight is the token embedding when tied). */
export function lmHeadModule(config: ModelConfig): LinearModule {
  const head = linearModules(config).find((module) => module.isOutputLayer);
  assert(head !== undefined, () => `The ${config.architecture} family lists no output head.`);
  return head;
}

/** The output head's weight name: the token embedding when tied. */
export function lmHeadWeightName(config: ModelConfig): string {
  return lmHeadModule(config).weightName;
}

/**
 * Logits from final hidden states, computing only the rows and columns asked for: a classifier
 * reads one position and two token ids instead of the whole vocabulary at every position.
 */
export function buildLmHead(g: GraphBuilder, config: ModelConfig, weights: WeightSource, hidden: Value, options: LmHeadOptions = {}): Value {
  return g.withScope('lm_head', () => {
    const head = lmHeadModule(config);
    let states = hidden;
    if (options.positions) {
      const flat = g.reshape(hidden, [-1, config.hiddenSize], ['positions', config.hiddenSize]);
      states = g.gather(flat, options.positions); // [n, hidden]
    }
    if (options.tokenIds === undefined) return weights.project(states, head);
    const rows = weights.rows(head.weightName, options.tokenIds); // [k, hidden]
    if (states.shape.length === 2) return g.gemm(states, rows, undefined, { transB: 1 });
    return g.matMul(states, g.transpose(rows, [1, 0]));
  });
}
