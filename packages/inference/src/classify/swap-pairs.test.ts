import { consistentPairProbabilities, findSwappedPairs } from './swap-pairs.js';

const facts = 'The facts of the case.';

describe('swapped pairs', () => {
  it('pairs cases with identical facts and swapped parties, in any order', () => {
    const cases = [
      { firstParty: 'A', secondParty: 'B', facts },
      { firstParty: 'C', secondParty: 'D', facts },
      { firstParty: 'B', secondParty: 'A', facts: `${facts} Other.` },
      undefined,
      { firstParty: 'B', secondParty: 'A', facts },
      { firstParty: 'D', secondParty: 'C', facts },
      { firstParty: 'E', secondParty: 'E', facts },
      { firstParty: 'E', secondParty: 'E', facts },
    ];
    expect(findSwappedPairs(cases)).toEqual([
      [0, 4],
      [1, 5],
      [6, 7],
    ]);
  });

  it('averages p(first party wins) with 1 − the twin’s, so the two sum to one', () => {
    // 0.8 and twin 0.4 (twin says the original's first party wins with 0.6): mean 0.7.
    const [original, swapped] = consistentPairProbabilities(0.8, 0.4);
    expect(original).toBeCloseTo(0.7, 12);
    expect(swapped).toBeCloseTo(0.3, 12);
  });
});
