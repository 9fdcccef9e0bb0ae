import type { HostTensor } from '@causal-tune/graph';
import type { FloatTensor } from '@causal-tune/models';
import type { SequenceLayout } from '../data/collate.js';
import type { TrainingGraphOptions } from '../graph/build-training-graph.js';

/** What a fine-tuning method contributes to a run. */
export interface TrainingMethod {
  readonly name: 'lora' | 'prompt-tuning' | 'p-tuning' | 'prefix-tuning' | 'full';
  /** How virtual tokens extend the sequences. */
  readonly layout: SequenceLayout;
  /** The trainable tensors' starting values, by graph input name. */
  initialTensors(): Promise<Map<string, FloatTensor>>;
  /** Creates the trainable inputs and hooks in the training graph. */
  readonly parameterize: TrainingGraphOptions['parameterize'];
  /** Checkpoint tensors fed as trainable inputs (full fine-tuning), else undefined. */
  readonly trainableWeights?: ReadonlySet<string>;
  /** Inputs the method needs besides the batch: LoRA dropout keep-masks, seeded per draw. */
  extraFeeds(options: { readonly batch: number; readonly seq: number; readonly draw: string; readonly training: boolean }): Record<string, HostTensor>;
  /** Writes the trained result: a PEFT adapter directory, or a full model directory. */
  saveArtifact(directory: string, trainable: ReadonlyMap<string, FloatTensor>): Promise<void>;
}
