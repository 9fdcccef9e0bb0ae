import { render } from 'ink-testing-library';
import { plainFrame } from '../__fixtures__/ink-keys.js';
import { LossChart, formatAxisValue } from './loss-chart.js';

const points = (values: readonly number[]) => values.map((y, index) => ({ x: index + 1, y }));

describe('formatAxisValue', () => {
  it('keeps axis labels short', () => {
    expect(formatAxisValue(2.345678)).toBe('2.346');
    expect(formatAxisValue(0.0123456)).toBe('0.01235');
    expect(formatAxisValue(12345)).toBe('1.2e+4');
    expect(formatAxisValue(0.0001234)).toBe('1.2e-4');
    expect(formatAxisValue(0)).toBe('0');
  });
});

describe('LossChart', () => {
  it('draws the curve with its y range and step range', () => {
    const { lastFrame } = render(<LossChart series={[{ name: 'loss', points: points([3, 2.5, 2, 1.8, 1.5]) }]} width={30} height={4} title="Training loss" />);
    const lines = plainFrame(lastFrame).split('\n');
    expect(lines[0]).toBe('Training loss');
    expect(lines[1]).toMatch(/^  3 ┤[⠀-⣿ ]+$/);
    expect(lines[4]).toMatch(/^1.5 ┤[⠀-⣿ ]+$/);
    expect(lines[5]).toMatch(/^ {4}└─+$/);
    expect(lines[6]).toMatch(/^ {5}1 +step +5$/);
    // Braille dots are drawn in the top-left and bottom-right corners: the loss falls.
    expect(lines[1]?.slice(5, 7).trim()).not.toBe('');
    expect(lines[4]?.slice(-2).trim()).not.toBe('');
    expect(lines).toHaveLength(7);
  });

  it('overlays two runs with a legend', () => {
    const { lastFrame } = render(
      <LossChart
        series={[
          { name: 'lora-a', points: points([2, 1.5, 1]) },
          { name: 'prompt-b', points: points([3, 2.8, 2.6]) },
        ]}
        width={40}
        height={3}
      />,
    );
    const frame = plainFrame(lastFrame);
    expect(frame).toContain('━ lora-a');
    expect(frame).toContain('━ prompt-b');
    expect(frame).toMatch(/^3 ┤/m);
    expect(frame).toMatch(/^1 ┤/m);
  });

  it('says when there is nothing to draw yet', () => {
    const { lastFrame } = render(<LossChart series={[{ name: 'loss', points: [] }]} width={30} height={2} />);
    expect(plainFrame(lastFrame)).toContain('no data yet');
  });
});
