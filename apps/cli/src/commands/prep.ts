import { parseWithSchema } from '@causal-tune/core';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { CliContext } from '../cli-context.js';
import { withLenientHint } from '../errors/cli-error.js';
import { createCommandOutput } from '../output/command-output.js';
import { renderPrepText } from '../output/prep-text.js';
import { formatRejectedRow } from '../output/rejected-rows.js';
import { writePrepReport } from '../report/write-prep-report.js';
import { readCliVersion } from '../version.js';
import { loadTokenizerDirectory } from '../workflows/load-tokenizer.js';
import { runPrep, summarizePrep } from '../workflows/prep-workflow.js';
import type { CliCommand, GlobalFlags } from './cli-command.js';
import { addJsonOption } from './cli-command.js';

const prepFlagsSchema = z.object({
  data: z.string().min(1).describe('The court CSV to prepare.'),
  test: z.string().min(1).optional().describe('A second court CSV compared with --data (test.csv).'),
  out: z.string().min(1).optional().describe('Directory for prepared.jsonl, statistics.json, the SVG charts and report.html.'),
  tokenizer: z.string().min(1).optional().describe('A Hugging Face tokenizer directory; fact lengths are also counted in its tokens.'),
  lenient: z.boolean().default(false).describe('Keep the good rows of a file with bad ones; the others are reported.'),
  json: z.boolean().default(false).describe('Print one JSON object instead of text.'),
});

/** The validated flags of `ctune prep`. */
export type PrepFlags = z.output<typeof prepFlagsSchema>;

/**
 * Runs `ctune prep` with validated flags: prepare, optionally write the report directory, then
 * print JSON or the terminal report. Rejected rows are always listed on stderr in text modes
 * and under `rejected` in the JSON.
 */
export async function executePrep(flags: PrepFlags & GlobalFlags, context: CliContext): Promise<void> {
  const output = createCommandOutput(context, flags);
  const dataPath = resolve(context.cwd, flags.data);
  const testPath = flags.test === undefined ? undefined : resolve(context.cwd, flags.test);
  const tokenizer = flags.tokenizer === undefined ? undefined : await loadTokenizerDirectory(resolve(context.cwd, flags.tokenizer));
  const result = await runPrep(
    {
      dataPath,
      ...(testPath === undefined ? {} : { testPath }),
      ...(tokenizer === undefined ? {} : { tokenizer }),
      lenient: flags.lenient,
    },
    { onProgress: output.onProgress, ...(context.signal === undefined ? {} : { signal: context.signal }) },
  ).catch((error: unknown) => {
    throw withLenientHint(error);
  });
  const summary = summarizePrep(result);

  let out: { dir: string; files: { path: string; sizeBytes: number }[] } | undefined;
  if (flags.out !== undefined) {
    const dir = resolve(context.cwd, flags.out);
    const command = [
      'ctune prep',
      `--data ${flags.data}`,
      flags.test && `--test ${flags.test}`,
      flags.tokenizer && `--tokenizer ${flags.tokenizer}`,
      `--out ${flags.out}`,
      flags.lenient && '--lenient',
    ]
      .filter(Boolean)
      .join(' ');
    out = { dir, files: await writePrepReport(dir, result, summary, { version: readCliVersion(), command }) };
  }

  if (output.settings.mode === 'json') {
    output.printJson(out === undefined ? summary : { ...summary, out });
    return;
  }
  for (const file of [result.data, result.test]) {
    if (file === undefined || file.rejected.length === 0) continue;
    output.warn(`${file.rejected.length} rows of ${file.path} were rejected (--lenient) and are not in the statistics:`);
    for (const row of file.rejected) output.warn(`  ${formatRejectedRow(row)}`);
  }
  output.print(renderPrepText(result, { width: output.settings.width, style: output.style }));
  if (out !== undefined) {
    output.print(['', output.style.bold(`Wrote ${out.files.length} files to ${out.dir}:`), ...out.files.map((file) => `  ${file.path}`)]);
  }
}

/** `ctune prep --data FILE [--test FILE] [--out DIR] [--tokenizer DIR] [--lenient] [--json]`. */
export const prepCommand: CliCommand = {
  name: 'prep',
  register(program, context) {
    const command = program
      .command('prep')
      .summary('statistics and party matching report of court data')
      .description(
        'Load, validate, clean and party-match a court CSV; print statistics (terminal histograms, or JSON with --json); with --out write prepared.jsonl, statistics.json, SVG charts and report.html.',
      )
      .requiredOption('--data <file>', 'court CSV to prepare (train.csv)')
      .option('--test <file>', 'second court CSV to compare with (test.csv)')
      .option('--out <dir>', 'write prepared.jsonl, statistics.json, charts (.svg) and report.html here')
      .option('--tokenizer <dir>', 'also count fact lengths in tokens of this Hugging Face tokenizer directory')
      .option('--lenient', 'keep the good rows of a file with bad ones and report the rest');
    addJsonOption(command).action(async (_options: unknown, self: typeof command) => {
      const flags = parseWithSchema(prepFlagsSchema, self.opts(), "The command line of 'ctune prep'", 'USAGE_INVALID');
      const globals = self.optsWithGlobals<GlobalFlags>();
      await executePrep({ ...flags, ...(globals.color === false ? { color: false } : {}) }, context);
    });
  },
};
