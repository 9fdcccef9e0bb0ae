import { confusionMatrix } from './confusion-matrix.js';

describe('confusionMatrix', () => {
  it('counts actual rows against predicted columns, labels sorted', () => {
    expect(confusionMatrix([1, 0, 1, 1], [1, 1, 1, 0])).toEqual({ labels: [0, 1], counts: [[0, 1], [1, 2]] });
  });

  it('keeps an explicit label order, with empty rows for unseen labels', () => {
    expect(confusionMatrix([1, 1], [1, 0], [1, 0, 2])).toEqual({ labels: [1, 0, 2], counts: [[1, 1, 0], [0, 0, 0], [0, 0, 0]] });
  });

  it('refuses a label outside the explicit list', () => {
    expect(() => confusionMatrix([1, 3], [1, 1], [0, 1])).toThrow(/example 1 has actual 3/);
  });
});
