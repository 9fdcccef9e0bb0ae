import type { TrainConfig } from '@causal-tune/trainer';
import { Box, Text } from 'ink';
import { useEffect, useState } from 'react';
import { applyTextInput } from '../components/text-input.js';
import { displayPath } from '../display-path.js';
import { useKeys } from '../hooks/use-keys.js';
import { useLatestReducer } from '../hooks/use-latest-reducer.js';
import { validateMethodForm } from '../state/method-form.js';
import type { FormContext, FormValues } from '../state/method-form.js';
import { focusedField, formRows, initialMethodFormState, methodFormReducer } from '../state/method-form-reducer.js';

/** Props of {@link MethodScreen}. */
export interface MethodScreenProps {
  /** The screen has the keyboard. */
  readonly active: boolean;
  /** The first values of the form (schema defaults, the bundled model, a new run directory). */
  readonly initialValues: FormValues;
  /** The data file and template picked on the other screens, and where paths resolve. */
  readonly context: FormContext;
  /** A training is running: starting another is refused. */
  readonly trainingActive: boolean;
  /** Rows available to the screen. */
  readonly height: number;
  /** The form is valid and the user asked to start. */
  onStart(config: TrainConfig): void;
  /** A fresh run directory for the form after a start, so that the next run does not reuse it. */
  newRunDir(): string;
  /** A text field took (true) or gave back (false) the keyboard. */
  onEditingChange(editing: boolean): void;
}

const LABEL_WIDTH = 20;

/**
 * Screen 3: the method and its key options as a form, validated on every change with the
 * trainer's `trainConfigSchema` (the errors show beside the fields); `s` or the start row
 * starts training with the resolved config.
 */
export function MethodScreen({ active, initialValues, context, trainingActive, height, onStart, newRunDir, onEditingChange }: MethodScreenProps) {
  // The latest state for key handlers: several keys can arrive before a render.
  const [state, apply, currentForm] = useLatestReducer(methodFormReducer, () => initialMethodFormState(initialValues, context));
  const [notice, setNotice] = useState<string | undefined>(undefined);
  useEffect(() => {
    apply({ type: 'set-context', context });
  }, [apply, context]);

  const start = (): void => {
    const current = currentForm();
    const result = validateMethodForm(current.method, current.values, current.context);
    if (trainingActive) setNotice('A training is running: cancel it on the Train screen first.');
    else if (!result.ok) setNotice(`Fix the ${Object.keys(result.errors).length + result.formErrors.length} problem(s) marked in red first.`);
    else {
      setNotice(undefined);
      onStart(result.config);
      apply({ type: 'set-value', key: 'outputDir', value: newRunDir() });
    }
  };

  useKeys((input, key) => {
    const current = currentForm();
    if (current.editing !== undefined) {
      const edit = applyTextInput(current.editing.draft, input, key);
      if (edit.type === 'change') apply({ type: 'edit', draft: edit.value });
      else if (edit.type === 'submit' || edit.type === 'cancel') {
        apply({ type: edit.type === 'submit' ? 'commit-edit' : 'cancel-edit' });
        onEditingChange(false);
      }
      return;
    }
    const field = focusedField(current);
    if (key.upArrow || input === 'k') apply({ type: 'move', delta: -1 });
    else if (key.downArrow || input === 'j') apply({ type: 'move', delta: 1 });
    else if (key.leftArrow) apply({ type: 'cycle', delta: -1 });
    else if (key.rightArrow || input === ' ') apply({ type: 'cycle', delta: 1 });
    else if (input === 's') start();
    else if (key.return) {
      if (field === undefined) start();
      else if (field.kind === 'choice' || field.kind === 'boolean') apply({ type: 'cycle', delta: 1 });
      else {
        apply({ type: 'begin-edit' });
        onEditingChange(true);
      }
    }
  }, active);

  const { fields, startRow } = formRows(state);
  const visibleRows = Math.max(4, height - 6);
  const first = Math.min(Math.max(0, state.focus - Math.floor(visibleRows / 2)), Math.max(0, startRow + 1 - visibleRows));
  const focused = focusedField(state);
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold>Data </Text>
        <Text color="cyan">{displayPath(context.dataPath, context.cwd)}</Text>
        <Text bold> · Template </Text>
        <Text color="cyan">{context.templateName ?? 'default'}</Text>
      </Text>
      {fields.slice(first, first + visibleRows).map((field, offset) => {
        const index = first + offset;
        const isFocused = index === state.focus;
        const editing = state.editing?.key === field.key;
        const value = editing ? (state.editing?.draft ?? '') : (state.values[field.key] ?? '');
        const error = state.errors[field.key];
        const shown = field.kind === 'choice' ? `‹ ${value} ›` : value === '' && field.optional === true ? '(default)' : value;
        return (
          <Box key={field.key}>
            <Text {...(isFocused ? { color: 'cyan', bold: true } : {})}>
              {isFocused ? '› ' : '  '}
              {field.label.padEnd(LABEL_WIDTH)}
            </Text>
            <Text {...(editing ? { color: 'cyan' } : value === '' ? { dimColor: true } : {})}>{shown}</Text>
            {editing ? <Text inverse> </Text> : null}
            {error === undefined ? null : <Text color="red"> ✗ {error}</Text>}
          </Box>
        );
      })}
      {first + visibleRows > startRow ? (
        <Text {...(state.focus === startRow ? { color: 'green', bold: true } : {})}>
          {state.focus === startRow ? '› ' : '  '}[ Start training ]
        </Text>
      ) : null}
      {state.formErrors.map((error) => (
        <Text key={error} color="red">
          ✗ {error}
        </Text>
      ))}
      <Text dimColor wrap="truncate-end">
        {focused === undefined ? 'Starts the trainer with this config (s starts from any field).' : focused.description}
      </Text>
      {notice === undefined ? null : <Text color="yellow">{notice}</Text>}
    </Box>
  );
}
