import { METHOD_TYPES, methodDefaults, validateMethodForm, visibleFields } from './method-form.js';
import type { FormContext, FormField, FormValues, MethodType } from './method-form.js';

/** The state of the method form. */
export interface MethodFormState {
  readonly method: MethodType;
  readonly values: FormValues;
  /** Index of the focused row: a field of {@link visibleFields}, or the start row after them. */
  readonly focus: number;
  /** The field being typed into, with its draft text. */
  readonly editing: { readonly key: string; readonly draft: string } | undefined;
  /** Problems by field key, as of the last change. */
  readonly errors: Readonly<Record<string, string>>;
  /** Problems that belong to no field (the data file, the template). */
  readonly formErrors: readonly string[];
  readonly context: FormContext;
}

/** Everything that changes a {@link MethodFormState}. */
export type MethodFormAction =
  | { readonly type: 'move'; readonly delta: number }
  | { readonly type: 'cycle'; readonly delta: number }
  | { readonly type: 'begin-edit' }
  | { readonly type: 'edit'; readonly draft: string }
  | { readonly type: 'commit-edit' }
  | { readonly type: 'cancel-edit' }
  | { readonly type: 'set-context'; readonly context: FormContext }
  | { readonly type: 'set-value'; readonly key: string; readonly value: string };

/** The rows of the form for a state: its visible fields, then the start row. */
export function formRows(state: Pick<MethodFormState, 'method'>): { readonly fields: readonly FormField[]; readonly startRow: number } {
  const fields = visibleFields(state.method);
  return { fields, startRow: fields.length };
}

/** The field under the focus; undefined on the start row. */
export function focusedField(state: MethodFormState): FormField | undefined {
  return formRows(state).fields[state.focus];
}

function validated(state: MethodFormState): MethodFormState {
  const { errors, formErrors } = validateMethodForm(state.method, state.values, state.context);
  return { ...state, errors, formErrors };
}

/** The first state of the form, validated. */
export function initialMethodFormState(values: FormValues, context: FormContext, method: MethodType = 'lora'): MethodFormState {
  return validated({ method, values, focus: 0, editing: undefined, errors: {}, formErrors: [], context });
}

function cycleValue(choices: readonly string[], current: string, delta: number): string {
  const index = choices.indexOf(current);
  return choices[(((index + delta) % choices.length) + choices.length) % choices.length] ?? current;
}

/**
 * The form's reducer (pure): ↑↓ move, ←→ cycle a choice or flip a boolean (the method
 * itself resets the `method.*` fields to its defaults), enter edits text, and every change
 * is validated against the trainer's schema.
 */
export function methodFormReducer(state: MethodFormState, action: MethodFormAction): MethodFormState {
  switch (action.type) {
    case 'move': {
      if (state.editing !== undefined) return state;
      const { startRow } = formRows(state);
      return { ...state, focus: Math.min(startRow, Math.max(0, state.focus + action.delta)) };
    }
    case 'cycle': {
      const field = focusedField(state);
      if (state.editing !== undefined || field === undefined) return state;
      if (field.key === 'method.type') {
        const method = cycleValue(METHOD_TYPES, state.method, action.delta) as MethodType;
        return validated({ ...state, method, values: { ...state.values, ...methodDefaults(method), 'method.type': method } });
      }
      if (field.kind === 'choice') return validated({ ...state, values: { ...state.values, [field.key]: cycleValue(field.choices ?? [], state.values[field.key] ?? '', action.delta) } });
      if (field.kind === 'boolean') return validated({ ...state, values: { ...state.values, [field.key]: state.values[field.key] === 'true' ? 'false' : 'true' } });
      return state;
    }
    case 'begin-edit': {
      const field = focusedField(state);
      if (state.editing !== undefined || field === undefined || field.kind === 'choice' || field.kind === 'boolean') return state;
      return { ...state, editing: { key: field.key, draft: state.values[field.key] ?? '' } };
    }
    case 'edit':
      return state.editing === undefined ? state : { ...state, editing: { ...state.editing, draft: action.draft } };
    case 'commit-edit':
      return state.editing === undefined ? state : validated({ ...state, values: { ...state.values, [state.editing.key]: state.editing.draft }, editing: undefined });
    case 'cancel-edit':
      return { ...state, editing: undefined };
    case 'set-context':
      return validated({ ...state, context: action.context });
    case 'set-value':
      return validated({ ...state, values: { ...state.values, [action.key]: action.value } });
  }
}
