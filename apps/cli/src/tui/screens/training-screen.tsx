import { Box, Text } from 'ink';
import { basename } from 'node:path';
import { formatCompact, formatDuration, formatScientific } from '../../output/format-number.js';
import { LossChart } from '../components/loss-chart.js';
import { ProgressBar } from '../components/progress-bar.js';
import { displayPath } from '../display-path.js';
import { useKeys } from '../hooks/use-keys.js';
import { isTrainingActive } from '../state/training-run.js';
import type { TrainingPhase, TrainingRunState } from '../state/training-run.js';

/** Props of {@link TrainingScreen}. */
export interface TrainingScreenProps {
  /** The screen has the keyboard. */
  readonly active: boolean;
  /** The run, reduced from the trainer's progress events by `useTrainingRun`. */
  readonly run: TrainingRunState;
  readonly cwd: string;
  readonly width: number;
  /** Rows available to the screen. */
  readonly height: number;
  /** The current time (ms), for the elapsed time while running. */
  readonly nowMs: number;
  /** `c` or esc while a training runs. */
  onCancel(): void;
  /** `e` once the run has ended with an artifact: evaluate it. */
  onEvaluate(runDir: string): void;
}

const PHASE_TEXT: Readonly<Record<TrainingPhase, string>> = {
  idle: 'No training yet: set the method on the Method screen (3) and press s.',
  starting: 'Loading the model and the data…',
  running: 'Training: c cancels (the trainer writes a checkpoint first).',
  cancelling: 'Cancelling: the trainer is writing a checkpoint…',
  completed: 'Completed.',
  'early-stopped': 'Stopped early: the validation loss stopped improving.',
  cancelled: 'Cancelled.',
  failed: 'Failed.',
};

const PHASE_COLOR: Readonly<Record<TrainingPhase, string>> = {
  idle: 'gray',
  starting: 'yellow',
  running: 'cyan',
  cancelling: 'yellow',
  completed: 'green',
  'early-stopped': 'green',
  cancelled: 'yellow',
  failed: 'red',
};

function formatLoss(value: number | undefined): string {
  return value === undefined ? '–' : Number.isFinite(value) ? value.toFixed(4) : String(value);
}

function formatMetric(name: string, value: number): string {
  if (name === 'examples') return `${name} ${value}`;
  return `${name} ${Number.isFinite(value) ? value.toFixed(4) : '–'}`;
}

/**
 * Screen 4: the running training: a progress bar, ETA, tokens/s, the live loss curve, the
 * validation metrics and the checkpoints; `c` cancels through the run's AbortController and
 * the screen then says where the checkpoint is.
 */
export function TrainingScreen({ active, run, cwd, width, height, nowMs, onCancel, onEvaluate }: TrainingScreenProps) {
  const trainingActive = isTrainingActive(run);
  const finished = run.phase === 'completed' || run.phase === 'early-stopped';
  useKeys((input, key) => {
    if ((input === 'c' || key.escape) && trainingActive) onCancel();
    else if (input === 'e' && finished && run.runDir !== undefined) onEvaluate(run.runDir);
  }, active);

  const elapsedMs = run.durationMs ?? (run.startedAtMs === undefined ? undefined : Math.max(0, nowMs - run.startedAtMs));
  const lastEvaluation = run.evaluations[run.evaluations.length - 1];
  const detailRows = 6 + (run.run === undefined ? 0 : 1) + (lastEvaluation === undefined ? 0 : 1) + (run.checkpoint === undefined ? 0 : 1) + (run.phase === 'cancelled' || run.phase === 'failed' ? 2 : 0);
  const chartHeight = Math.max(3, Math.min(12, height - detailRows));
  return (
    <Box flexDirection="column">
      {run.run === undefined ? null : (
        <Text wrap="truncate-end">
          <Text bold>Run </Text>
          <Text color="cyan">{displayPath(run.runDir ?? run.run.outputDir, cwd)}</Text>
          <Text>
            {' '}
            · {run.run.method} · {basename(run.run.modelPath)} · {basename(run.run.dataPath)}
          </Text>
        </Text>
      )}
      <Text color={PHASE_COLOR[run.phase]}>{PHASE_TEXT[run.phase]}</Text>
      {run.phase === 'idle' ? null : (
        <>
          <Box>
            <ProgressBar completed={run.step} total={run.totalSteps} width={Math.max(10, Math.min(50, width - 30))} />
            <Text>
              {'  '}step {run.step}/{run.totalSteps || '?'}
              {run.resumedFromStep === undefined ? '' : ` (resumed at ${run.resumedFromStep})`}
            </Text>
          </Box>
          <Text>
            loss <Text bold>{formatLoss(run.loss)}</Text> · lr {run.learningRate === undefined ? '–' : formatScientific(run.learningRate)} ·{' '}
            {run.tokensPerSecond === undefined ? '–' : formatCompact(run.tokensPerSecond)} tok/s · ETA {run.etaMs === undefined ? '–' : formatDuration(run.etaMs)} · elapsed{' '}
            {elapsedMs === undefined ? '–' : formatDuration(elapsedMs)}
          </Text>
          {run.task === undefined ? null : (
            <Text color="yellow">
              {run.task.task} {run.task.completed}
              {run.task.total === undefined ? '' : `/${run.task.total}`}
            </Text>
          )}
          <LossChart series={[{ name: 'loss', points: run.losses }]} width={Math.max(30, width - 2)} height={chartHeight} title="Training loss" />
        </>
      )}
      {lastEvaluation === undefined ? null : (
        <Text wrap="truncate-end">
          <Text bold>Validation</Text> at step {lastEvaluation.step}: {Object.entries(lastEvaluation.metrics).map(([name, value]) => formatMetric(name, value)).join(' · ')}
        </Text>
      )}
      {run.checkpoint === undefined ? null : (
        <Text wrap="truncate-end">
          <Text bold>Checkpoint</Text> (step {run.checkpoint.step}): {run.checkpoint.path}
          {run.best === undefined ? '' : ` · best (step ${run.best.step}): ${displayPath(run.best.path, cwd)}`}
        </Text>
      )}
      {run.phase === 'cancelled' ? (
        <Text color="yellow" wrap="wrap">
          Stopped at step {run.step}.{' '}
          {run.checkpoint === undefined ? 'No checkpoint was written.' : `The checkpoint is in ${run.checkpoint.path}; the trainer resumes from it with the same config.`}
        </Text>
      ) : null}
      {run.phase === 'failed' && run.error !== undefined ? (
        <Text color="red" wrap="wrap">
          {run.error.code}: {run.error.message}
        </Text>
      ) : null}
      {finished ? <Text color="green">Press e to evaluate this run.</Text> : null}
    </Box>
  );
}
