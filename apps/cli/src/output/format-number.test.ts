import { formatCompact, formatDuration, formatPercent, formatScientific } from './format-number.js';

describe('number formatting', () => {
  it('compacts counts and rates', () => {
    expect(formatCompact(0)).toBe('0');
    expect(formatCompact(3.46)).toBe('3.5');
    expect(formatCompact(412)).toBe('412');
    expect(formatCompact(999)).toBe('999');
    expect(formatCompact(1234)).toBe('1.2k');
    expect(formatCompact(35_400)).toBe('35k');
    expect(formatCompact(999_960)).toBe('1.0M');
    expect(formatCompact(2_400_000)).toBe('2.4M');
  });

  it('writes learning rates in scientific notation', () => {
    expect(formatScientific(2e-4)).toBe('2.00e-4');
    expect(formatScientific(0.00125)).toBe('1.25e-3');
  });

  it('writes durations for humans', () => {
    expect(formatDuration(412.4)).toBe('412 ms');
    expect(formatDuration(3210)).toBe('3.2 s');
    expect(formatDuration(245_000)).toBe('4m 05s');
    expect(formatDuration(3_720_000)).toBe('1h 02m');
  });

  it('writes shares', () => {
    expect(formatPercent(1649, 2478)).toBe('66.5%');
    expect(formatPercent(1, 0)).toBe('–');
  });
});
