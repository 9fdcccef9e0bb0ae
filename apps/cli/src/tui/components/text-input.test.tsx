import { render } from 'ink-testing-library';
import { useState } from 'react';
import { KEYS, plainFrame, press } from '../__fixtures__/ink-keys.js';
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
  });
});

function Harness({ onSubmit, onCancel }: { readonly onSubmit: (value: string) => void; readonly onCancel: () => void }) {
  const [value, setValue] = useState('runs/a');
  return <TextInput label="Path" value={value} isActive onChange={setValue} onSubmit={onSubmit} onCancel={onCancel} />;
}

describe('TextInput', () => {
  it('edits the value with the keyboard and submits it', async () => {
    const submitted: string[] = [];
    const { lastFrame, stdin } = render(<Harness onSubmit={(value) => submitted.push(value)} onCancel={() => submitted.push('cancelled')} />);
    await press(stdin, KEYS.backspace, 'b', 'c');
    expect(plainFrame(lastFrame)).toBe('Path runs/bc');
    await press(stdin, KEYS.enter, KEYS.escape);
    expect(submitted).toEqual(['runs/bc', 'cancelled']);
  });
});
