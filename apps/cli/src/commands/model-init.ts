import { parseWithSchema } from '@causal-tune/core';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { CliContext } from '../cli-context.js';
import { createCommandOutput } from '../output/command-output.js';
import type { CliCommand, GlobalFlags } from './cli-command.js';
import { addJsonOption } from './cli-command.js';

const modelInitFlagsSchema = z.object({
  arch: z.enum(['llama', 'gpt2']),
  preset: z.enum(['tiny', 'gpt2-124m', 'smollm-135m']).default('tiny'),
  out: z.string().min(1),
  tokenizer: z.string().min(1).optional(),
  seed: z.coerce.number().int().default(0),
  json: z.boolean().default(false),
});

/** Writes a seeded random model as a Hugging Face directory (tests, benchmarks). */
export async function executeModelInit(flags: z.output<typeof modelInitFlagsSchema> & GlobalFlags, context: CliContext): Promise<void> {
  const output = createCommandOutput(context, flags);
  const { countParameters, createTinyModel, loadTokenizer, saveModel } = await import('@causal-tune/models');
  const tokenizerDir = flags.tokenizer === undefined ? undefined : resolve(context.cwd, flags.tokenizer);
  const tokenizer = tokenizerDir === undefined ? undefined : await loadTokenizer(tokenizerDir);
  const model = createTinyModel({ architecture: flags.arch, preset: flags.preset, seed: flags.seed, ...(tokenizer ? { tokenizer } : {}) });
  const directory = resolve(context.cwd, flags.out);
  const files = await saveModel(directory, model, tokenizerDir === undefined ? {} : { tokenizerDir });
  const parameters = countParameters(model.config);
  if (output.settings.mode === 'json') output.printJson({ directory, architecture: flags.arch, preset: flags.preset, seed: flags.seed, parameters, files });
  else output.print(`wrote a ${flags.arch} ${flags.preset} model (${parameters.toLocaleString('en-US')} parameters, seed ${flags.seed}) to ${directory}`);
}

/** `ctune model init --arch llama|gpt2 --preset tiny|gpt2-124m --out DIR [--tokenizer DIR] [--seed N]`. */
export const modelCommand: CliCommand = {
  name: 'model',
  register(program, context) {
    const model = program.command('model').summary('create model directories');
    const init = model
      .command('init')
      .summary('write a seeded random model as a Hugging Face directory')
      .requiredOption('--arch <name>', 'llama or gpt2')
      .option('--preset <name>', 'tiny, gpt2-124m or smollm-135m', 'tiny')
      .requiredOption('--out <dir>', 'directory to write')
      .option('--tokenizer <dir>', 'copy this tokenizer and size the vocabulary to it')
      .option('--seed <n>', 'seed of the weights', '0');
    addJsonOption(init).action(async (_options: unknown, self: typeof init) => {
      const flags = parseWithSchema(modelInitFlagsSchema, self.opts(), "The command line of 'ctune model init'", 'USAGE_INVALID');
      await executeModelInit(flags, context);
    });
  },
};
