import type { GraphBuilder, Value } from '@causal-tune/graph';

/**
 * Weighted cross-entropy of chosen rows: −Σᵢ wᵢ · log softmax(logitsᵢ)[targetᵢ].
 * logits [n, classes], targets int64 [n], weights float [n]. Every loss of the method is this
 * sum with different weights, computed in JavaScript (see loss-targets.ts): 1/N for the token
 * mean, α(1 + keys)/(tokens · examples) for the key-token weighted loss, class weights on top.
 */
export function weightedCrossEntropy(g: GraphBuilder, logits: Value, targets: Value, weights: Value): Value {
  return g.withScope('loss', () => {
    const logProbabilities = g.logSoftmax(logits, -1); // [n, classes]
    const picked = g.squeeze(g.gatherElements(logProbabilities, g.unsqueeze(targets, [1]), 1), [1]); // [n]
    return g.neg(g.reduceSum(g.mul(picked, weights), [], false));
  });
}
