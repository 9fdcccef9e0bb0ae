import type { CourtRecord } from '@causal-tune/data-prep';
import { formatSubmission, type ClassifyResult } from '@causal-tune/inference';
import { csvHeader, csvLines, jsonLine, type ResultRow } from './result-rows.js';

describe('result rows', () => {
  it("writes the CSV byte for byte as inference's formatSubmission (quotes, commas, CR, unicode)", () => {
    const ids = ['TEST_0000', 'has,comma', 'has "quote"', 'has\rreturn', 'has\nnewline', 'ünïcode ✓', ' spaced '];
    const records = ids.map((id, index) => ({ row: index + 1, id, firstParty: 'A', secondParty: 'B', facts: 'F' })) as CourtRecord[];
    const winners = ids.map((_, index) => (index % 2) as 0 | 1);
    const result = { items: winners.map((winner) => ({ court: { firstPartyWinner: winner, firstPartyWinProbability: winner } })) } as unknown as ClassifyResult;
    const rows: ResultRow[] = ids.map((id, index) => ({ index, id, firstPartyWinner: winners[index]!, probability: winners[index]!, askedAbout: 'first_party', label: winners[index]!, word: 'yes', probabilities: {} }));
    const ours = csvHeader('court') + csvLines(rows.slice(0, 3)) + csvLines(rows.slice(3));
    expect(ours).toBe(formatSubmission(records, result));
  });

  it('gives a JSON line with the label-word probabilities', () => {
    const line = jsonLine({ index: 0, id: 'T1', firstPartyWinner: 1, probability: 0.7, askedAbout: 'first_party', label: 1, word: 'yes', probabilities: { '1': 0.7, '0': 0.3 } });
    expect(JSON.parse(line)).toEqual({ id: 'T1', first_party_winner: 1, probability: 0.7, asked_about: 'first_party', label: 1, word: 'yes', probabilities: { '1': 0.7, '0': 0.3 } });
    expect(line.endsWith('\n')).toBe(true);
  });

  it('writes instruction rows as row,label', () => {
    expect(csvHeader('instruction') + csvLines([{ index: 0, row: 1, label: 'positive', word: 'positive', probabilities: {} }])).toBe('row,label\n1,positive\n');
  });
});
