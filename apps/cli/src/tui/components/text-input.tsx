import { Box, Text, useInput } from 'ink';
import type { Key } from 'ink';

/** Props of {@link TextInput}. */
export interface TextInputProps {
  /** What the field holds now (controlled). */
  readonly value: string;
  /** Shown before the value. */
  readonly label: string;
  /** The field has the keyboard: typing edits it and the cursor shows. */
  readonly isActive: boolean;
  /** Called with the new text after each key. */
  onChange(value: string): void;
  /** Enter. */
  onSubmit(value: string): void;
  /** Esc. */
  onCancel(): void;
}

/** What a key does to a text field. */
export type TextInputEdit = { readonly type: 'change'; readonly value: string } | { readonly type: 'submit' } | { readonly type: 'cancel' } | { readonly type: 'none' };

/**
 * The effect of one key on a text field (pure): printable input is appended (a paste arrives
 * as one string), backspace and delete remove the last character, ctrl+u clears, enter
 * submits, esc cancels; other keys do nothing.
 */
export function applyTextInput(value: string, input: string, key: Pick<Key, 'return' | 'escape' | 'backspace' | 'delete' | 'ctrl' | 'meta' | 'upArrow' | 'downArrow' | 'leftArrow' | 'rightArrow' | 'tab'>): TextInputEdit {
  if (key.return) return { type: 'submit' };
  if (key.escape) return { type: 'cancel' };
  if (key.backspace || key.delete) return { type: 'change', value: [...value].slice(0, -1).join('') };
  if (key.ctrl && input === 'u') return { type: 'change', value: '' };
  if (key.ctrl || key.meta || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.tab) return { type: 'none' };
  // Pasted text may carry a newline or tabs; a field holds one line.
  const printable = input.replace(/[\r\n\t]/g, '');
  return printable === '' ? { type: 'none' } : { type: 'change', value: value + printable };
}

/** A one-line text field with a block cursor while active. */
export function TextInput({ value, label, isActive, onChange, onSubmit, onCancel }: TextInputProps) {
  useInput(
    (input, key) => {
      const edit = applyTextInput(value, input, key);
      if (edit.type === 'change') onChange(edit.value);
      else if (edit.type === 'submit') onSubmit(value);
      else if (edit.type === 'cancel') onCancel();
    },
    { isActive },
  );
  return (
    <Box>
      <Text bold>{label} </Text>
      <Text {...(isActive ? { color: 'cyan' } : {})}>{value}</Text>
      {isActive ? <Text inverse> </Text> : null}
    </Box>
  );
}
