import { assertSameLength } from './metric-inputs.js';

/**
 * The area under the ROC curve of a binary classifier: the probability that a random positive
 * scores above a random negative, ties counting one half (the Mann–Whitney U statistic over
 * average ranks, equal to scikit-learn's `roc_auc_score`). NaN when either class is absent, where
 * the area is undefined (scikit-learn raises there; an evaluation on a tiny split should not).
 *
 * @param actual 1 (or true) for positives, 0 (or false) for negatives.
 * @param scores any monotone score of the positive class, e.g. its probability.
 *
 * @example
 * rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 */
export function rocAuc(actual: readonly (number | boolean)[], scores: readonly number[]): number {
  assertSameLength('rocAuc', { name: 'actual', values: actual }, { name: 'scores', values: scores });
  const order = scores.map((score, index) => ({ score, positive: actual[index] === 1 || actual[index] === true })).sort((a, b) => a.score - b.score);
  const positives = order.filter((entry) => entry.positive).length;
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  let positiveRankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.score === order[start]!.score) end += 1;
    const averageRank = (start + end) / 2 + 1; // ranks are 1-based; ties share their mean rank
    for (let index = start; index <= end; index += 1) if (order[index]!.positive) positiveRankSum += averageRank;
    start = end + 1;
  }
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
