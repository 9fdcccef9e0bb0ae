import { parseWithSchema } from '@causal-tune/core';
import { resolve } from 'node:path';
import type { CliContext } from '../cli-context.js';
import { withLenientHint } from '../errors/cli-error.js';
import { createCommandOutput } from '../output/command-output.js';
import { renderEvalText } from '../output/eval-text.js';
import { formatRejectedRow } from '../output/rejected-rows.js';
import { warningLogger } from '../output/warning-logger.js';
import { runClassification } from '../workflows/classify-workflow.js';
import type { CliCommand, GlobalFlags } from './cli-command.js';
import { addJsonOption } from './cli-command.js';
import { addClassifyOptions, classifyFlagsSchema, classifyOptionsOf, runtimeOf, type ClassifyFlags } from './predictor-flags.js';

/** Runs `ctune eval` with validated flags: classify the labelled file, print the metrics as text or JSON. */
export async function executeEval(flags: ClassifyFlags & GlobalFlags, context: CliContext): Promise<void> {
  const output = createCommandOutput(context, flags);
  const runDir = resolve(context.cwd, flags.run);
  const run = await runClassification(
    { runDir, dataPath: resolve(context.cwd, flags.data), runtime: runtimeOf(flags), lenient: flags.lenient, score: true },
    classifyOptionsOf(flags),
    { onProgress: output.onProgress, logger: warningLogger(output), ...(context.signal === undefined ? {} : { signal: context.signal }) },
  ).catch((error: unknown) => {
    throw withLenientHint(error);
  });
  const metrics = run.metrics!;
  if (output.settings.mode === 'json') {
    output.printJson({
      run: runDir,
      data: run.data.file,
      kind: run.data.kind,
      examples: metrics.examples,
      metrics: { accuracy: metrics.accuracy, macroF1: metrics.macroF1, rocAuc: metrics.rocAuc, expectedCalibrationError: metrics.expectedCalibrationError },
      confusionMatrix: metrics.confusionMatrix,
      ...(metrics.byQuestion === undefined ? {} : { byQuestion: metrics.byQuestion }),
      classes: metrics.classes,
      calibrationBins: metrics.calibrationBins,
      truncatedPrompts: run.result.truncatedPrompts,
      pairs: run.result.pairs,
      ...(run.result.contentFreeProbabilities === undefined ? {} : { contentFreeProbabilities: run.result.contentFreeProbabilities }),
      rejected: { count: run.data.rejected.length, rows: run.data.rejected },
      durationMs: Math.round(run.result.durationMs + run.loadMs),
    });
    return;
  }
  if (run.data.rejected.length > 0) {
    output.warn(`${run.data.rejected.length} rows of ${run.data.file} were rejected (--lenient) and are not evaluated:`);
    for (const row of run.data.rejected) output.warn(`  ${formatRejectedRow(row)}`);
  }
  output.print(renderEvalText({ runDir, file: run.data.file, metrics, truncatedPrompts: run.result.truncatedPrompts, pairs: run.result.pairs, durationMs: run.result.durationMs + run.loadMs }, { style: output.style }));
}

/** `ctune eval --run DIR --data FILE [--json]` and the classification flags. */
export const evalCommand: CliCommand = {
  name: 'eval',
  register(program, context) {
    const command = addClassifyOptions(
      program
        .command('eval')
        .summary("score a run on labelled data: accuracy, macro-F1, ROC-AUC, ECE")
        .description(
          "Classify every record of a labelled court CSV (or Alpaca JSON/JSONL whose outputs are the verbalizer's words) with a run's model and adapter, the method's way (label-word probabilities after \"### Response:\"), and print accuracy, macro-F1, ROC-AUC, expected calibration error, per-class scores and the confusion matrix.",
        ),
    );
    addJsonOption(command).action(async (_options: unknown, self: typeof command) => {
      const flags = parseWithSchema(classifyFlagsSchema, self.opts(), "The command line of 'ctune eval'", 'USAGE_INVALID');
      const globals = self.optsWithGlobals<GlobalFlags>();
      await executeEval({ ...flags, ...(globals.color === false ? { color: false } : {}) }, context);
    });
  },
};
