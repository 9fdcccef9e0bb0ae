import { mergeBins, renderBar, renderBarChart, renderHistogram } from './terminal-bars.js';
import { ANSI_PATTERN, createTextStyle, stripAnsi } from './text-style.js';

describe('renderBar', () => {
  it('scales to the maximum with eighth blocks', () => {
    expect(renderBar(10, 10, 4)).toBe('████');
    expect(renderBar(5, 10, 4)).toBe('██');
    expect(renderBar(1, 16, 4)).toBe('▎'); // 1/16 of 4 cells = 2 eighths
    expect(renderBar(3, 16, 1)).toBe('▎'); // 1.5 eighths rounds to 2
  });

  it('keeps small positive values visible and draws nothing for zero', () => {
    expect(renderBar(1, 1_000_000, 10)).toBe('▏');
    expect(renderBar(0, 10, 10)).toBe('');
    expect(renderBar(5, 0, 10)).toBe('');
  });
});

describe('renderBarChart', () => {
  it('draws one aligned line per category with value and share', () => {
    const lines = renderBarChart(
      [
        { label: '1', value: 1649 },
        { label: '0', value: 829 },
      ],
      { width: 40 },
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^1 │█+ +1649  66\.5%$/);
    expect(lines[1]).toMatch(/^0 │█+[▏▎▍▌▋▊▉]? + 829  33\.5%$/);
    // Every line has the same width, so the numbers line up.
    expect(new Set(lines.map((line) => [...line].length)).size).toBe(1);
    // The longer bar is about twice the shorter one.
    const bars = lines.map((line) => (line.match(/█/g) ?? []).length);
    expect(bars[0]).toBeGreaterThanOrEqual(2 * (bars[1] ?? 0) - 1);
  });

  it('colours only when asked', () => {
    const entries = [{ label: 'PER', value: 3 }];
    expect(renderBarChart(entries).join('\n')).not.toMatch(ANSI_PATTERN);
    const coloured = renderBarChart(entries, { style: createTextStyle(true) }).join('\n');
    expect(coloured).toMatch(ANSI_PATTERN);
    expect(stripAnsi(coloured)).toBe(renderBarChart(entries).join('\n'));
  });
});

describe('renderHistogram', () => {
  it('labels each bin with its edges', () => {
    const lines = renderHistogram({ binEdges: [0, 50, 100, 150], counts: [2, 6, 0] }, { width: 50 });
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^ {2}0 – {2}50 │/);
    expect(lines[1]).toMatch(/^ 50 – 100 │█+ +6 {2}75\.0%$/);
    expect(lines[2]).toMatch(/^100 – 150 │ +0 {3}0\.0%$/);
  });

  it('merges bins beyond maxRows and keeps the counts', () => {
    const counts = Array.from({ length: 30 }, (_, index) => index);
    const binEdges = Array.from({ length: 31 }, (_, index) => index * 10);
    const lines = renderHistogram({ binEdges, counts }, { maxRows: 10 });
    expect(lines).toHaveLength(10);
    const total = lines.map((line) => Number(line.trim().split(/\s+/).at(-2))).reduce((sum, value) => sum + value, 0);
    expect(total).toBe(counts.reduce((sum, value) => sum + value, 0));
    expect(lines[9]).toMatch(/^270 – 300 │/);
  });

  it('rejects inconsistent bins', () => {
    expect(() => renderHistogram({ binEdges: [0, 1], counts: [1, 2] })).toThrow(/one more bin edge/);
  });
});

describe('mergeBins', () => {
  it('sums runs of adjacent bins and keeps the outer edges', () => {
    expect(mergeBins({ binEdges: [0, 1, 2, 3, 4, 5], counts: [1, 2, 3, 4, 5] }, 2)).toEqual({
      binEdges: [0, 2, 4, 5],
      counts: [3, 7, 5],
    });
  });
});
