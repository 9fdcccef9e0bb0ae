import { ToolkitError } from '@causal-tune/core';
import { IDLE_TASK, asyncTaskReducer, taskErrorOf } from './async-task.js';
import type { AsyncTaskState } from './async-task.js';

describe('asyncTaskReducer', () => {
  it('goes from idle through running to done, keeping progress on the way', () => {
    let state: AsyncTaskState<number> = IDLE_TASK;
    state = asyncTaskReducer(state, { type: 'start', key: 'a' });
    expect(state).toEqual({ status: 'running', key: 'a' });
    state = asyncTaskReducer(state, { type: 'progress', key: 'a', progress: { task: 'prepare', completed: 3, total: 10 } });
    expect(state).toEqual({ status: 'running', key: 'a', progress: { task: 'prepare', completed: 3, total: 10 } });
    state = asyncTaskReducer(state, { type: 'resolve', key: 'a', value: 42 });
    expect(state).toEqual({ status: 'done', key: 'a', value: 42 });
  });

  it('drops the results of a superseded run', () => {
    let state: AsyncTaskState<number> = asyncTaskReducer<number>(IDLE_TASK, { type: 'start', key: 'old' });
    state = asyncTaskReducer(state, { type: 'start', key: 'new' });
    state = asyncTaskReducer(state, { type: 'resolve', key: 'old', value: 1 });
    expect(state).toEqual({ status: 'running', key: 'new' });
    state = asyncTaskReducer(state, { type: 'reject', key: 'new', error: { code: 'X', message: 'boom' } });
    expect(state).toEqual({ status: 'failed', key: 'new', error: { code: 'X', message: 'boom' } });
    expect(asyncTaskReducer(state, { type: 'reset' })).toBe(IDLE_TASK);
  });

  it('turns thrown values into code and message', () => {
    expect(taskErrorOf(new ToolkitError('DATA_FILE_NOT_FOUND', 'No such file.'))).toEqual({ code: 'DATA_FILE_NOT_FOUND', message: 'No such file.' });
    expect(taskErrorOf(new Error('boom')).code).toBe('INTERNAL_ASSERTION');
  });
});
