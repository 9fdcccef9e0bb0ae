import { textProblem } from './text-checks.js';

describe('textProblem', () => {
  it('accepts ordinary text and surrogate pairs, and names NUL and lone surrogates', () => {
    expect(textProblem('Roe v. Wade, 410 U.S. 113 😀')).toBeUndefined();
    expect(textProblem('a\u0000b')).toContain('NUL');
    expect(textProblem('a\ud800b')).toContain('lone surrogate');
    expect(textProblem('\udfff')).toContain('lone surrogate');
  });
});
