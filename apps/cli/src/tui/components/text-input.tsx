import { Box, Text } from 'ink';
import type { Key } from 'ink';

/** Props of {@link TextInput}. */
export interface TextInputProps {
  /** What the field holds now (the draft while editing). */
  readonly value: string;
  /** Shown before the value. */
  readonly label: string;
  /** The field has the keyboard: the value is highlighted and a block cursor follows it. */
  readonly isActive: boolean;
}

/** What a key does to a text field. */
export type TextInputEdit = { readonly type: 'change'; readonly value: string } | { readonly type: 'submit' } | { readonly type: 'cancel' } | { readonly type: 'none' };

/** The keys {@link applyTextInput} looks at. */
export type TextInputKey = Pick<Key, 'return' | 'escape' | 'backspace' | 'delete' | 'ctrl' | 'meta' | 'upArrow' | 'downArrow' | 'leftArrow' | 'rightArrow' | 'tab'>;

/**
 * The effect of one key on a text field (pure): printable input is appended (a paste arrives
 * as one string), backspace and delete remove the last character, ctrl+u clears, enter
 * submits, esc cancels; other keys do nothing. Screens call it from their one `useInput`
 * handler while a field is being edited, so no key is lost between renders.
 */
export function applyTextInput(value: string, input: string, key: TextInputKey): TextInputEdit {
  if (key.return) return { type: 'submit' };
  if (key.escape) return { type: 'cancel' };
  if (key.backspace || key.delete) return { type: 'change', value: [...value].slice(0, -1).join('') };
  if (key.ctrl && input === 'u') return { type: 'change', value: '' };
  if (key.ctrl || key.meta || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.tab) return { type: 'none' };
  // Pasted text may carry a newline or tabs; a field holds one line.
  const printable = input.replace(/[\r\n\t]/g, '');
  return printable === '' ? { type: 'none' } : { type: 'change', value: value + printable };
}

/** A one-line text field: its label, its value and, while active, a block cursor. */
export function TextInput({ value, label, isActive }: TextInputProps) {
  return (
    <Box>
      <Text bold>{label} </Text>
      <Text {...(isActive ? { color: 'cyan' } : {})}>{value}</Text>
      {isActive ? <Text inverse> </Text> : null}
    </Box>
  );
}
