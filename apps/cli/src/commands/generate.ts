import { parseWithSchema } from '@causal-tune/core';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { CliContext } from '../cli-context.js';
import { createCommandOutput } from '../output/command-output.js';
import { formatDuration } from '../output/format-number.js';
import { warningLogger } from '../output/warning-logger.js';
import { runGenerate } from '../workflows/generate-workflow.js';
import type { CliCommand, GlobalFlags } from './cli-command.js';
import { addJsonOption } from './cli-command.js';
import { addRuntimeOptions, runtimeFlagsShape, runtimeOf } from './predictor-flags.js';

const number = (what: string) => z.coerce.number({ error: `Expected ${what}.` });

const generateFlagsSchema = z
  .object({
    model: z.string().min(1).optional().describe('A Hugging Face model directory.'),
    adapter: z.string().min(1).optional().describe('A PEFT adapter directory for --model.'),
    run: z.string().min(1).optional().describe('A run directory (its base model, adapter and template) instead of --model.'),
    instruction: z.string().min(1, 'Expected a non-empty instruction.').describe('The instruction to respond to.'),
    input: z.string().optional().describe('Context for the instruction (the Alpaca input).'),
    preset: z.enum(['alpaca', 'greedy']).default('alpaca').describe("alpaca: the method's temperature 0.1, top_p 0.75, top_k 40, repetition_penalty 1.1; greedy: argmax."),
    maxNewTokens: number('a number of tokens').int('Expected a whole number of tokens.').positive('Expected at least 1 token.').optional().describe('Most new tokens (preset: 128).'),
    temperature: number('a temperature').positive('Expected a temperature above 0.').optional().describe("Overrides the preset's temperature."),
    topP: number('a probability').gt(0, 'Expected top-p in (0, 1].').max(1, 'Expected top-p in (0, 1].').optional().describe("Overrides the preset's top_p."),
    topK: number('a number of tokens').int('Expected a whole number.').nonnegative('Expected 0 or more.').optional().describe("Overrides the preset's top_k (0: all)."),
    repetitionPenalty: number('a penalty').positive('Expected a penalty above 0.').optional().describe("Overrides the preset's repetition_penalty."),
    seed: number('a seed').int('Expected a whole number.').default(0).describe('Seed of sampling.'),
    ...runtimeFlagsShape,
    json: z.boolean().default(false).describe('Print one JSON object instead of streaming text.'),
  })
  .superRefine((flags, issue) => {
    if ((flags.model === undefined) === (flags.run === undefined)) issue.addIssue({ code: 'custom', path: ['model'], message: 'Give either --model DIR (with an optional --adapter DIR) or --run DIR.' });
    if (flags.adapter !== undefined && flags.model === undefined) issue.addIssue({ code: 'custom', path: ['adapter'], message: '--adapter needs --model (a run directory brings its own adapter).' });
  });

/** The validated flags of `ctune generate`. */
export type GenerateFlags = z.output<typeof generateFlagsSchema>;

/**
 * Runs `ctune generate`: one instruction, rendered with the Alpaca template (the run's template
 * with --run), continued with the key/value cache. Text modes stream the tokens to stdout as
 * they come; `--json` prints the whole result once.
 */
export async function executeGenerate(flags: GenerateFlags & GlobalFlags, context: CliContext): Promise<void> {
  const output = createCommandOutput(context, flags);
  const source =
    flags.run !== undefined
      ? { runDir: resolve(context.cwd, flags.run) }
      : { modelDir: resolve(context.cwd, flags.model!), ...(flags.adapter === undefined ? {} : { adapterDir: resolve(context.cwd, flags.adapter) }) };
  const streaming = output.settings.mode !== 'json';
  const run = await runGenerate(
    { source, instruction: flags.instruction, ...(flags.input === undefined ? {} : { input: flags.input }), runtime: runtimeOf(flags) },
    {
      preset: flags.preset,
      seed: flags.seed,
      ...(flags.maxNewTokens === undefined ? {} : { maxNewTokens: flags.maxNewTokens }),
      ...(flags.temperature === undefined ? {} : { temperature: flags.temperature }),
      ...(flags.topP === undefined ? {} : { topP: flags.topP }),
      ...(flags.topK === undefined ? {} : { topK: flags.topK }),
      ...(flags.repetitionPenalty === undefined ? {} : { repetitionPenalty: flags.repetitionPenalty }),
      ...(streaming ? { onToken: (token) => void context.stdout.write(token.text) } : {}),
    },
    { logger: warningLogger(output), ...(context.signal === undefined ? {} : { signal: context.signal }) },
  );
  const { generation } = run;
  if (!streaming) {
    output.printJson({
      model: run.modelDir,
      adapter: run.adapter,
      prompt: generation.prompt,
      response: generation.response,
      text: generation.text,
      tokenIds: generation.tokenIds,
      logProbs: generation.logProbs,
      finishReason: generation.finishReason,
      promptTokens: generation.promptTokens,
      durationMs: Math.round(run.durationMs),
      tokensPerSecond: run.tokensPerSecond,
    });
    return;
  }
  context.stdout.write('\n');
  const meanLogProb = generation.logProbs.reduce((sum, value) => sum + value, 0) / Math.max(1, generation.logProbs.length);
  context.stderr.write(
    `${generation.tokenIds.length} tokens (${generation.finishReason}) in ${formatDuration(run.durationMs)} · ${run.tokensPerSecond.toFixed(1)} tok/s · mean log-prob ${meanLogProb.toFixed(3)}\n`,
  );
}

/** `ctune generate --model DIR [--adapter DIR] --instruction TEXT [--input TEXT] [--preset alpaca|greedy] [--max-new-tokens N] [--json]`. */
export const generateCommand: CliCommand = {
  name: 'generate',
  register(program, context) {
    const command = program
      .command('generate')
      .summary('respond to an instruction with a model (and adapter)')
      .description(
        'Render an instruction (and input) with the Alpaca template, generate with the key/value cache and print the response as it is generated. The alpaca preset is the method\'s setting (temperature 0.1, top_p 0.75, top_k 40, repetition_penalty 1.1, 128 new tokens, seeded); greedy takes the most likely token.',
      )
      .option('--model <dir>', 'Hugging Face model directory')
      .option('--adapter <dir>', 'PEFT adapter directory for --model')
      .option('--run <dir>', 'run directory instead of --model (its base model, adapter and template)')
      .requiredOption('--instruction <text>', 'the instruction')
      .option('--input <text>', 'context for the instruction')
      .option('--preset <name>', 'alpaca or greedy', 'alpaca')
      .option('--max-new-tokens <n>', 'most new tokens (default 128)')
      .option('--temperature <t>', "override the preset's temperature")
      .option('--top-p <p>', "override the preset's top_p")
      .option('--top-k <k>', "override the preset's top_k (0: all)")
      .option('--repetition-penalty <r>', "override the preset's repetition_penalty")
      .option('--seed <n>', 'seed of sampling', '0');
    addJsonOption(addRuntimeOptions(command)).action(async (_options: unknown, self: typeof command) => {
      const flags = parseWithSchema(generateFlagsSchema, self.opts(), "The command line of 'ctune generate'", 'USAGE_INVALID');
      const globals = self.optsWithGlobals<GlobalFlags>();
      await executeGenerate({ ...flags, ...(globals.color === false ? { color: false } : {}) }, context);
    });
  },
};
