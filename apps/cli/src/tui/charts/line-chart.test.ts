import { lineChartText, renderLineChart } from './line-chart.js';

const BLANK = '\u2800';

describe('renderLineChart', () => {
  it('draws a falling line from the top left to the bottom right', () => {
    const chart = renderLineChart([{ name: 'loss', points: [{ x: 0, y: 1 }, { x: 1, y: 0 }] }], { width: 2, height: 1 });
    // 4 × 4 pixels: the diagonal (0,0) (1,1) (2,2) (3,3) → cell 0 dots 1 and 5 (0x01 | 0x10), cell 1 dots 3 and 8 (0x04 | 0x80).
    expect(lineChartText(chart)).toEqual([String.fromCharCode(0x2800 + 0x11, 0x2800 + 0x84)]);
    expect(chart.xRange).toEqual([0, 1]);
    expect(chart.yRange).toEqual([0, 1]);
    expect(chart.hasData).toBe(true);
  });

  it('keeps a flat series in the middle of a padded range', () => {
    const chart = renderLineChart([{ name: 'flat', points: [{ x: 1, y: 2 }, { x: 5, y: 2 }] }], { width: 4, height: 3 });
    expect(chart.yRange[0]).toBeLessThan(2);
    expect(chart.yRange[1]).toBeGreaterThan(2);
    const text = lineChartText(chart);
    expect(text).toHaveLength(3);
    expect(text[0]?.trim()).toBe('');
    expect(text[2]?.trim()).toBe('');
    // Every column of the middle row is drawn: the line is continuous.
    expect([...(text[1] ?? '')].every((cell) => cell !== ' ' && cell !== BLANK)).toBe(true);
  });

  it('joins points so that a steep drop stays continuous', () => {
    const chart = renderLineChart([{ name: 'loss', points: [{ x: 0, y: 10 }, { x: 1, y: 0 }] }], { width: 10, height: 4 });
    const text = lineChartText(chart);
    for (const row of text) expect(row.trim()).not.toBe('');
  });

  it('skips non-finite values and reports charts without data', () => {
    const empty = renderLineChart([{ name: 'loss', points: [{ x: 1, y: Number.NaN }] }], { width: 5, height: 2 });
    expect(empty.hasData).toBe(false);
    expect(lineChartText(empty)).toEqual(['     ', '     ']);
    const withNaN = renderLineChart([{ name: 'loss', points: [{ x: 0, y: 1 }, { x: 1, y: Number.NaN }, { x: 2, y: 3 }] }], { width: 5, height: 2 });
    expect(withNaN.yRange).toEqual([1, 3]);
    expect(withNaN.xRange).toEqual([0, 2]);
  });

  it('marks the owner of each cell and mixes cells that two series share', () => {
    const rising = { name: 'a', points: [{ x: 0, y: 0 }, { x: 1, y: 1 }] };
    const flat = { name: 'b', points: [{ x: 0, y: 0 }, { x: 1, y: 0 }] };
    const chart = renderLineChart([rising, flat], { width: 8, height: 2 });
    const owners = chart.rows.flatMap((row) => row.map((segment) => segment.series));
    expect(owners).toContain(0);
    expect(owners).toContain(1);
    expect(owners).toContain('mixed');
    // Segments of a row add up to its width.
    for (const row of chart.rows) expect(row.map((segment) => [...segment.text].length).reduce((sum, length) => sum + length, 0)).toBe(8);
  });

  it('gives a single point an x axis to the next whole step', () => {
    expect(renderLineChart([{ name: 'loss', points: [{ x: 1, y: 2 }] }], { width: 4, height: 2 }).xRange).toEqual([1, 2]);
  });

  it('clamps values to a fixed y range', () => {
    const chart = renderLineChart([{ name: 'loss', points: [{ x: 0, y: 100 }, { x: 1, y: 100 }] }], { width: 3, height: 2, yRange: [0, 1] });
    const text = lineChartText(chart);
    expect(text[0]?.trim()).not.toBe('');
    expect(text[1]?.trim()).toBe('');
  });
});
