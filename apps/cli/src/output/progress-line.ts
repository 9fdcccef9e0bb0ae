import type { ProgressEvent } from '@causal-tune/core';
import { formatCompact, formatDuration, formatScientific } from './format-number.js';

function formatLoss(loss: number): string {
  return Number.isFinite(loss) ? loss.toFixed(4) : String(loss).toLowerCase();
}

/**
 * One plain line for a progress event, the fixed nanoGPT-like format of STYLE.md that the CLI
 * prints off a TTY and in CI, e.g. `step 120/2000 | loss 2.3412 | lr 2.00e-4 | 412 ms | 1.2k tok/s`.
 * Pure: no colour, no clock, no terminal.
 */
export function formatProgressLine(event: ProgressEvent): string {
  switch (event.type) {
    case 'step-end':
      return [
        `step ${event.step}/${event.totalSteps}`,
        `loss ${formatLoss(event.loss)}`,
        `lr ${formatScientific(event.learningRate)}`,
        `${Math.round(event.durationMs)} ms`,
        `${formatCompact(event.tokensPerSecond)} tok/s`,
      ].join(' | ');
    case 'eval-end': {
      const metrics = Object.entries(event.metrics).map(([name, value]) => `${name} ${Number.isInteger(value) ? value : formatLoss(value)}`);
      return [`eval step ${event.step}`, ...metrics].join(' | ');
    }
    case 'checkpoint-end':
      return `checkpoint step ${event.step} | ${event.path}${event.best ? ' (best)' : ''}`;
    case 'run-start': {
      const parts = [`run start | ${event.runDir} | ${event.totalSteps} steps`];
      if (event.resumedFromStep !== undefined) parts.push(`resumed from step ${event.resumedFromStep}`);
      return parts.join(' | ');
    }
    case 'run-end':
      return `run end step ${event.step} | ${event.reason} | ${formatDuration(event.durationMs)}`;
    case 'task-start':
      return event.total === undefined ? `${event.task} start` : `${event.task} start | ${event.total} items`;
    case 'task-progress':
      return event.total === undefined
        ? `${event.task} ${event.completed}`
        : `${event.task} ${event.completed}/${event.total} (${Math.floor((100 * event.completed) / Math.max(1, event.total))}%)`;
    case 'task-end':
      return `${event.task} end | ${formatDuration(event.durationMs)}`;
  }
}
