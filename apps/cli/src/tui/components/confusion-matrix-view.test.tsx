import { confusionMatrix } from '@causal-tune/core';
import { render } from 'ink-testing-library';
import { plainFrame } from '../__fixtures__/ink-keys.js';
import { ConfusionMatrixView, confusionMatrixLayout } from './confusion-matrix-view.js';

describe('confusionMatrixLayout', () => {
  it('marks the diagonal and computes recall per actual label', () => {
    const matrix = confusionMatrix([1, 0, 1, 1], [1, 1, 1, 0]);
    const layout = confusionMatrixLayout(matrix, { '1': 'yes', '0': 'no' });
    expect(layout.map((row) => row.map((cell) => cell.kind))).toEqual([
      ['header', 'header', 'header', 'header'],
      ['header', 'diagonal', 'off', 'blank'],
      ['header', 'off', 'diagonal', 'blank'],
    ]);
    expect(layout[1]?.map((cell) => cell.text.trim())).toEqual(['no', '0', '1', '0.0%']);
    expect(layout[2]?.map((cell) => cell.text.trim())).toEqual(['yes', '1', '2', '66.7%']);
  });
});

describe('ConfusionMatrixView', () => {
  it('renders an aligned table', () => {
    const matrix = { labels: [0, 1], counts: [[12, 3], [4, 25]] };
    const { lastFrame } = render(<ConfusionMatrixView matrix={matrix} labelNames={{ '0': 'no', '1': 'yes' }} />);
    expect(plainFrame(lastFrame)).toBe(
      [
        'actual ↓ predicted →     no    yes  recall',
        'no                       12      3   80.0%',
        'yes                       4     25   86.2%',
      ].join('\n'),
    );
  });
});
