/** The fields that identify a court case and its party order. */
export interface PairableCase {
  readonly firstParty: string;
  readonly secondParty: string;
  readonly facts: string;
}

/**
 * Finds the cases that appear twice with the parties swapped (the competition's test set holds
 * all 620 of its cases that way): identical facts, and each one's first party is the other's
 * second. Returns index pairs [original, swapped] in order of first appearance; each index is in
 * at most one pair. Two rows of a case whose parties have the same name (test.csv's
 * "Egelhoff v. Egelhoff") are paired too: they are the case and its swap, whose answers must differ.
 */
export function findSwappedPairs(cases: readonly (PairableCase | undefined)[]): [number, number][] {
  const waiting = new Map<string, number[]>();
  const pairs: [number, number][] = [];
  cases.forEach((entry, index) => {
    if (entry === undefined) return;
    const twinKey = JSON.stringify([entry.facts, entry.secondParty, entry.firstParty]);
    const candidates = waiting.get(twinKey);
    if (candidates !== undefined && candidates.length > 0) {
      pairs.push([candidates.shift()!, index]);
      return;
    }
    const ownKey = JSON.stringify([entry.facts, entry.firstParty, entry.secondParty]);
    waiting.set(ownKey, [...(waiting.get(ownKey) ?? []), index]);
  });
  return pairs;
}

/**
 * Makes a pair's answers agree: p(first party wins) of the original becomes the mean of its own
 * and 1 − that of its swapped twin, and the twin's becomes 1 minus that.
 */
export function consistentPairProbabilities(original: number, swapped: number): [number, number] {
  const averaged = (original + (1 - swapped)) / 2;
  return [averaged, 1 - averaged];
}
