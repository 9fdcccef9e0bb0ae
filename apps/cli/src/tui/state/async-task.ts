import { toToolkitError } from '../../errors/cli-error.js';

/** The state of one piece of async work (loading statistics, evaluating, predicting). */
export type AsyncTaskState<T> =
  | { readonly status: 'idle' }
  | { readonly status: 'running'; readonly key: string; readonly progress?: TaskProgress }
  | { readonly status: 'done'; readonly key: string; readonly value: T }
  | { readonly status: 'failed'; readonly key: string; readonly error: TaskError };

/** How far a running task is, from its `task-progress` events. */
export interface TaskProgress {
  readonly task: string;
  readonly completed: number;
  readonly total?: number;
}

/** A failure as the screens show it: the toolkit code and message, never a stack. */
export interface TaskError {
  readonly code: string;
  readonly message: string;
}

/** Everything that changes an {@link AsyncTaskState}. */
export type AsyncTaskAction<T> =
  | { readonly type: 'start'; readonly key: string }
  | { readonly type: 'progress'; readonly key: string; readonly progress: TaskProgress }
  | { readonly type: 'resolve'; readonly key: string; readonly value: T }
  | { readonly type: 'reject'; readonly key: string; readonly error: TaskError }
  | { readonly type: 'reset' };

/** The first state of a task. */
export const IDLE_TASK: AsyncTaskState<never> = { status: 'idle' };

/**
 * Reduces task actions; results of a superseded run (another `key`) are dropped, so a slow
 * load of an old file never overwrites the new one.
 */
export function asyncTaskReducer<T>(state: AsyncTaskState<T>, action: AsyncTaskAction<T>): AsyncTaskState<T> {
  if (action.type === 'reset') return IDLE_TASK;
  if (action.type === 'start') return { status: 'running', key: action.key };
  if (state.status !== 'running' || state.key !== action.key) return state;
  switch (action.type) {
    case 'progress':
      return { ...state, progress: action.progress };
    case 'resolve':
      return { status: 'done', key: action.key, value: action.value };
    case 'reject':
      return { status: 'failed', key: action.key, error: action.error };
  }
}

/** A thrown value as a {@link TaskError}: its toolkit code and message. */
export function taskErrorOf(error: unknown): TaskError {
  const toolkitError = toToolkitError(error);
  return { code: toolkitError.code, message: toolkitError.message };
}
