import { parseWithSchema, ToolkitError } from '@causal-tune/core';
import type { CourtRecord } from '@causal-tune/data-prep';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { CliContext } from '../cli-context.js';
import { withLenientHint } from '../errors/cli-error.js';
import { createCommandOutput } from '../output/command-output.js';
import { formatDuration } from '../output/format-number.js';
import { formatRejectedRow } from '../output/rejected-rows.js';
import { warningLogger } from '../output/warning-logger.js';
import { runClassification } from '../workflows/classify-workflow.js';
import type { CliCommand, GlobalFlags } from './cli-command.js';
import { addJsonOption } from './cli-command.js';
import { addClassifyOptions, classifyFlagsSchema, classifyOptionsOf, runtimeOf } from './predictor-flags.js';

const predictFlagsSchema = classifyFlagsSchema.extend({
  out: z.string().min(1).describe('The submission CSV to write (ID, first_party_winner).'),
  probabilities: z.boolean().default(false).describe('Add a probability column: p(first party wins).'),
});

/** The validated flags of `ctune predict`. */
export type PredictFlags = z.output<typeof predictFlagsSchema>;

/**
 * Runs `ctune predict`: classify a court CSV (labels not needed) and write the competition's
 * submission file atomically, with the same IDs in the same order as the input.
 */
export async function executePredict(flags: PredictFlags & GlobalFlags, context: CliContext): Promise<void> {
  const output = createCommandOutput(context, flags);
  const runDir = resolve(context.cwd, flags.run);
  const outPath = resolve(context.cwd, flags.out);
  const run = await runClassification(
    { runDir, dataPath: resolve(context.cwd, flags.data), runtime: runtimeOf(flags), lenient: flags.lenient, score: false, courtOnly: true },
    classifyOptionsOf(flags),
    { onProgress: output.onProgress, logger: warningLogger(output), ...(context.signal === undefined ? {} : { signal: context.signal }) },
  ).catch((error: unknown) => {
    throw withLenientHint(error);
  });
  if (run.data.kind !== 'court') throw new ToolkitError('INTERNAL_ASSERTION', 'runClassification returned instruction data for ctune predict.');
  const { writeSubmission } = await import('@causal-tune/inference');
  const records: readonly CourtRecord[] = run.data.records;
  await writeSubmission(outPath, records, run.result, { probabilities: flags.probabilities });
  const winners = run.result.items.filter((item) => item.court?.firstPartyWinner === 1).length;
  const durationMs = run.result.durationMs + run.loadMs;
  if (output.settings.mode === 'json') {
    output.printJson({
      run: runDir,
      data: run.data.file,
      out: outPath,
      rows: records.length,
      firstPartyWinner: { '1': winners, '0': records.length - winners },
      truncatedPrompts: run.result.truncatedPrompts,
      pairs: run.result.pairs,
      rejected: { count: run.data.rejected.length, rows: run.data.rejected },
      durationMs: Math.round(durationMs),
      promptsPerSecond: records.length / (run.result.durationMs / 1000),
    });
    return;
  }
  if (run.data.rejected.length > 0) {
    output.warn(`${run.data.rejected.length} rows of ${run.data.file} were rejected (--lenient) and have no prediction:`);
    for (const row of run.data.rejected) output.warn(`  ${formatRejectedRow(row)}`);
  }
  if (run.result.truncatedPrompts > 0) output.warn(`${run.result.truncatedPrompts} prompts had their facts shortened to fit (see --max-prompt-tokens, --overflow).`);
  output.print([
    `${output.style.bold(`wrote ${records.length} predictions`)} to ${outPath}`,
    `  first_party_winner 1: ${winners} · 0: ${records.length - winners}${run.result.pairs > 0 ? ` · ${run.result.pairs} swapped pairs made consistent` : ''}`,
    `  ${formatDuration(durationMs)} (${(records.length / (run.result.durationMs / 1000)).toFixed(1)} prompts/s)`,
  ]);
}

/** `ctune predict --run DIR --data FILE --out FILE [--probabilities] [--consistent-pairs] [--json]`. */
export const predictCommand: CliCommand = {
  name: 'predict',
  register(program, context) {
    const command = addClassifyOptions(
      program
        .command('predict')
        .summary('write a submission file (ID, first_party_winner) for a court CSV')
        .description(
          "Classify every record of a court CSV (test.csv: no labels needed) with a run's model and adapter and write the competition's submission format, ID and first_party_winner, with the same IDs in the same order as the input. The file is written atomically.",
        ),
    )
      .requiredOption('--out <file>', 'submission CSV to write')
      .option('--probabilities', 'add a probability column: p(first party wins)');
    addJsonOption(command).action(async (_options: unknown, self: typeof command) => {
      const flags = parseWithSchema(predictFlagsSchema, self.opts(), "The command line of 'ctune predict'", 'USAGE_INVALID');
      const globals = self.optsWithGlobals<GlobalFlags>();
      await executePredict({ ...flags, ...(globals.color === false ? { color: false } : {}) }, context);
    });
  },
};
