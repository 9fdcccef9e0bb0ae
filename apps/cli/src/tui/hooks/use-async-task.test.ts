import { ToolkitError } from '@causal-tune/core';
import { runAsyncTask } from './use-async-task.js';
import type { AsyncTaskAction } from '../state/async-task.js';

describe('runAsyncTask', () => {
  it('reports start, task progress and the value', async () => {
    const actions: AsyncTaskAction<string>[] = [];
    await runAsyncTask(
      'k',
      async ({ onProgress }) => {
        onProgress?.({ type: 'task-start', task: 'prepare', total: 2 });
        onProgress?.({ type: 'task-progress', task: 'prepare', completed: 1, total: 2 });
        return 'ready';
      },
      (action) => actions.push(action),
    );
    expect(actions).toEqual([
      { type: 'start', key: 'k' },
      { type: 'progress', key: 'k', progress: { task: 'prepare', completed: 1, total: 2 } },
      { type: 'resolve', key: 'k', value: 'ready' },
    ]);
  });

  it('reports a failure with its code and passes the signal on', async () => {
    const actions: AsyncTaskAction<string>[] = [];
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    await runAsyncTask(
      'k',
      async ({ signal }) => {
        seen = signal;
        throw new ToolkitError('DATA_FILE_NOT_FOUND', 'No file.');
      },
      (action) => actions.push(action),
      controller.signal,
    );
    expect(seen).toBe(controller.signal);
    expect(actions.at(-1)).toEqual({ type: 'reject', key: 'k', error: { code: 'DATA_FILE_NOT_FOUND', message: 'No file.' } });
  });
});
