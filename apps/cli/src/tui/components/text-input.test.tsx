import { render } from 'ink-testing-library';
import { plainFrame } from '../__fixtures__/ink-keys.js';
import { TextInput, applyTextInput } from './text-input.js';

const NO_KEY = { return: false, escape: false, backspace: false, delete: false, ctrl: false, meta: false, upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, tab: false };

describe('applyTextInput', () => {
  it('appends, deletes, clears, submits and cancels', () => {
    expect(applyTextInput('ab', 'c', NO_KEY)).toEqual({ type: 'change', value: 'abc' });
    expect(applyTextInput('ab', 'cd\n', NO_KEY)).toEqual({ type: 'change', value: 'abcd' });
    expect(applyTextInput('ab', '', { ...NO_KEY, delete: true })).toEqual({ type: 'change', value: 'a' });
    expect(applyTextInput('ab', '', { ...NO_KEY, backspace: true })).toEqual({ type: 'change', value: 'a' });
    expect(applyTextInput('ab', 'u', { ...NO_KEY, ctrl: true })).toEqual({ type: 'change', value: '' });
    expect(applyTextInput('ab', '', { ...NO_KEY, return: true })).toEqual({ type: 'submit' });
    expect(applyTextInput('ab', '', { ...NO_KEY, escape: true })).toEqual({ type: 'cancel' });
    expect(applyTextInput('ab', '', { ...NO_KEY, upArrow: true })).toEqual({ type: 'none' });
    expect(applyTextInput('ab', '', NO_KEY)).toEqual({ type: 'none' });
  });
});

describe('TextInput', () => {
  it('shows the label and the value, with a cursor while active', () => {
    const active = render(<TextInput label="Path" value="runs/a" isActive />);
    expect(active.lastFrame()).toContain('runs/a');
    expect(plainFrame(active.lastFrame)).toBe('Path runs/a');
    const inactive = render(<TextInput label="Path" value="runs/a" isActive={false} />);
    expect(plainFrame(inactive.lastFrame)).toBe('Path runs/a');
  });
});
