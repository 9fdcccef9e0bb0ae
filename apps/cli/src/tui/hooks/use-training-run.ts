import type { TrainConfig, TrainOptions, TrainResult } from '@causal-tune/trainer';
import { useEffect, useMemo, useReducer, useRef } from 'react';
import { taskErrorOf } from '../state/async-task.js';
import { IDLE_TRAINING, trainingRunReducer } from '../state/training-run.js';
import type { TrainingRunAction, TrainingRunState } from '../state/training-run.js';

/** The trainer's `train`, or a stand-in with its signature (tests, other backends). */
export type TrainFunction = (config: TrainConfig, options: TrainOptions) => Promise<Pick<TrainResult, 'runDir' | 'stoppedBy' | 'durationMs'>>;

/** Starts and cancels one training at a time, reporting through a dispatch. */
export interface TrainingRunner {
  /** Starts a run unless one is going; resolves when it has ended (never rejects). */
  start(config: TrainConfig): Promise<void>;
  /** Asks the running training to stop: the trainer checkpoints, then returns `aborted`. */
  cancel(): void;
  /** True from `start` until the trainer has returned. */
  isActive(): boolean;
}

/**
 * The work of {@link useTrainingRun} without React: wires `train` to an AbortController and
 * turns its progress events, result and failure into {@link TrainingRunAction}s.
 */
export function createTrainingRunner(train: TrainFunction, dispatch: (action: TrainingRunAction) => void, now: () => number = Date.now): TrainingRunner {
  let controller: AbortController | undefined;
  return {
    async start(config) {
      if (controller !== undefined) return;
      const current = new AbortController();
      controller = current;
      dispatch({ type: 'start', atMs: now(), run: { outputDir: config.outputDir, method: config.method.type, modelPath: config.model.path, dataPath: config.data.path } });
      try {
        const result = await train(config, { signal: current.signal, onProgress: (event) => dispatch({ type: 'progress', event }) });
        dispatch({ type: 'finish', stoppedBy: result.stoppedBy, runDir: result.runDir, durationMs: result.durationMs });
      } catch (error) {
        dispatch({ type: 'fail', error: taskErrorOf(error) });
      } finally {
        controller = undefined;
      }
    },
    cancel() {
      if (controller === undefined || controller.signal.aborted) return;
      dispatch({ type: 'cancel' });
      controller.abort();
    },
    isActive: () => controller !== undefined,
  };
}

/** What {@link useTrainingRun} returns. */
export interface TrainingRun {
  readonly state: TrainingRunState;
  start(config: TrainConfig): void;
  cancel(): void;
}

/**
 * One training run at a time for the TUI: the state of {@link trainingRunReducer}, and
 * start/cancel through {@link createTrainingRunner}. Unmounting cancels a running training,
 * so quitting the UI still leaves a checkpoint.
 */
export function useTrainingRun(train: TrainFunction): TrainingRun {
  const [state, dispatch] = useReducer(trainingRunReducer, IDLE_TRAINING);
  const trainRef = useRef(train);
  trainRef.current = train;
  const runner = useMemo(() => createTrainingRunner((config, options) => trainRef.current(config, options), dispatch), []);
  useEffect(() => () => runner.cancel(), [runner]);
  return useMemo(() => ({ state, start: (config: TrainConfig) => void runner.start(config), cancel: () => runner.cancel() }), [state, runner]);
}
