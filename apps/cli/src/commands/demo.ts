import { parseWithSchema } from '@causal-tune/core';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { CliContext } from '../cli-context.js';
import { createCommandOutput } from '../output/command-output.js';
import { runDemo } from '../workflows/demo-workflow.js';
import type { CliCommand, GlobalFlags } from './cli-command.js';
import { addJsonOption } from './cli-command.js';

const demoFlagsSchema = z.object({
  out: z.string().min(1).optional().describe('The run directory (default runs/demo-<time>).'),
  maxSteps: z.coerce.number().int().positive().optional().describe("Override the demo preset's 60 steps."),
  overwrite: z.boolean().default(false).describe('Replace a run already in --out.'),
  json: z.boolean().default(false),
});

/** Runs `ctune demo` and prints each stage, then the run directory and the metrics. */
export async function executeDemo(flags: z.output<typeof demoFlagsSchema> & GlobalFlags, context: CliContext): Promise<void> {
  const output = createCommandOutput(context, flags);
  const json = output.settings.mode === 'json';
  const started = performance.now();
  const result = await runDemo(
    {
      cwd: context.cwd,
      ...(flags.out ? { outputDir: resolve(context.cwd, flags.out) } : {}),
      ...(flags.maxSteps ? { maxSteps: flags.maxSteps } : {}),
      ...(flags.overwrite ? { overwrite: true } : {}),
      onStage: (stage, detail) => {
        if (!json) context.stderr.write(`== ${stage}: ${detail}\n`);
      },
    },
    { onProgress: output.onProgress, ...(context.signal === undefined ? {} : { signal: context.signal }) },
  );
  const { statistics, training, evaluation } = result;
  const summary = {
    runDir: training.runDir,
    data: { rows: statistics.rows, labels: statistics.labels, matching: statistics.matching },
    training: { steps: training.steps, finalLoss: training.finalLoss, tokensPerSecond: training.tokensPerSecond, validation: training.evaluation },
    evaluation: { examples: evaluation.examples, accuracy: evaluation.accuracy, macroF1: evaluation.macroF1, rocAuc: evaluation.rocAuc, expectedCalibrationError: evaluation.expectedCalibrationError, confusionMatrix: evaluation.confusionMatrix },
    submission: { file: result.submissionFile, rows: result.testRows },
    durationMs: Math.round(performance.now() - started),
  };
  if (json) {
    output.printJson(summary);
    return;
  }
  const match = statistics.matching.first_party;
  output.print([
    '',
    `data: ${statistics.rows} court cases (labels 1: ${statistics.labels?.['1']}, 0: ${statistics.labels?.['0']}); first party found in the facts: ${match.full_name} by full name, ${match.single_tag} by name parts, ${match.multi_tag} by n-grams, ${match.unmatched} not found`,
    `training: LoRA, ${training.steps} steps, final loss ${training.finalLoss.toFixed(4)}, ${Math.round(training.tokensPerSecond)} tok/s`,
    `evaluation on ${evaluation.examples} held-out cases: accuracy ${evaluation.accuracy.toFixed(3)} | macro-F1 ${evaluation.macroF1.toFixed(3)} | ROC-AUC ${evaluation.rocAuc === null ? 'n/a' : evaluation.rocAuc.toFixed(3)} | ECE ${evaluation.expectedCalibrationError.toFixed(3)}`,
    `submission (${result.testRows} rows, each case twice with the parties swapped): ${result.submissionFile}`,
    `run directory: ${training.runDir}`,
    `done in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  ]);
}

/** `ctune demo [--out DIR] [--overwrite] [--json]`: the whole pipeline on the bundled sample. */
export const demoCommand: CliCommand = {
  name: 'demo',
  register(program, context) {
    const command = program
      .command('demo')
      .summary('the whole pipeline on the bundled sample and model, on CPU')
      .description('Prepare the bundled 300-row court sample, preview its prompts, train LoRA on the bundled stories260K model (preset demo), evaluate on the held-out split and write a submission for those cases, each twice with the parties swapped.')
      .option('--out <dir>', 'run directory (default runs/demo-<time>)')
      .option('--max-steps <n>', "override the demo preset's 60 steps")
      .option('--overwrite', 'replace a run already in --out');
    addJsonOption(command).action(async (_options: unknown, self: typeof command) => {
      const flags = parseWithSchema(demoFlagsSchema, self.opts(), "The command line of 'ctune demo'", 'USAGE_INVALID');
      const globals = self.optsWithGlobals<GlobalFlags>();
      await executeDemo({ ...flags, ...(globals.color === false ? { color: false } : {}) }, context);
    });
  },
};
