import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ToolkitError, parseWithSchema } from '@causal-tune/core';
import { WEIGHT_PRECISION_NAMES } from '@causal-tune/models';
import { z } from 'zod';

/** The name of the resolved training config in a run directory. */
export const RUN_CONFIG_NAME = 'config.json';

// Only the fields inference needs, with the trainer's defaults (packages/trainer's
// train-config.ts); unknown fields are kept out of the way, never rejected, so that a newer
// trainer's config.json still loads. inference must not import trainer: they meet on disk
// (docs/architecture/run-directory.md).

/** The prompt section inference reads: predictions use exactly the prompts the run trained on. */
export const runPromptSchema = z
  .object({
    template: z.string().min(1).default('alpaca').describe('Built-in template name the run trained with.'),
    askWith: z.enum(['full-name', 'alias']).default('full-name').describe('Court prompts: ask with the full party name or the alias found in the facts.'),
    verbalizer: z.record(z.string(), z.string().min(1)).default({ '1': 'yes', '0': 'no' }).describe('Label -> answer word.'),
    cutoffLen: z.number().int().positive().default(256).describe('Longest tokenised training example (prompt, answer, EOS); inference fits prompts to it.'),
    addEosToken: z.boolean().default(true).describe('Training examples ended with EOS, which took one token of cutoffLen.'),
  })
  .loose();

/** The fields of a run's config.json that inference reads. */
export const runConfigSchema = z
  .object({
    model: z
      .object({
        path: z.string().min(1).describe('The base model directory, absolute or relative to the run directory.'),
        dtype: z.enum(WEIGHT_PRECISION_NAMES).optional().describe('The precision the run trained its frozen weights in; predictions use it unless told otherwise.'),
      })
      .loose(),
    method: z
      .object({ type: z.enum(['lora', 'prompt-tuning', 'p-tuning', 'prefix-tuning', 'full']).describe('How the run was tuned; "full" keeps a whole model in <run>/model.') })
      .loose()
      .default({ type: 'lora' }),
    prompt: runPromptSchema.default(runPromptSchema.parse({})),
  })
  .loose();

/** What inference knows of a run from its config.json. */
export type RunConfig = z.output<typeof runConfigSchema>;

/** The prompt settings of a run (or the defaults for a bare model). */
export type RunPromptSettings = z.output<typeof runPromptSchema>;

/** The default prompt settings: the trainer's defaults, for a model directory without a run. */
export const DEFAULT_PROMPT_SETTINGS: RunPromptSettings = runPromptSchema.parse({});

/**
 * Reads `<runDir>/config.json`. A missing directory or file is `ARTIFACT_NOT_FOUND`; a config
 * without the fields inference needs is `CONFIG_INVALID` listing every problem.
 */
export async function readRunConfig(runDir: string): Promise<RunConfig> {
  const isDirectory = await stat(runDir).then(
    (entry) => entry.isDirectory(),
    () => false,
  );
  if (!isDirectory) {
    throw new ToolkitError('ARTIFACT_NOT_FOUND', `The run directory '${runDir}' does not exist. Pass the directory a training run wrote (ctune train --out DIR), which holds config.json and adapter/.`, {
      details: { runDir },
    });
  }
  const path = join(runDir, RUN_CONFIG_NAME);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new ToolkitError('ARTIFACT_NOT_FOUND', `The run directory '${runDir}' has no ${RUN_CONFIG_NAME}; it is not a finished or started training run.`, { details: { runDir, path }, cause });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new ToolkitError('CONFIG_INVALID', `${path} is not valid JSON: ${(cause as Error).message}`, { details: { path }, cause });
  }
  return parseWithSchema(runConfigSchema, raw, `The run config ${path}`);
}
