import type { HostTensor } from '@causal-tune/graph';
import type { FloatTensor, FrozenWeights, PeftSpec } from '@causal-tune/models';
import type { SequenceLayout } from '@causal-tune/models';
import type { TrainingGraphOptions } from '../graph/build-training-graph.js';

/** What a tuning method contributes to a run (models' MethodTraining, with the step inputs bound). */
export interface TrainingMethod {
  /** `method.type` of the run config. */
  readonly name: string;
  /** The run's adapter_config.json (undefined for full fine-tuning). */
  readonly adapterConfig?: PeftSpec['config'];
  /** How virtual tokens extend the sequences. */
  readonly layout: SequenceLayout;
  /** The trainable tensors' starting values, by graph input name (DoRA's need the frozen weights the graph reads). */
  initialTensors(frozen?: FrozenWeights | ReadonlyMap<string, FloatTensor>): Promise<Map<string, FloatTensor>>;
  /** Creates the trainable inputs and hooks in the training graph. */
  readonly parameterize: TrainingGraphOptions['parameterize'];
  /** Checkpoint tensors fed as trainable inputs (full fine-tuning), else undefined. */
  readonly trainableWeights?: ReadonlySet<string>;
  /** Inputs the method needs besides the batch: LoRA dropout keep-masks, seeded per draw. */
  extraFeeds(options: { readonly batch: number; readonly seq: number; readonly draw: string; readonly training: boolean }): Record<string, HostTensor>;
  /** Writes the trained result: a PEFT adapter directory, or a full model directory. */
  saveArtifact(directory: string, trainable: ReadonlyMap<string, FloatTensor>): Promise<void>;
}
