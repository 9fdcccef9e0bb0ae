import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ToolkitError, isToolkitError, writeJsonAtomic } from '@causal-tune/core';
import { readSafetensors, writeSafetensors, type FloatTensor } from '@causal-tune/models';
import { z } from 'zod';

/** The loop's counters saved with each checkpoint. */
export const checkpointStateSchema = z.object({
  step: z.number().int().nonnegative().describe('Optimizer steps completed.'),
  bestValidationLoss: z.number().nullable().describe('Best validation loss so far.'),
  evaluationsWithoutImprovement: z.number().int().nonnegative().describe('For early stopping.'),
  configHash: z.string().describe('Hash of the config the run was started with; resume refuses another.'),
});

/** Saved loop counters. */
export type CheckpointState = z.output<typeof checkpointStateSchema>;

/** Everything needed to continue a run exactly. */
export interface TrainingCheckpoint {
  readonly state: CheckpointState;
  /** Trainable tensors by name. */
  readonly trainable: ReadonlyMap<string, FloatTensor>;
  /** AdamW moments: `<name>.m` and `<name>.v`. */
  readonly optimizer: ReadonlyMap<string, FloatTensor>;
}

/**
 * Writes a checkpoint so that a kill at any moment leaves the previous one whole: the files go
 * to `checkpoint.tmp/`, then that folder replaces `checkpoint/` with two renames. A write that
 * fails (a full disk) removes `checkpoint.tmp/` and leaves the previous checkpoint as it was.
 */
export async function saveCheckpoint(directory: string, checkpoint: TrainingCheckpoint): Promise<void> {
  const staging = `${directory}.tmp`;
  const previous = `${directory}.old`;
  await rm(staging, { recursive: true, force: true });
  try {
    await mkdir(staging, { recursive: true });
    await writeSafetensors(join(staging, 'trainable.safetensors'), checkpoint.trainable);
    await writeSafetensors(join(staging, 'optimizer.safetensors'), checkpoint.optimizer);
    await writeJsonAtomic(join(staging, 'state.json'), checkpoint.state);
  } catch (cause) {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    if (isToolkitError(cause)) throw cause;
    throw new ToolkitError('ARTIFACT_WRITE_FAILED', `Could not write the checkpoint '${directory}': ${(cause as Error)?.message ?? String(cause)}. The previous checkpoint is unchanged.`, { details: { path: directory }, cause });
  }
  await rm(previous, { recursive: true, force: true });
  await rename(directory, previous).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  await rename(staging, directory);
  await rm(previous, { recursive: true, force: true });
}

/** Reads a checkpoint, or undefined when the run has none yet. */
export async function loadCheckpoint(directory: string): Promise<TrainingCheckpoint | undefined> {
  // A kill between the two renames of saveCheckpoint leaves only `.old`: it is the latest whole one.
  const candidates = [directory, `${directory}.old`];
  for (const candidate of candidates) {
    let stateText: string;
    try {
      stateText = await readFile(join(candidate, 'state.json'), 'utf8');
    } catch {
      continue;
    }
    const parsed = checkpointStateSchema.safeParse(JSON.parse(stateText));
    if (!parsed.success) throw new ToolkitError('ARTIFACT_INCOMPATIBLE', `The checkpoint in '${candidate}' has an unreadable state.json: ${parsed.error.message}`);
    const floats = async (file: string) => {
      const { tensors } = await readSafetensors(join(candidate, file));
      return new Map([...tensors].filter((entry): entry is [string, FloatTensor] => entry[1].dtype !== 'I64' && entry[1].dtype !== 'I32'));
    };
    return { state: parsed.data, trainable: await floats('trainable.safetensors'), optimizer: await floats('optimizer.safetensors') };
  }
  return undefined;
}
