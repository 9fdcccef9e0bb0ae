import type { ProgressEvent } from '@causal-tune/core';
import type { ChartPoint } from '../charts/line-chart.js';
import type { TaskError, TaskProgress } from './async-task.js';

/** Where a training run is. */
export type TrainingPhase = 'idle' | 'starting' | 'running' | 'cancelling' | 'completed' | 'early-stopped' | 'cancelled' | 'failed';

/** What the training screen shows of the run it started. */
export interface TrainingRunSummary {
  readonly outputDir: string;
  readonly method: string;
  readonly modelPath: string;
  readonly dataPath: string;
}

/** The last checkpoint written. */
export interface CheckpointInfo {
  readonly step: number;
  readonly path: string;
}

/** The state of the training screen, reduced from the trainer's progress events. */
export interface TrainingRunState {
  readonly phase: TrainingPhase;
  readonly run: TrainingRunSummary | undefined;
  /** The run directory, from `run-start`. */
  readonly runDir: string | undefined;
  readonly step: number;
  readonly totalSteps: number;
  readonly resumedFromStep: number | undefined;
  /** Values of the last `step-end`. */
  readonly loss: number | undefined;
  readonly learningRate: number | undefined;
  readonly tokensPerSecond: number | undefined;
  readonly etaMs: number | undefined;
  readonly epoch: number | undefined;
  /** The training loss of every step so far (the live curve). */
  readonly losses: readonly ChartPoint[];
  /** The validation metrics of each `eval-end`. */
  readonly evaluations: readonly { readonly step: number; readonly metrics: Readonly<Record<string, number>> }[];
  /** The resumable checkpoint (`checkpoint/`) and the best artifact (`best/`), when written. */
  readonly checkpoint: CheckpointInfo | undefined;
  readonly best: CheckpointInfo | undefined;
  /** Loading work before the first step (tokenising the examples). */
  readonly task: TaskProgress | undefined;
  readonly startedAtMs: number | undefined;
  readonly durationMs: number | undefined;
  readonly error: TaskError | undefined;
}

/** Everything that changes a {@link TrainingRunState}. */
export type TrainingRunAction =
  | { readonly type: 'start'; readonly run: TrainingRunSummary; readonly atMs: number }
  | { readonly type: 'progress'; readonly event: ProgressEvent }
  | { readonly type: 'cancel' }
  | { readonly type: 'finish'; readonly stoppedBy: 'completed' | 'early-stopped' | 'aborted'; readonly runDir: string; readonly durationMs: number }
  | { readonly type: 'fail'; readonly error: TaskError };

/** No run yet. */
export const IDLE_TRAINING: TrainingRunState = {
  phase: 'idle',
  run: undefined,
  runDir: undefined,
  step: 0,
  totalSteps: 0,
  resumedFromStep: undefined,
  loss: undefined,
  learningRate: undefined,
  tokensPerSecond: undefined,
  etaMs: undefined,
  epoch: undefined,
  losses: [],
  evaluations: [],
  checkpoint: undefined,
  best: undefined,
  task: undefined,
  startedAtMs: undefined,
  durationMs: undefined,
  error: undefined,
};

/** True while the trainer works: starting, running or stopping after a cancel. */
export function isTrainingActive(state: Pick<TrainingRunState, 'phase'>): boolean {
  return state.phase === 'starting' || state.phase === 'running' || state.phase === 'cancelling';
}

function reduceEvent(state: TrainingRunState, event: ProgressEvent): TrainingRunState {
  switch (event.type) {
    case 'run-start':
      return {
        ...state,
        phase: state.phase === 'cancelling' ? 'cancelling' : 'running',
        runDir: event.runDir,
        totalSteps: event.totalSteps,
        step: event.resumedFromStep ?? 0,
        resumedFromStep: event.resumedFromStep,
        task: undefined,
      };
    case 'step-end':
      return {
        ...state,
        step: event.step,
        totalSteps: event.totalSteps,
        loss: event.loss,
        learningRate: event.learningRate,
        tokensPerSecond: event.tokensPerSecond,
        etaMs: event.etaMs,
        epoch: event.epoch,
        losses: [...state.losses, { x: event.step, y: event.loss }],
      };
    case 'eval-end':
      return { ...state, evaluations: [...state.evaluations, { step: event.step, metrics: event.metrics }] };
    case 'checkpoint-end':
      return event.best ? { ...state, best: { step: event.step, path: event.path } } : { ...state, checkpoint: { step: event.step, path: event.path } };
    case 'task-start':
      return { ...state, task: { task: event.task, completed: 0, ...(event.total === undefined ? {} : { total: event.total }) } };
    case 'task-progress':
      return { ...state, task: { task: event.task, completed: event.completed, ...(event.total === undefined ? {} : { total: event.total }) } };
    case 'task-end':
      return { ...state, task: undefined };
    case 'run-end':
      return { ...state, step: event.step, durationMs: event.durationMs };
  }
}

/**
 * The training screen's reducer (pure): a start, the trainer's progress events in order, a
 * cancel request, then the result or the failure. A cancel is only a request: the phase
 * becomes `cancelled` when the trainer returns (after writing its checkpoint).
 */
export function trainingRunReducer(state: TrainingRunState, action: TrainingRunAction): TrainingRunState {
  switch (action.type) {
    case 'start':
      return { ...IDLE_TRAINING, phase: 'starting', run: action.run, startedAtMs: action.atMs };
    case 'progress':
      return isTrainingActive(state) ? reduceEvent(state, action.event) : state;
    case 'cancel':
      return isTrainingActive(state) ? { ...state, phase: 'cancelling' } : state;
    case 'finish':
      return {
        ...state,
        phase: action.stoppedBy === 'aborted' ? 'cancelled' : action.stoppedBy,
        runDir: action.runDir,
        durationMs: action.durationMs,
        etaMs: action.stoppedBy === 'aborted' ? state.etaMs : 0,
        task: undefined,
      };
    case 'fail':
      return { ...state, phase: 'failed', error: action.error, task: undefined };
  }
}
