import { parseWithSchema } from '@causal-tune/core';
import { MODEL_ARCHITECTURES, MODEL_PRESET_NAMES } from '@causal-tune/models';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { CliContext } from '../cli-context.js';
import { createCommandOutput } from '../output/command-output.js';
import type { CliCommand, GlobalFlags } from './cli-command.js';
import { addJsonOption } from './cli-command.js';

/** Stored dtypes of `--dtype`, in torch's names, and the safetensors dtype each writes. */
const STORED_DTYPES = { float32: 'F32', float16: 'F16', bfloat16: 'BF16' } as const;

const UNITS: Readonly<Record<string, number>> = { '': 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

/** `5GB`, `500MiB` or a number of bytes (transformers' max_shard_size). */
const shardSize = z.string().transform((text, context) => {
  const match = /^(\d+(?:\.\d+)?)\s*([kmg]i?b)?$/i.exec(text.trim());
  if (match === null) {
    context.addIssue({ code: 'custom', message: `Expected a size such as 5GB, 500MiB or a number of bytes, but got '${text}'.` });
    return z.NEVER;
  }
  return Math.floor(Number(match[1]) * UNITS[(match[2] ?? '').toLowerCase()]!);
});

const modelInitFlagsSchema = z.object({
  arch: z.enum(MODEL_ARCHITECTURES),
  preset: z.enum(MODEL_PRESET_NAMES).default('tiny'),
  out: z.string().min(1),
  tokenizer: z.string().min(1).optional(),
  seed: z.coerce.number().int().default(0),
  dtype: z.enum(Object.keys(STORED_DTYPES) as [keyof typeof STORED_DTYPES]).default('float32'),
  maxShardSize: shardSize.optional(),
  json: z.boolean().default(false),
});

/** Writes a seeded random model as a Hugging Face directory (tests, benchmarks), one tensor at a time. */
export async function executeModelInit(flags: z.output<typeof modelInitFlagsSchema> & GlobalFlags, context: CliContext): Promise<void> {
  const output = createCommandOutput(context, flags);
  const { loadTokenizer, writeRandomModel } = await import('@causal-tune/models');
  const tokenizerDir = flags.tokenizer === undefined ? undefined : resolve(context.cwd, flags.tokenizer);
  const tokenizer = tokenizerDir === undefined ? undefined : await loadTokenizer(tokenizerDir);
  const written = await writeRandomModel(resolve(context.cwd, flags.out), {
    architecture: flags.arch,
    preset: flags.preset,
    seed: flags.seed,
    dtype: STORED_DTYPES[flags.dtype],
    ...(tokenizer ? { tokenizer } : {}),
    ...(tokenizerDir ? { tokenizerDir } : {}),
    ...(flags.maxShardSize === undefined ? {} : { maxShardSizeBytes: flags.maxShardSize }),
    onProgress: output.onProgress,
    ...(context.signal === undefined ? {} : { signal: context.signal }),
  });
  const { directory, parameters, sizeBytes, files } = written;
  if (output.settings.mode === 'json') output.printJson({ directory, architecture: flags.arch, preset: flags.preset, seed: flags.seed, dtype: flags.dtype, parameters, sizeBytes, files });
  else output.print(`wrote a ${flags.arch} ${flags.preset} model (${parameters.toLocaleString('en-US')} parameters, ${flags.dtype}, ${(sizeBytes / 1e9).toFixed(2)} GB in ${files.filter((name) => name.endsWith('.safetensors')).length} file(s), seed ${flags.seed}) to ${directory}`);
}

/** `ctune model init --arch llama|gpt2 --preset NAME --out DIR [--dtype float16] [--max-shard-size 5GB] [--tokenizer DIR] [--seed N]`. */
export const modelCommand: CliCommand = {
  name: 'model',
  register(program, context) {
    const model = program.command('model').summary('create model directories');
    const init = model
      .command('init')
      .summary('write a seeded random model as a Hugging Face directory')
      .requiredOption('--arch <name>', MODEL_ARCHITECTURES.join(' or '))
      .option('--preset <name>', `${MODEL_PRESET_NAMES.join(', ')} (real shapes for benchmarks: tinyllama-1.1b and llama-7b are llama presets)`, 'tiny')
      .requiredOption('--out <dir>', 'directory to write')
      .option('--dtype <name>', `stored dtype: ${Object.keys(STORED_DTYPES).join(', ')}`, 'float32')
      .option('--max-shard-size <size>', 'split the weights into shards of at most this size, with an index (transformers writes 5GB)')
      .option('--tokenizer <dir>', 'copy this tokenizer; it sets the special ids, and the vocabulary size where larger than the preset\'s')
      .option('--seed <n>', 'seed of the weights', '0');
    addJsonOption(init).action(async (_options: unknown, self: typeof init) => {
      const flags = parseWithSchema(modelInitFlagsSchema, self.opts(), "The command line of 'ctune model init'", 'USAGE_INVALID');
      await executeModelInit(flags, context);
    });
  },
};
