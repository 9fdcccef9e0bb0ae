import { isToolkitError } from '@causal-tune/core';
import { YES_NO_VERBALIZER, createVerbalizer } from './verbalizer.js';

describe('createVerbalizer', () => {
  it('defaults to 1 → "yes", 0 → "no"', () => {
    expect(YES_NO_VERBALIZER.entries).toEqual([
      { label: 1, word: 'yes' },
      { label: 0, word: 'no' },
    ]);
    expect(createVerbalizer().wordFor(0)).toBe('no');
    expect(YES_NO_VERBALIZER.labelFor(' yes\n')).toBe(1);
    expect(YES_NO_VERBALIZER.labelFor('maybe')).toBeUndefined();
  });

  it('takes named labels and integer-looking keys as integer labels', () => {
    const named = createVerbalizer({ petitioner: 'Petitioner', respondent: 'Respondent' });
    expect(named.wordFor('respondent')).toBe('Respondent');
    const numeric = createVerbalizer({ '1': 'won', '0': 'lost' });
    expect(numeric.wordFor(1)).toBe('won');
    expect(numeric.labelFor('lost')).toBe(0);
  });

  it('takes a list of entries and keeps its order', () => {
    const verbalizer = createVerbalizer([
      { label: 'b', word: 'beta' },
      { label: 'a', word: 'alpha' },
    ]);
    expect(verbalizer.entries.map((entry) => entry.label)).toEqual(['b', 'a']);
  });

  it('reports every problem at once with VERBALIZER_INVALID', () => {
    try {
      createVerbalizer([
        { label: 1, word: 'yes' },
        { label: 0, word: '  ' },
        { label: 2, word: 'yes' },
        { label: 1, word: 'maybe' },
      ]);
      throw new Error('expected a failure');
    } catch (error) {
      if (!isToolkitError(error)) throw error;
      expect(error.code).toBe('VERBALIZER_INVALID');
      expect(error.message).toContain('The verbalizer definition is invalid (3 problems)');
      expect(error.message).toContain('1.word: Expected a non-empty word.');
      expect(error.message).toContain('2.word: Word "yes" stands for two labels (entries 0 and 2)');
      expect(error.message).toContain('3.label: Label 1 is listed twice (entries 0 and 3).');
    }
  });

  it('needs two labels', () => {
    expect(() => createVerbalizer({ 1: 'yes' })).toThrow('Expected at least 2 labels to choose between, but got 1.');
    expect(() => createVerbalizer([])).toThrow(expect.objectContaining({ code: 'VERBALIZER_INVALID' }));
  });

  it('names the known labels for a label without a word', () => {
    expect(() => YES_NO_VERBALIZER.wordFor(2)).toThrow('Label 2 has no word in the verbalizer; its labels are 1, 0.');
  });
});
