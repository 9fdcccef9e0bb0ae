import { Box, Text } from 'ink';
import { basename } from 'node:path';
import { LossChart } from '../components/loss-chart.js';
import { TaskStatus } from '../components/task-status.js';
import { displayPath } from '../display-path.js';
import { useAsyncTask } from '../hooks/use-async-task.js';
import { useKeys } from '../hooks/use-keys.js';
import { useRefState } from '../hooks/use-ref-state.js';
import type { RunSummary } from '../services/read-runs.js';
import type { TuiServices } from '../services/tui-services.js';
import { compareRuns, finalMetrics, toggleMark } from '../state/compare-runs.js';

/** Props of {@link RunsScreen}. */
export interface RunsScreenProps {
  /** The screen has the keyboard. */
  readonly active: boolean;
  /** The screen has been shown: the runs are read from then on. */
  readonly visited: boolean;
  /** The directory holding the run directories (`runs/`). */
  readonly runsDir: string;
  /** Changes when a training ends, so that the list is read again. */
  readonly refreshKey: number;
  /** The run evaluate and predict use, marked in the list. */
  readonly currentRunDir: string | undefined;
  readonly cwd: string;
  readonly width: number;
  /** Rows available to the screen. */
  readonly height: number;
  readonly listRuns: TuiServices['listRuns'];
  /** Enter: use the run for evaluate and predict. */
  onSelectRun(runDir: string): void;
}

interface RunsView {
  readonly index: number;
  /** Directories marked for comparison (two at most). */
  readonly marked: readonly string[];
  readonly comparing: boolean;
}

const COLUMNS = { name: 24, method: 14, steps: 6, loss: 8, accuracy: 9 } as const;

function cell(text: string, width: number): string {
  return text.length > width - 1 ? `${text.slice(0, width - 2)}… ` : text.padEnd(width);
}

function runLine(run: RunSummary): string {
  const metrics = finalMetrics(run);
  const loss = run.losses[run.losses.length - 1]?.y;
  return [
    cell(run.name, COLUMNS.name),
    cell(run.method ?? '?', COLUMNS.method),
    cell(String(run.lastStep), COLUMNS.steps),
    cell(loss === undefined ? '–' : loss.toFixed(4), COLUMNS.loss),
    cell(metrics?.accuracy === undefined ? '–' : `${(100 * metrics.accuracy).toFixed(1)}%`, COLUMNS.accuracy),
    metrics?.macroF1 === undefined ? '–' : metrics.macroF1.toFixed(4),
  ].join('');
}

const HEADER = [cell('run', COLUMNS.name), cell('method', COLUMNS.method), cell('steps', COLUMNS.steps), cell('loss', COLUMNS.loss), cell('accuracy', COLUMNS.accuracy), 'macro-F1'].join('');

/**
 * Screen 7: the run directories under `runs/` (config.json, metrics.jsonl, eval.json), newest
 * first; space marks two, `c` compares them side by side (metrics table and overlaid loss
 * curves), enter makes one the run of the evaluate and predict screens.
 */
export function RunsScreen({ active, visited, runsDir, refreshKey, currentRunDir, cwd, width, height, listRuns, onSelectRun }: RunsScreenProps) {
  const task = useAsyncTask(() => listRuns(runsDir), visited ? `${runsDir}\u0000${refreshKey}` : undefined);
  const runs = task.state.status === 'done' ? task.state.value : [];
  const [view, setView, currentView] = useRefState<RunsView>({ index: 0, marked: [], comparing: false });

  useKeys((input, key) => {
    const current = currentView();
    const focused = runs[current.index];
    if (key.upArrow || input === 'k') setView({ ...current, index: Math.max(0, current.index - 1) });
    else if (key.downArrow || input === 'j') setView({ ...current, index: Math.min(runs.length - 1, current.index + 1) });
    else if (input === ' ' && focused !== undefined) setView({ ...current, marked: toggleMark(current.marked, focused.dir) });
    else if (input === 'c') setView({ ...current, comparing: !current.comparing });
    else if (key.escape) setView({ ...current, comparing: false });
    else if (input === 'r') task.reload();
    else if (key.return && focused !== undefined) onSelectRun(focused.dir);
  }, active);

  const compared = view.marked.map((dir) => runs.find((run) => run.dir === dir)).filter((run): run is RunSummary => run !== undefined);
  const focused = runs[Math.min(view.index, runs.length - 1)];
  const listHeight = Math.max(3, Math.min(runs.length, Math.floor(height / 3)));
  const firstShown = Math.min(Math.max(0, view.index - listHeight + 1), Math.max(0, runs.length - listHeight));
  const [left, right] = compared;
  const chartHeight = Math.max(3, height - listHeight - (view.comparing ? 19 : 9));
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold>Runs in </Text>
        <Text color="cyan">{displayPath(runsDir, cwd)}</Text>
        <Text dimColor> ({runs.length})</Text>
      </Text>
      <TaskStatus state={task.state} label="Reading the runs" />
      {task.state.status === 'done' && runs.length === 0 ? <Text dimColor>No runs yet: train one on the Method screen (3).</Text> : null}
      {runs.length === 0 ? null : <Text dimColor>{`    ${HEADER}`}</Text>}
      {runs.slice(firstShown, firstShown + listHeight).map((run, offset) => {
        const index = firstShown + offset;
        const isFocused = index === view.index;
        const mark = view.marked.includes(run.dir) ? '●' : '○';
        return (
          <Text key={run.dir} wrap="truncate-end" {...(isFocused ? { color: 'cyan' } : {})}>
            {isFocused ? '›' : ' '} {mark} {runLine(run)}
            {run.dir === currentRunDir ? '  (in use)' : ''}
          </Text>
        );
      })}
      {view.comparing && left !== undefined && right !== undefined ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>
            {cell('', 18)}
            {cell(left.name, 26)}
            {right.name}
          </Text>
          {compareRuns(left, right).map((row) => (
            <Text key={row.label}>
              <Text dimColor>{cell(row.label, 18)}</Text>
              <Text {...(row.better === 'left' ? { color: 'green' } : {})}>{cell(row.left, 26)}</Text>
              <Text {...(row.better === 'right' ? { color: 'green' } : {})}>{row.right}</Text>
            </Text>
          ))}
          <LossChart series={[left, right].map((run) => ({ name: run.name, points: run.losses }))} width={Math.max(30, width - 2)} height={chartHeight} title="Training loss" />
        </Box>
      ) : view.comparing ? (
        <Text color="yellow">Mark two runs with space to compare them ({compared.length} marked).</Text>
      ) : focused === undefined ? null : (
        <Box flexDirection="column" marginTop={1}>
          <Text wrap="truncate-end">
            <Text bold>{focused.name}</Text> · model {focused.modelPath === undefined ? '?' : basename(focused.modelPath)} · data {focused.dataPath === undefined ? '?' : basename(focused.dataPath)} ·{' '}
            {focused.hasArtifact ? 'adapter saved' : focused.hasCheckpoint ? 'checkpoint only' : 'no checkpoint'}
          </Text>
          <LossChart series={[{ name: focused.name, points: focused.losses }]} width={Math.max(30, width - 2)} height={chartHeight} title="Training loss" />
        </Box>
      )}
    </Box>
  );
}
