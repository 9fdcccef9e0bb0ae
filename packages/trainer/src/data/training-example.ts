import type { LossExample } from './loss-targets.js';

/** One encoded example of a run, ready to batch. */
export interface TrainingExample extends LossExample {
  /** Identifies the source record in messages (the court ID, or `row N`). */
  readonly id: string;
  /** Characters of the facts cut to fit the cut-off length. */
  readonly truncatedCharacters: number;
}
