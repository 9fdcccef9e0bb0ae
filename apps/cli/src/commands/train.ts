import { parseWithSchema } from '@causal-tune/core';
import { WEIGHT_PRECISION_NAMES } from '@causal-tune/models';
import type { TrainConfigOverrides } from '@causal-tune/trainer';
import { z } from 'zod';
import type { CliContext } from '../cli-context.js';
import { createCommandOutput } from '../output/command-output.js';
import { runTraining } from '../workflows/train-workflow.js';
import type { CliCommand, GlobalFlags } from './cli-command.js';
import { addJsonOption } from './cli-command.js';

const count = (what: string) => z.coerce.number({ error: `Expected a number of ${what}.` }).int(`Expected a whole number of ${what}.`).positive(`Expected at least one ${what}.`);
const number = z.coerce.number({ error: 'Expected a number.' });

const trainFlagsSchema = z.object({
  preset: z.string().min(1).optional().describe('A bundled preset (presets/ of the CLI package): demo, court-lora.'),
  config: z.string().min(1).optional().describe('A JSON or YAML training config file.'),
  model: z.string().min(1).optional().describe('Hugging Face model directory.'),
  data: z.string().min(1).optional().describe('Court CSV or Alpaca-style JSON/JSONL training data.'),
  validationData: z.string().min(1).optional().describe('A separate validation file.'),
  method: z.enum(['lora', 'prompt-tuning', 'p-tuning', 'prefix-tuning', 'full']).optional().describe('Fine-tuning method.'),
  loss: z.enum(['causal-lm', 'key-token-weighted', 'label-word']).optional().describe('The loss.'),
  keyTokens: z.string().min(1).optional().describe('Comma-separated key words of the key-token weighted loss.'),
  loraR: count('ranks').optional(),
  loraAlpha: number.positive().optional(),
  virtualTokens: count('virtual tokens').optional(),
  maxSteps: count('steps').optional(),
  epochs: number.positive('Expected a positive number of epochs.').optional(),
  batchSize: count('examples').optional(),
  microBatchSize: count('examples').optional(),
  cutoffLen: count('tokens').optional(),
  lr: number.positive('Expected a positive learning rate.').optional(),
  evalInterval: count('steps').optional(),
  seed: z.coerce.number().int().optional(),
  device: z.enum(['cpu', 'webgpu', 'cuda']).optional(),
  threads: count('threads').optional(),
  dtype: z.enum(WEIGHT_PRECISION_NAMES).optional().describe('Precision of the frozen base weights.'),
  cacheDir: z.string().min(1).optional().describe('Where converted or quantized weights are cached.'),
  gradientCheckpointing: z.boolean().optional().describe("Recompute each layer's activations in the backward pass."),
  out: z.string().min(1).optional().describe('The run directory (default runs/<time>).'),
  resume: z.boolean().default(false).describe("Continue the run directory's checkpoint."),
  overwrite: z.boolean().default(false).describe('Replace a run already in --out.'),
  json: z.boolean().default(false),
}).refine((flags) => !(flags.resume && flags.overwrite), { message: '--resume continues the run in --out and --overwrite replaces it: pass one of them', path: ['overwrite'] });

type TrainFlags = z.output<typeof trainFlagsSchema>;

/** The flags as a partial config, layered over preset and config file. */
export function trainOverrides(flags: TrainFlags): TrainConfigOverrides {
  const method = flags.method === undefined && flags.loraR === undefined && flags.loraAlpha === undefined && flags.virtualTokens === undefined
    ? undefined
    : { ...(flags.method ? { type: flags.method } : {}), ...(flags.loraR ? { r: flags.loraR } : {}), ...(flags.loraAlpha ? { loraAlpha: flags.loraAlpha } : {}), ...(flags.virtualTokens ? { numVirtualTokens: flags.virtualTokens } : {}) };
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
      .summary('fine-tune a model: LoRA, prompt tuning, p-tuning, prefix tuning or full')
      .description('Fine-tune a causal LM on court or Alpaca-style data. The config is layered: defaults (alpaca-lora and PEFT), then --preset, then --config, then the flags. Ctrl-C writes a checkpoint; --resume continues it. A run already in --out is refused unless --resume or --overwrite.')
      .option('--preset <name>', 'a bundled preset: demo, court-lora')
      .option('--config <file>', 'a JSON or YAML training config')
      .option('--model <dir>', 'Hugging Face model directory (config.json, model.safetensors, tokenizer.json)')
      .option('--data <file>', 'court CSV or Alpaca-style JSON/JSONL training data')
      .option('--validation-data <file>', 'a separate validation file (default: a split of --data)')
      .option('--method <name>', 'lora, prompt-tuning, p-tuning, prefix-tuning or full')
      .option('--loss <type>', 'causal-lm, key-token-weighted or label-word')
      .option('--key-tokens <words>', 'comma-separated key words of the key-token weighted loss')
      .option('--lora-r <n>', 'LoRA rank')
      .option('--lora-alpha <x>', 'LoRA alpha')
      .option('--virtual-tokens <n>', 'virtual tokens of prompt tuning, p-tuning and prefix tuning')
      .option('--max-steps <n>', 'stop after N optimizer steps')
      .option('--epochs <n>', 'passes over the training split')
      .option('--batch-size <n>', 'examples per optimizer step')
      .option('--micro-batch-size <n>', 'examples per forward/backward (gradient accumulation)')
      .option('--cutoff-len <n>', 'longest tokenised example')
      .option('--lr <x>', 'peak learning rate')
      .option('--eval-interval <n>', 'evaluate every N steps')
      .option('--seed <n>', 'seed of initialisation, shuffling and dropout')
      .option('--device <name>', 'cpu, webgpu or cuda')
      .option('--threads <n>', 'threads per op on CPU')
      .option('--dtype <name>', `precision of the frozen base weights: ${WEIGHT_PRECISION_NAMES.join(', ')} (default: the checkpoint's)`)
      .option('--cache-dir <dir>', 'where converted or quantized weights are cached (default ~/.cache/causal-tune/weights)')
      .option('--gradient-checkpointing', "recompute each decoder layer's activations in the backward pass (less memory, more compute)")
      .option('--out <dir>', 'run directory (default runs/<time>)')
      .option('--resume', "continue the run directory's checkpoint (same settings; --max-steps and --epochs may change)")
      .option('--overwrite', 'replace a run already in --out (without it, or --resume, an existing run is refused)');
    addJsonOption(command).action(async (_options: unknown, self: typeof command) => {
      const flags = parseWithSchema(trainFlagsSchema, self.opts(), "The command line of 'ctune train'", 'USAGE_INVALID');
      const globals = self.optsWithGlobals<GlobalFlags>();
      await executeTrain({ ...flags, ...(globals.color === false ? { color: false } : {}) }, context);
    });
  },
};
