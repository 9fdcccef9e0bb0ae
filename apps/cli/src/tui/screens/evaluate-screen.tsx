import { Box, Text } from 'ink';
import { resolve } from 'node:path';
import { useState } from 'react';
import { ConfusionMatrixView } from '../components/confusion-matrix-view.js';
import { RunHeader } from '../components/run-header.js';
import { TaskStatus } from '../components/task-status.js';
import { TextInput, applyTextInput } from '../components/text-input.js';
import { displayPath } from '../display-path.js';
import { useAsyncTask } from '../hooks/use-async-task.js';
import { useKeys } from '../hooks/use-keys.js';
import { useRefState } from '../hooks/use-ref-state.js';
import type { TuiServices } from '../services/tui-services.js';

/** Props of {@link EvaluateScreen}. */
export interface EvaluateScreenProps {
  /** The screen has the keyboard. */
  readonly active: boolean;
  /** The screen has been shown: the run's files are read from then on. */
  readonly visited: boolean;
  /** The run to evaluate. */
  readonly runDir: string | undefined;
  /** The data file of the data screen: the default file to evaluate on. */
  readonly dataPath: string;
  readonly cwd: string;
  readonly evaluate: TuiServices['evaluate'];
  readonly readRun: TuiServices['readRun'];
  /** A text field took (true) or gave back (false) the keyboard. */
  onEditingChange(editing: boolean): void;
}

/** A metric for the screen: percentages for accuracy, four decimals otherwise, – when undefined. */
export function formatMetricValue(name: string, value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (name === 'examples') return String(value);
  return name === 'accuracy' ? `${(100 * value).toFixed(2)}%` : value.toFixed(4);
}

const METRIC_NAMES: Readonly<Record<string, string>> = { macroF1: 'macro-F1', rocAuc: 'ROC-AUC', expectedCalibrationError: 'ECE' };

/** Metrics as one line: `accuracy 75.00% · macro-F1 0.6667 · ROC-AUC 0.4167 · ...`. */
export function metricsLine(metrics: Readonly<Record<string, number>>): string {
  return Object.entries(metrics)
    .map(([name, value]) => `${METRIC_NAMES[name] ?? name} ${formatMetricValue(name, value)}`)
    .join(' · ');
}

/**
 * Screen 5: the run's validation metrics from training (eval.json), and on enter an
 * evaluation on a labelled data file with the inference package: metrics and the confusion
 * matrix.
 */
export function EvaluateScreen({ active, visited, runDir, dataPath, cwd, evaluate, readRun, onEditingChange }: EvaluateScreenProps) {
  const [dataOverride, setDataOverride] = useState<string | undefined>(undefined);
  const [draft, setDraft, currentDraft] = useRefState<string | undefined>(undefined);
  const [requestKey, setRequestKey] = useState<string | undefined>(undefined);
  const evaluationPath = dataOverride ?? dataPath;
  const summary = useAsyncTask(async () => (runDir === undefined ? undefined : readRun(runDir)), visited && runDir !== undefined ? `${runDir}\u0000${requestKey ?? ''}` : undefined);
  const task = useAsyncTask((options) => (runDir === undefined ? Promise.reject(new Error('no run')) : evaluate({ runDir, dataPath: evaluationPath }, options)), requestKey);

  useKeys((input, key) => {
    const editing = currentDraft();
    if (editing !== undefined) {
      const edit = applyTextInput(editing, input, key);
      if (edit.type === 'change') setDraft(edit.value);
      else if (edit.type === 'submit' || edit.type === 'cancel') {
        if (edit.type === 'submit' && editing.trim() !== '') setDataOverride(resolve(cwd, editing.trim()));
        setDraft(undefined);
        onEditingChange(false);
      }
      return;
    }
    if (input === 'e') {
      setDraft(displayPath(evaluationPath, cwd));
      onEditingChange(true);
    } else if (key.return && runDir !== undefined) setRequestKey(`${runDir}\u0000${evaluationPath}\u0000${Date.now()}`);
  }, active);

  const run = summary.state.status === 'done' ? summary.state.value : undefined;
  const report = task.state.status === 'done' ? task.state.value : undefined;
  return (
    <Box flexDirection="column">
      <RunHeader runDir={runDir} summary={run} cwd={cwd} />
      {draft === undefined ? (
        <Box>
          <Text bold>Data </Text>
          <Text color="cyan">{displayPath(evaluationPath, cwd)}</Text>
        </Box>
      ) : (
        <TextInput label="Data" value={draft} isActive={active} />
      )}
      {run?.finalEvaluation === undefined ? null : (
        <Text wrap="truncate-end">
          <Text bold>Validation (eval.json) </Text>
          {metricsLine(run.finalEvaluation)}
        </Text>
      )}
      {runDir === undefined ? null : <Text dimColor>Press enter to evaluate the run on the data file (labels needed).</Text>}
      <TaskStatus state={task.state} label={`Evaluating on ${displayPath(evaluationPath, cwd)}`} />
      {report === undefined ? null : (
        <Box flexDirection="column" marginTop={1}>
          <Text>
            <Text bold>Metrics </Text>
            {metricsLine(report.metrics)} · examples {report.examples}
          </Text>
          <Text bold>Confusion matrix</Text>
          <ConfusionMatrixView matrix={report.confusion} labelNames={report.labelNames} />
        </Box>
      )}
    </Box>
  );
}
