import { totalmem } from 'node:os';
import { ToolkitError } from '@causal-tune/core';
import { countParameters, type ModelConfig } from '@causal-tune/models';

/**
 * Bytes a trained parameter costs in full fine-tuning here: the float32 weight (fed to
 * onnxruntime), its gradient as onnxruntime outputs it and as copied into JavaScript, the
 * gradient summed over micro-batches, and AdamW's two moments: 6 × 4 bytes.
 */
export const FULL_FINE_TUNING_BYTES_PER_PARAMETER = 24;

/** What a full fine-tuning run would hold in memory. */
export interface MemoryEstimate {
  readonly parameters: number;
  readonly neededBytes: number;
  readonly availableBytes: number;
}

/**
 * Full fine-tuning keeps every parameter's float32 weight, gradients and two AdamW moments in
 * memory (24 bytes a parameter, see FULL_FINE_TUNING_BYTES_PER_PARAMETER) before the first
 * activation: a 1.1B model needs 26 GB, a 7B one 162 GB. Checked before anything is loaded, against the machine's memory; a run that
 * cannot fit is `TRAIN_MEMORY_INSUFFICIENT`, saying what it needs and what fits instead.
 */
export function assertFullFineTuningFits(config: ModelConfig, availableBytes = totalmem()): MemoryEstimate {
  const parameters = countParameters(config);
  const neededBytes = parameters * FULL_FINE_TUNING_BYTES_PER_PARAMETER;
  const estimate = { parameters, neededBytes, availableBytes };
  // Activations, onnxruntime's buffers and the process itself need room too.
  if (neededBytes > availableBytes * 0.9) {
    const gb = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`;
    throw new ToolkitError(
      'TRAIN_MEMORY_INSUFFICIENT',
      `Full fine-tuning of this ${(parameters / 1e9).toFixed(2)}B-parameter model needs about ${gb(neededBytes)} (${FULL_FINE_TUNING_BYTES_PER_PARAMETER} bytes a parameter: float32 weights, their gradients and two AdamW moments) before any activation, but this machine has ${gb(availableBytes)}. ` +
        'Tune few parameters instead: --method lora (or prompt-tuning, p-tuning, prefix-tuning), with --dtype q8 or q4 for the frozen weights.',
      { details: { ...estimate, bytesPerParameter: FULL_FINE_TUNING_BYTES_PER_PARAMETER } },
    );
  }
  return estimate;
}
