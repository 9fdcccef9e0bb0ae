import { render } from 'ink-testing-library';
import { plainFrame } from '../__fixtures__/ink-keys.js';
import { ScrollView, maxScrollOffset, scrollBy, wrapLines } from './scroll-view.js';

describe('scrolling', () => {
  it('keeps the offset within the content', () => {
    expect(maxScrollOffset(10, 4)).toBe(6);
    expect(maxScrollOffset(3, 4)).toBe(0);
    expect(scrollBy(0, -1, 10, 4)).toBe(0);
    expect(scrollBy(5, 3, 10, 4)).toBe(6);
    expect(scrollBy(2, 1, 10, 4)).toBe(3);
  });
});

describe('wrapLines', () => {
  it('wraps at spaces, cuts long words and keeps newlines', () => {
    expect(wrapLines('the quick brown fox', 9)).toEqual(['the quick', 'brown fox']);
    expect(wrapLines('abcdefghij kl', 4)).toEqual(['abcd', 'efgh', 'ij', 'kl']);
    expect(wrapLines('one\n\ntwo', 10)).toEqual(['one', '', 'two']);
  });
});

describe('ScrollView', () => {
  it('shows a window and where it is', () => {
    const lines = Array.from({ length: 10 }, (_, index) => `line ${index + 1}`);
    const { lastFrame } = render(<ScrollView lines={lines} offset={2} height={4} />);
    expect(plainFrame(lastFrame)).toBe(['line 3', 'line 4', 'line 5', 'lines 3–5 of 10'].join('\n'));
  });

  it('shows short content whole, without a position line', () => {
    const { lastFrame } = render(<ScrollView lines={['a', '', 'b']} offset={5} height={10} />);
    expect(plainFrame(lastFrame)).toBe('a\n\nb');
  });
});
