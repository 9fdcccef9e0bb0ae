import { render } from 'ink-testing-library';
import { plainFrame } from '../__fixtures__/ink-keys.js';
import { ProgressBar, formatProgressBar, progressFraction } from './progress-bar.js';

describe('formatProgressBar', () => {
  it('fills eighths of cells in proportion and pads with the track', () => {
    expect(formatProgressBar(0, 10, 8)).toEqual({ bar: '', track: '░░░░░░░░', percent: '  0%' });
    expect(formatProgressBar(5, 10, 8)).toEqual({ bar: '████', track: '░░░░', percent: ' 50%' });
    expect(formatProgressBar(9, 16, 8)).toEqual({ bar: '████▌', track: '░░░', percent: ' 56%' });
    expect(formatProgressBar(10, 10, 8)).toEqual({ bar: '████████', track: '', percent: '100%' });
  });

  it('stays empty while the total is unknown and clamps overshoot', () => {
    expect(progressFraction(3, 0)).toBe(0);
    expect(progressFraction(12, 10)).toBe(1);
  });
});

describe('ProgressBar', () => {
  it('renders the bar and the percentage on one line', () => {
    const { lastFrame } = render(<ProgressBar completed={1} total={4} width={12} />);
    expect(plainFrame(lastFrame)).toBe('███░░░░░░░░░  25%');
  });
});
