import { Box, Text } from 'ink';
import { join, resolve } from 'node:path';
import { useState } from 'react';
import { RunHeader } from '../components/run-header.js';
import { TaskStatus } from '../components/task-status.js';
import { TextInput, applyTextInput } from '../components/text-input.js';
import { displayPath } from '../display-path.js';
import { useAsyncTask } from '../hooks/use-async-task.js';
import { useKeys } from '../hooks/use-keys.js';
import { useRefState } from '../hooks/use-ref-state.js';
import type { TuiServices } from '../services/tui-services.js';

/** Props of {@link PredictScreen}. */
export interface PredictScreenProps {
  /** The screen has the keyboard. */
  readonly active: boolean;
  /** The screen has been shown: the run's files are read from then on. */
  readonly visited: boolean;
  /** The run that predicts. */
  readonly runDir: string | undefined;
  /** The data file of the data screen: the default file to predict. */
  readonly dataPath: string;
  readonly cwd: string;
  readonly predict: TuiServices['predict'];
  readonly readRun: TuiServices['readRun'];
  /** A text field took (true) or gave back (false) the keyboard. */
  onEditingChange(editing: boolean): void;
}

type Editing = { readonly field: 'data' | 'out'; readonly draft: string } | undefined;

/** The default submission file of a run: `<runDir>/submission.csv`. */
export function defaultSubmissionPath(runDir: string): string {
  return join(runDir, 'submission.csv');
}

/**
 * Screen 6: writes the submission (ID, first_party_winner) for a court CSV with the run, and
 * shows how many cases each side wins.
 */
export function PredictScreen({ active, visited, runDir, dataPath, cwd, predict, readRun, onEditingChange }: PredictScreenProps) {
  const [dataOverride, setDataOverride] = useState<string | undefined>(undefined);
  const [outOverride, setOutOverride] = useState<string | undefined>(undefined);
  const [editing, setEditing, currentEditing] = useRefState<Editing>(undefined);
  const [requestKey, setRequestKey] = useState<string | undefined>(undefined);
  const predictionPath = dataOverride ?? dataPath;
  const outPath = outOverride ?? (runDir === undefined ? undefined : defaultSubmissionPath(runDir));
  const summary = useAsyncTask(async () => (runDir === undefined ? undefined : readRun(runDir)), visited && runDir !== undefined ? runDir : undefined);
  const task = useAsyncTask(
    (options) => (runDir === undefined || outPath === undefined ? Promise.reject(new Error('no run')) : predict({ runDir, dataPath: predictionPath, outPath }, options)),
    requestKey,
  );

  useKeys((input, key) => {
    const current = currentEditing();
    if (current !== undefined) {
      const edit = applyTextInput(current.draft, input, key);
      if (edit.type === 'change') setEditing({ ...current, draft: edit.value });
      else if (edit.type === 'submit' || edit.type === 'cancel') {
        const value = current.draft.trim();
        if (edit.type === 'submit' && value !== '') (current.field === 'data' ? setDataOverride : setOutOverride)(resolve(cwd, value));
        setEditing(undefined);
        onEditingChange(false);
      }
      return;
    }
    if (input === 'e' || (input === 'o' && outPath !== undefined)) {
      setEditing(input === 'e' ? { field: 'data', draft: displayPath(predictionPath, cwd) } : { field: 'out', draft: displayPath(outPath ?? '', cwd) });
      onEditingChange(true);
    } else if (key.return && runDir !== undefined) setRequestKey(`${runDir}\u0000${predictionPath}\u0000${outPath ?? ''}\u0000${Date.now()}`);
  }, active);

  const report = task.state.status === 'done' ? task.state.value : undefined;
  return (
    <Box flexDirection="column">
      <RunHeader runDir={runDir} summary={summary.state.status === 'done' ? summary.state.value : undefined} cwd={cwd} />
      {editing?.field === 'data' ? (
        <TextInput label="Data" value={editing.draft} isActive={active} />
      ) : (
        <Box>
          <Text bold>Data </Text>
          <Text color="cyan">{displayPath(predictionPath, cwd)}</Text>
        </Box>
      )}
      {editing?.field === 'out' ? (
        <TextInput label="Output" value={editing.draft} isActive={active} />
      ) : (
        <Box>
          <Text bold>Output </Text>
          <Text color="cyan">{outPath === undefined ? '–' : displayPath(outPath, cwd)}</Text>
        </Box>
      )}
      {runDir === undefined ? null : <Text dimColor>Press enter to write the submission (ID, first_party_winner).</Text>}
      <TaskStatus state={task.state} label={`Predicting ${displayPath(predictionPath, cwd)}`} />
      {report === undefined ? null : (
        <Box flexDirection="column" marginTop={1}>
          <Text color="green">
            Wrote {report.rows} predictions to {displayPath(report.outPath, cwd)}
          </Text>
          <Text>
            first_party_winner 1: {report.counts['1'] ?? 0} · 0: {report.counts['0'] ?? 0}
          </Text>
        </Box>
      )}
    </Box>
  );
}
