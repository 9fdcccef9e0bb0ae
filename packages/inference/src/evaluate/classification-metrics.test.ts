import type { PreparedCourtRecord } from '@causal-tune/data-prep';
import { YES_NO_VERBALIZER } from '@causal-tune/prompts';
import type { Classification, ClassifyResult } from '../classify/classify.js';
import { classificationMetrics } from './classification-metrics.js';

function courtItem(index: number, probability: number): Classification {
  const winner = probability >= 0.5 ? 1 : 0;
  return { index, label: winner, word: winner ? 'yes' : 'no', probabilities: { '1': probability, '0': 1 - probability }, labelMass: 0.5, promptTokens: 10, prompt: 'p', truncatedCharacters: 0, court: { askedAbout: 'first_party', party: 'A', firstPartyWinner: winner, firstPartyWinProbability: probability } };
}

function result(items: Classification[]): ClassifyResult {
  return { labels: YES_NO_VERBALIZER.entries, items, truncatedPrompts: 0, pairs: 0, durationMs: 1 };
}

const record = (index: number, label: 0 | 1) => ({ row: index + 1, id: `TRAIN_${index}`, firstParty: 'A', secondParty: 'B', facts: 'f', firstPartyWinner: label }) as unknown as PreparedCourtRecord;

describe('classificationMetrics', () => {
  it('scores court decisions on first_party_winner, by hand', () => {
    // actual 1 1 0 0, p(first wins) 0.9 0.4 0.6 0.2 → predicted 1 0 1 0.
    const records = [record(0, 1), record(1, 1), record(2, 0), record(3, 0)];
    const metrics = classificationMetrics(records, result([courtItem(0, 0.9), courtItem(1, 0.4), courtItem(2, 0.6), courtItem(3, 0.2)]), YES_NO_VERBALIZER);
    expect(metrics.examples).toBe(4);
    expect(metrics.accuracy).toBe(0.5);
    expect(metrics.confusionMatrix).toEqual({ labels: [0, 1], counts: [[1, 1], [1, 1]] });
    expect(metrics.macroF1).toBeCloseTo(0.5, 12);
    // Positives 0.9, 0.4 vs negatives 0.6, 0.2: pairs won 2 + 1 of 4.
    expect(metrics.rocAuc).toBe(0.75);
    // Confidences 0.9 ✓, 0.6 ✗, 0.6 ✗, 0.8 ✓: bins (0.8,0.9] |1−0.9|, (0.5,0.6] |0−0.6|·2, (0.7,0.8] |1−0.8| → (0.1 + 1.2 + 0.2) / 4.
    expect(metrics.expectedCalibrationError).toBeCloseTo(1.5 / 4, 12);
    // Every question here is about the first party, so the question-level scores are the same.
    expect(metrics.byQuestion).toEqual({ accuracy: 0.5, macroF1: expect.closeTo(0.5, 12), rocAuc: 0.75 });
  });

  it('scores Alpaca records by their output word and refuses unlabelled inputs', () => {
    const records = [{ row: 1, instruction: 'q', input: '', output: 'yes' }, { row: 2, instruction: 'q', input: '', output: 'no' }];
    const items = [courtItem(0, 0.7), courtItem(1, 0.8)].map((item) => ({ ...item, court: undefined }));
    const metrics = classificationMetrics(records, result(items), YES_NO_VERBALIZER);
    expect(metrics.accuracy).toBe(0.5);
    expect(metrics.rocAuc).toBe(0);
    expect(() => classificationMetrics([{ row: 3, instruction: 'q', input: '', output: 'maybe' }], result([items[0]!]), YES_NO_VERBALIZER)).toThrow(/row 3 has output "maybe"/);
    expect(() => classificationMetrics(['prompt'], result([items[0]!]), YES_NO_VERBALIZER)).toThrow(expect.objectContaining({ code: 'DATA_RECORD_INVALID' }));
  });
});
