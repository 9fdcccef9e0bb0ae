import { METHOD_NAMES } from '@causal-tune/models';
import { initialFormValues } from './method-form.js';
import { focusedField, formRows, initialMethodFormState, methodFormReducer } from './method-form-reducer.js';
import type { MethodFormAction, MethodFormState } from './method-form-reducer.js';

const context = { cwd: '/work', dataPath: '/data/train.csv', templateName: undefined };
const start = initialMethodFormState(initialFormValues({ modelPath: 'models/tiny', outputDir: 'runs/a' }), context);
const run = (state: MethodFormState, ...actions: MethodFormAction[]): MethodFormState => actions.reduce(methodFormReducer, state);

describe('methodFormReducer', () => {
  it('starts valid on the method field', () => {
    expect(start.errors).toEqual({});
    expect(start.formErrors).toEqual([]);
    expect(focusedField(start)?.key).toBe('method.type');
  });

  it('cycles the method and resets its options to the new defaults', () => {
    const state = run(start, { type: 'cycle', delta: 1 });
    expect(state.method).toBe('prompt-tuning');
    expect(state.values['method.numVirtualTokens']).toBe('8');
    expect(run(start, { type: 'cycle', delta: -1 }).method).toBe(METHOD_NAMES.at(-1));
    expect(formRows(run(start, { type: 'cycle', delta: -1 })).fields.some((field) => field.key.startsWith('method.r'))).toBe(false);
  });

  it('edits a field, validates on commit and keeps the old value on cancel', () => {
    let state = run(start, { type: 'move', delta: 1 });
    expect(focusedField(state)?.key).toBe('method.r');
    state = run(state, { type: 'begin-edit' }, { type: 'edit', draft: '-2' });
    expect(state.editing).toEqual({ key: 'method.r', draft: '-2' });
    expect(state.values['method.r']).toBe('8');
    state = run(state, { type: 'commit-edit' });
    expect(state.values['method.r']).toBe('-2');
    expect(state.errors['method.r']).toMatch(/Too small/);
    state = run(state, { type: 'begin-edit' }, { type: 'edit', draft: '16' }, { type: 'cancel-edit' });
    expect(state.values['method.r']).toBe('-2');
  });

  it('flips booleans and cycles choices but never edits them as text', () => {
    const onRslora = run(start, { type: 'move', delta: 5 });
    expect(focusedField(onRslora)?.key).toBe('method.useRslora');
    expect(run(onRslora, { type: 'cycle', delta: 1 }).values['method.useRslora']).toBe('true');
    expect(run(onRslora, { type: 'begin-edit' }).editing).toBeUndefined();
  });

  it('keeps the focus between the first field and the start row', () => {
    expect(run(start, { type: 'move', delta: -3 }).focus).toBe(0);
    const end = run(start, { type: 'move', delta: 100 });
    expect(end.focus).toBe(formRows(end).startRow);
    expect(focusedField(end)).toBeUndefined();
  });

  it('sets a value from outside (a fresh run directory after a start)', () => {
    expect(run(start, { type: 'set-value', key: 'outputDir', value: 'runs/b' }).values.outputDir).toBe('runs/b');
  });

  it('revalidates when the data file changes', () => {
    const state = run(start, { type: 'set-context', context: { ...context, dataPath: '' } });
    expect(state.formErrors).toHaveLength(1);
  });
});
