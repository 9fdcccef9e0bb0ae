import { Box, Text } from 'ink';
import type { AsyncTaskState } from '../state/async-task.js';

/** Props of {@link TaskStatus}. */
export interface TaskStatusProps {
  /** The task; nothing is shown once it is done or before it starts. */
  readonly state: AsyncTaskState<unknown>;
  /** What it does, e.g. "Preparing train.csv". */
  readonly label: string;
}

/** "label… task 120/300" while a task runs, and "CODE: message" in red when it failed. */
export function TaskStatus({ state, label }: TaskStatusProps) {
  if (state.status === 'running') {
    const progress = state.progress;
    const detail = progress === undefined ? '' : ` ${progress.task} ${progress.completed}${progress.total === undefined ? '' : `/${progress.total}`}`;
    return (
      <Box>
        <Text color="yellow">
          {label}…{detail}
        </Text>
      </Box>
    );
  }
  if (state.status === 'failed') {
    return (
      <Box>
        <Text color="red" wrap="wrap">
          {state.error.code}: {state.error.message}
        </Text>
      </Box>
    );
  }
  return null;
}
