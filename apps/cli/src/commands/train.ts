import { assert, parseWithSchema } from '@causal-tune/core';
import { METHOD_NAMES, TUNING_METHODS, WEIGHT_PRECISION_NAMES } from '@causal-tune/models';
import { LOSS_TYPES, modelSectionSchema } from '@causal-tune/runs';
import type { TrainConfigOverrides } from '@causal-tune/trainer';
import { z } from 'zod';
import type { CliContext } from '../cli-context.js';
import { createCommandOutput } from '../output/command-output.js';
import { runTraining } from '../workflows/train-workflow.js';
import type { CliCommand, GlobalFlags } from './cli-command.js';
import { addJsonOption } from './cli-command.js';
import { addFlags, camelCase, flagValueSchema, flagsOf, type SchemaFlag } from './schema-flags.js';

const count = (what: string) => z.coerce.number({ error: `Expected a number of ${what}.` }).int(`Expected a whole number of ${what}.`).positive(`Expected at least one ${what}.`);
const number = z.coerce.number({ error: 'Expected a number.' });

/**
 * The method options as flags, from the methods' own option schemas (models' TUNING_METHODS):
 * `--lora-r`, `--use-dora`, `--virtual-tokens`, ... An option several methods share (the virtual
 * tokens of the prompt-learning methods) is one flag.
 */
export const METHOD_FLAGS: ReadonlyMap<string, { readonly option: string; readonly methods: readonly string[]; readonly schema: z.ZodType; readonly flag: SchemaFlag }> = (() => {
  const flags = new Map<string, { option: string; methods: string[]; schema: z.ZodType; flag: SchemaFlag }>();
  for (const method of TUNING_METHODS) {
    for (const flag of flagsOf(method.options)) {
      const key = camelCase(flag.flag);
      const existing = flags.get(key);
      if (existing === undefined) flags.set(key, { option: flag.key, methods: [method.name], schema: flagValueSchema((method.options.shape as Record<string, z.ZodType>)[flag.key]!), flag: { ...flag, key, description: flag.description } });
      else {
        assert(existing.option === flag.key, () => `--${flag.flag} names option '${existing.option}' of ${existing.methods.join(', ')} and '${flag.key}' of ${method.name}.`);
        existing.methods.push(method.name);
      }
    }
  }
  for (const entry of flags.values()) entry.flag = { ...entry.flag, boolean: entry.flag.boolean, description: `${entry.flag.description} [${entry.methods.join(', ')}]`, key: entry.flag.key };
  return flags;
})();

const trainFlagsSchema = z
  .object({
    preset: z.string().min(1).optional().describe('A bundled preset (presets/ of the CLI package): demo, court-lora.').meta({ placeholder: 'name' }),
    config: z.string().min(1).optional().describe('A JSON or YAML training config file.').meta({ placeholder: 'file' }),
    model: z.string().min(1).optional().describe('Hugging Face model directory (config.json, model.safetensors, tokenizer.json).').meta({ placeholder: 'dir' }),
    data: z.string().min(1).optional().describe('Court CSV or Alpaca-style JSON/JSONL training data.').meta({ placeholder: 'file' }),
    validationData: z.string().min(1).optional().describe('A separate validation file (default: a split of --data).').meta({ placeholder: 'file' }),
    method: z.enum(METHOD_NAMES).optional().describe('The tuning method.'),
    loss: z.enum(LOSS_TYPES).optional().describe('The loss.'),
    keyTokens: z.string().min(1).optional().describe('Comma-separated key words of the key-token weighted loss.').meta({ placeholder: 'words' }),
    maxSteps: count('steps').optional().describe('Stop after N optimizer steps.'),
    epochs: number.positive('Expected a positive number of epochs.').optional().describe('Passes over the training split.'),
    batchSize: count('examples').optional().describe('Examples per optimizer step.'),
    microBatchSize: count('examples').optional().describe('Examples per forward/backward (gradient accumulation).'),
    cutoffLen: count('tokens').optional().describe('Longest tokenised example.'),
    lr: number.positive('Expected a positive learning rate.').optional().describe('Peak learning rate.').meta({ placeholder: 'x' }),
    evalInterval: count('steps').optional().describe('Evaluate every N steps.'),
    seed: z.coerce.number().int().optional().describe('Seed of initialisation, shuffling and dropout.'),
    device: modelSectionSchema.shape.device.unwrap().optional().describe('onnxruntime execution provider.'),
    threads: count('threads').optional().describe('Threads per op on CPU.'),
    dtype: z.enum(WEIGHT_PRECISION_NAMES).optional().describe("Precision of the frozen base weights (default: the checkpoint's)."),
    cacheDir: z.string().min(1).optional().describe('Where converted or quantized weights are cached (default ~/.cache/causal-tune/weights).').meta({ placeholder: 'dir' }),
    gradientCheckpointing: z.boolean().optional().describe("Recompute each decoder layer's activations in the backward pass (less memory, more compute)."),
    out: z.string().min(1).optional().describe('The run directory (default runs/<time>).').meta({ placeholder: 'dir' }),
    resume: z.boolean().default(false).describe("Continue the run directory's checkpoint (same settings; --max-steps and --epochs may change)."),
    overwrite: z.boolean().default(false).describe('Replace a run already in --out (without it, or --resume, an existing run is refused).'),
  });

/** The flags as parsed: the train flags, `--json`, and the method options' flags by key. */
type TrainFlags = z.output<typeof trainFlagsSchema> & { readonly json: boolean } & Readonly<Record<string, unknown>>;

const trainFlagsWithJson = trainFlagsSchema
  .extend({ json: z.boolean().default(false), ...Object.fromEntries([...METHOD_FLAGS].map(([key, { schema }]) => [key, schema])) })
  .refine((flags) => !(flags.resume && flags.overwrite), { message: '--resume continues the run in --out and --overwrite replaces it: pass one of them', path: ['overwrite'] }) as unknown as z.ZodType<TrainFlags>;

/** The flags as a partial config, layered over preset and config file. */
export function trainOverrides(flags: TrainFlags): TrainConfigOverrides {
  const values = flags as Record<string, unknown>;
  const options = Object.fromEntries([...METHOD_FLAGS].flatMap(([key, { option }]) => (values[key] === undefined ? [] : [[option, values[key]]])));
  const method = flags.method === undefined && Object.keys(options).length === 0 ? undefined : { ...(flags.method ? { type: flags.method } : {}), ...options };
  const section = <T extends object>(value: T) => (Object.values(value).some((item) => item !== undefined) ? value : undefined);
  return {
    model: section({ path: flags.model, device: flags.device, threads: flags.threads, dtype: flags.dtype, cacheDir: flags.cacheDir }),
    data: section({ path: flags.data, validationPath: flags.validationData }),
    method: method as TrainConfigOverrides['method'],
    loss: section({ type: flags.loss, keyTokens: flags.keyTokens?.split(',').map((word) => word.trim()).filter(Boolean) }),
    prompt: section({ cutoffLen: flags.cutoffLen }),
    optimizer: section({ learningRate: flags.lr }),
    training: section({ maxSteps: flags.maxSteps, epochs: flags.epochs, batchSize: flags.batchSize, microBatchSize: flags.microBatchSize, evalInterval: flags.evalInterval, seed: flags.seed, gradientCheckpointing: flags.gradientCheckpointing }),
    ...(flags.out === undefined ? {} : { outputDir: flags.out }),
  } as TrainConfigOverrides;
}

/** Every flag of `ctune train`: its own, then the methods' options. */
export const TRAIN_FLAGS: readonly SchemaFlag[] = [...flagsOf(trainFlagsSchema.pick(Object.fromEntries(Object.keys(trainFlagsSchema.shape).filter((key) => !METHOD_FLAGS.has(key)).map((key) => [key, true])) as never)), ...[...METHOD_FLAGS.values()].map((entry) => entry.flag)];

/** Runs `ctune train`: progress lines on stderr (JSON lines on stdout with --json), then the summary. */
export async function executeTrain(flags: TrainFlags & GlobalFlags, context: CliContext): Promise<void> {
  const output = createCommandOutput(context, flags);
  const json = output.settings.mode === 'json';
  const { config, result } = await runTraining(
    { ...(flags.preset ? { preset: flags.preset } : {}), ...(flags.config ? { configFile: flags.config } : {}), overrides: trainOverrides(flags), resume: flags.resume, overwrite: flags.overwrite, cwd: context.cwd },
    {
      onProgress: (event) => {
        if (!json) output.onProgress(event);
        else if (event.type !== 'run-start' && event.type !== 'task-progress') context.stdout.write(`${JSON.stringify(event)}\n`);
      },
      ...(context.signal === undefined ? {} : { signal: context.signal }),
    },
  );
  const summary = {
    runDir: result.runDir,
    method: config.method.type,
    steps: result.steps,
    stoppedBy: result.stoppedBy,
    finalLoss: result.finalLoss,
    tokensPerSecond: result.tokensPerSecond,
    durationMs: Math.round(result.durationMs),
    trainExamples: result.trainExamples,
    validationExamples: result.validationExamples,
    evaluation: result.evaluation,
  };
  if (json) {
    context.stdout.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  const evaluation = result.evaluation;
  output.print([
    `${result.stoppedBy === 'aborted' ? 'stopped (checkpoint saved; continue with --resume)' : 'trained'}: ${config.method.type}, ${result.steps} steps, final loss ${result.finalLoss.toFixed(4)}, ${Math.round(result.tokensPerSecond)} tok/s`,
    ...(evaluation ? [`validation: loss ${evaluation.loss.toFixed(4)} | accuracy ${evaluation.accuracy.toFixed(3)} | macro-F1 ${evaluation.macroF1.toFixed(3)} | ROC-AUC ${evaluation.rocAuc.toFixed(3)} (${evaluation.examples} examples)`] : []),
    `run directory: ${result.runDir}`,
  ]);
}

/** `ctune train --preset NAME | --config FILE | --model DIR --data FILE [--method M] ... [--out DIR] [--resume | --overwrite] [--json]`. */
export const trainCommand: CliCommand = {
  name: 'train',
  register(program, context) {
    const command = program
      .command('train')
      .summary(`fine-tune a model: ${METHOD_NAMES.join(', ')}`)
      .description('Fine-tune a causal LM on court or Alpaca-style data. The config is layered: defaults (alpaca-lora and PEFT), then --preset, then --config, then the flags. Ctrl-C writes a checkpoint; --resume continues it. A run already in --out is refused unless --resume or --overwrite.');
    addFlags(command, TRAIN_FLAGS);
    addJsonOption(command).action(async (_options: unknown, self: typeof command) => {
      const flags = parseWithSchema(trainFlagsWithJson, self.opts(), "The command line of 'ctune train'", 'USAGE_INVALID');
      const globals = self.optsWithGlobals<GlobalFlags>();
      await executeTrain({ ...flags, ...(globals.color === false ? { color: false } : {}) }, context);
    });
  },
};
