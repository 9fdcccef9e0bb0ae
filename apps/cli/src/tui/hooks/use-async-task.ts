import type { ProgressEvent, RunOptions } from '@causal-tune/core';
import { useEffect, useReducer, useRef, useState } from 'react';
import { IDLE_TASK, asyncTaskReducer, taskErrorOf } from '../state/async-task.js';
import type { AsyncTaskAction, AsyncTaskState } from '../state/async-task.js';

/** Work a task runs: it receives the abort signal and a progress listener. */
export type TaskRunner<T> = (options: RunOptions) => Promise<T>;

/**
 * Runs `run` as the task `key` and reports through `dispatch`: start, `task-progress` events,
 * then resolve or reject. Plain (no React), so the wiring is tested on its own.
 */
export async function runAsyncTask<T>(key: string, run: TaskRunner<T>, dispatch: (action: AsyncTaskAction<T>) => void, signal?: AbortSignal): Promise<void> {
  dispatch({ type: 'start', key });
  const onProgress = (event: ProgressEvent): void => {
    if (event.type === 'task-progress') {
      dispatch({ type: 'progress', key, progress: { task: event.task, completed: event.completed, ...(event.total === undefined ? {} : { total: event.total }) } });
    }
  };
  try {
    const value = await run({ onProgress, ...(signal === undefined ? {} : { signal }) });
    dispatch({ type: 'resolve', key, value });
  } catch (error) {
    dispatch({ type: 'reject', key, error: taskErrorOf(error) });
  }
}

/** What {@link useAsyncTask} returns. */
export interface AsyncTask<T> {
  readonly state: AsyncTaskState<T>;
  /** Runs the task again with the same key. */
  reload(): void;
}

/**
 * Runs `run` whenever `key` changes (not while it is undefined); the previous run is aborted.
 * Screens pass a key made of their inputs (the data path, the template), or set one when the
 * user asks (evaluate, predict).
 */
export function useAsyncTask<T>(run: TaskRunner<T>, key: string | undefined): AsyncTask<T> {
  const [state, dispatch] = useReducer(asyncTaskReducer<T>, IDLE_TASK as AsyncTaskState<T>);
  const [generation, setGeneration] = useState(0);
  const runRef = useRef(run);
  runRef.current = run;
  useEffect(() => {
    if (key === undefined) return undefined;
    const controller = new AbortController();
    void runAsyncTask(generation === 0 ? key : `${key}#${generation}`, runRef.current, dispatch, controller.signal);
    return () => controller.abort();
  }, [key, generation]);
  return { state, reload: () => setGeneration((value) => value + 1) };
}
