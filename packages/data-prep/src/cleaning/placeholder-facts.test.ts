import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { COURT_SAMPLE_PATH } from '../testing.js';
import { cleanFacts } from './clean-facts.js';
import { isPlaceholderFacts } from './placeholder-facts.js';

describe('isPlaceholderFacts', () => {
  it('flags exactly the three placeholder rows of the sample ("Not Available.", "Currently unknown.", "Currently unavailable.")', () => {
    const sample = parse(readFileSync(COURT_SAMPLE_PATH), { columns: true }) as Record<string, string>[];
    const flagged = sample.filter((row) => isPlaceholderFacts(cleanFacts(row.facts ?? '')));
    expect(flagged.map((row) => [row.ID, row.facts?.trim()])).toEqual([
      ['TRAIN_0630', 'Not Available.'],
      ['TRAIN_1104', 'Currently unknown.'],
      ['TRAIN_1595', 'Currently unavailable.'],
    ]);
  });

  it('ignores case, punctuation and markup, and flags empty text', () => {
    expect(isPlaceholderFacts('  <p>NOT AVAILABLE</p> ')).toBe(true);
    expect(isPlaceholderFacts('N/A')).toBe(true);
    expect(isPlaceholderFacts('')).toBe(true);
    expect(isPlaceholderFacts('The facts are not available to the public.')).toBe(false);
  });
});
