import { WEIGHT_PRECISION_NAMES, type WeightPrecision } from '@causal-tune/models';
import type { Command } from 'commander';
import { z } from 'zod';

const positiveInteger = (what: string) => z.coerce.number({ error: `Expected a number of ${what}.` }).int(`Expected a whole number of ${what}.`).positive(`Expected at least 1 ${what.replace(/s$/, '')}.`);

/** Where and how a model runs: flags of every command that loads one (eval, predict, generate, serve). */
export const runtimeFlagsShape = {
  device: z.enum(['cpu', 'webgpu', 'cuda']).default('cpu').describe('onnxruntime execution provider.'),
  threads: positiveInteger('threads').optional().describe('Threads per op on CPU; default every core.'),
  dtype: z.enum(WEIGHT_PRECISION_NAMES).optional().describe("Precision of the frozen base weights; default the run's (what it trained in), else the checkpoint's."),
  cacheDir: z.string().min(1).optional().describe('Where converted or quantized weights are cached; default ~/.cache/causal-tune/weights.'),
};

/** How a predictor runs, from the runtime flags. */
export interface PredictorRuntime {
  readonly device: 'cpu' | 'webgpu' | 'cuda';
  readonly threads?: number;
  readonly dtype?: WeightPrecision;
  readonly cacheDir?: string;
}

/** The runtime of validated flags, without the unset ones. */
export function runtimeOf(flags: { readonly device: PredictorRuntime['device']; readonly threads?: number | undefined; readonly dtype?: WeightPrecision | undefined; readonly cacheDir?: string | undefined }): PredictorRuntime {
  return {
    device: flags.device,
    ...(flags.threads === undefined ? {} : { threads: flags.threads }),
    ...(flags.dtype === undefined ? {} : { dtype: flags.dtype }),
    ...(flags.cacheDir === undefined ? {} : { cacheDir: flags.cacheDir }),
  };
}

/** Declares the runtime flags of {@link runtimeFlagsShape} on a command. */
export function addRuntimeOptions(command: Command): Command {
  return command
    .option('--device <name>', 'onnxruntime execution provider: cpu, webgpu or cuda', 'cpu')
    .option('--threads <n>', 'threads per op on CPU (default: every core)')
    .option('--dtype <name>', `precision of the frozen base weights: ${WEIGHT_PRECISION_NAMES.join(', ')} (default: the run's, else the checkpoint's)`)
    .option('--cache-dir <dir>', 'where converted or quantized weights are cached (default ~/.cache/causal-tune/weights)');
}

/** Flags shared by `ctune eval` and `ctune predict`: where the model runs and how prompts are scored. */
export const classifyFlagsSchema = z.object({
  run: z.string().min(1).describe('A run directory written by ctune train (config.json, adapter/).'),
  data: z.string().min(1).describe('A court CSV or Alpaca-style JSON/JSONL file.'),
  ...runtimeFlagsShape,
  batchSize: positiveInteger('prompts').default(8).describe('Prompts per graph run (left-padded, length-sorted).'),
  maxPromptTokens: positiveInteger('tokens').optional().describe("Most prompt tokens; default the run's cutoffLen."),
  overflow: z.enum(['truncate', 'error']).default('truncate').describe('Shorten the facts of a too-long prompt, or stop with INFER_SEQUENCE_TOO_LONG.'),
  calibrate: z.boolean().default(false).describe('Contextual calibration with content-free inputs (Zhao et al. 2021).'),
  threshold: z.coerce.number({ error: 'Expected a probability.' }).min(0, 'Expected a probability in [0, 1].').max(1, 'Expected a probability in [0, 1].').default(0.5).describe('Decision threshold on p(first party wins) (or the positive label).'),
  consistentPairs: z.boolean().default(false).describe('Cases present twice with the parties swapped get opposite answers from averaged probabilities.'),
  lenient: z.boolean().default(false).describe('Keep the good rows of a file with bad ones; the others are reported.'),
  json: z.boolean().default(false).describe('Print one JSON object instead of text.'),
});

/** The validated shared flags. */
export type ClassifyFlags = z.output<typeof classifyFlagsSchema>;

/** Declares the shared flags of {@link classifyFlagsSchema} on a command. */
export function addClassifyOptions(command: Command): Command {
  return addRuntimeOptions(command.requiredOption('--run <dir>', 'run directory written by ctune train').requiredOption('--data <file>', 'court CSV or Alpaca-style JSON/JSONL file'))
    .option('--batch-size <n>', 'prompts per graph run', '8')
    .option('--max-prompt-tokens <n>', "most prompt tokens (default: the run's cutoffLen)")
    .option('--overflow <policy>', 'too-long prompts: truncate (the facts) or error', 'truncate')
    .option('--calibrate', 'contextual calibration with content-free inputs (Zhao et al. 2021)')
    .option('--threshold <p>', 'decision threshold on p(first party wins)', '0.5')
    .option('--consistent-pairs', 'give cases present twice with swapped parties opposite answers')
    .option('--lenient', 'keep the good rows of a file with bad ones and report the rest');
}

/** The classify options of validated flags. */
export function classifyOptionsOf(flags: ClassifyFlags): {
  batchSize: number;
  overflow: 'truncate' | 'error';
  calibrate: boolean;
  threshold: number;
  consistentPairs: boolean;
  maxPromptTokens?: number;
} {
  return {
    batchSize: flags.batchSize,
    overflow: flags.overflow,
    calibrate: flags.calibrate,
    threshold: flags.threshold,
    consistentPairs: flags.consistentPairs,
    ...(flags.maxPromptTokens === undefined ? {} : { maxPromptTokens: flags.maxPromptTokens }),
  };
}
