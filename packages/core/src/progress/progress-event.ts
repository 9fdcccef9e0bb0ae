import type { Logger } from '../logging/logger.js';

/**
 * Typed progress events, `<noun>-<action>` (STYLE.md). The CLI turns them into Ink views or
 * one plain line each; the API ignores them.
 */
export type ProgressEvent =
  /** A named unit of work began; `total` is its number of items when known. */
  | { readonly type: 'task-start'; readonly task: string; readonly total?: number }
  /** Items of a task were completed. */
  | { readonly type: 'task-progress'; readonly task: string; readonly completed: number; readonly total?: number }
  /** A task finished. */
  | { readonly type: 'task-end'; readonly task: string; readonly durationMs: number }
  /** A training run began with its resolved, frozen config. */
  | { readonly type: 'run-start'; readonly runDir: string; readonly totalSteps: number; readonly config: unknown; readonly resumedFromStep?: number }
  /** One optimizer step finished. */
  | {
      readonly type: 'step-end';
      readonly step: number;
      readonly totalSteps: number;
      readonly epoch: number;
      readonly loss: number;
      readonly learningRate: number;
      readonly gradNorm?: number;
      readonly durationMs: number;
      readonly tokensPerSecond: number;
      readonly etaMs: number;
    }
  /** An evaluation on the validation split finished. */
  | { readonly type: 'eval-end'; readonly step: number; readonly metrics: Readonly<Record<string, number>> }
  /** A checkpoint was written atomically. */
  | { readonly type: 'checkpoint-end'; readonly step: number; readonly path: string; readonly best: boolean }
  /** A training run ended, normally or by abort. */
  | { readonly type: 'run-end'; readonly step: number; readonly reason: 'completed' | 'early-stopped' | 'aborted'; readonly durationMs: number };

/** The `type` of a {@link ProgressEvent}. */
export type ProgressEventType = ProgressEvent['type'];

/** Receives progress events. */
export type ProgressListener = (event: ProgressEvent) => void;

/** The options every long-running function takes (STYLE.md, Public API). */
export interface RunOptions {
  readonly logger?: Logger;
  readonly onProgress?: ProgressListener;
  readonly signal?: AbortSignal;
}
