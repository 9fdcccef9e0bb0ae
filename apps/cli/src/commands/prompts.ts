import { parseWithSchema } from '@causal-tune/core';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { CliContext } from '../cli-context.js';
import { withLenientHint } from '../errors/cli-error.js';
import { createCommandOutput } from '../output/command-output.js';
import { renderPromptsText } from '../output/prompts-text.js';
import { formatRejectedRow } from '../output/rejected-rows.js';
import { loadTokenizerDirectory } from '../workflows/load-tokenizer.js';
import { runPromptsPreview } from '../workflows/prompts-workflow.js';
import type { CliCommand, GlobalFlags } from './cli-command.js';
import { addJsonOption } from './cli-command.js';

const promptsFlagsSchema = z.object({
  data: z.string().min(1).describe('A court CSV or Alpaca-style JSON/JSONL file.'),
  show: z.coerce
    .number({ error: 'Expected a number of records.' })
    .int('Expected a whole number of records.')
    .nonnegative('Expected 0 or more records.')
    .default(5)
    .describe('How many records to print in full.'),
  template: z.string().min(1).optional().describe('A built-in template (alpaca, alpaca-no-input); default per record.'),
  tokenizer: z.string().min(1).optional().describe('A Hugging Face tokenizer directory; each preview reports its token count.'),
  alias: z.boolean().default(false).describe('Ask court questions with the alias found in the facts.'),
  lenient: z.boolean().default(false).describe('Keep the good rows of a file with bad ones; the others are reported.'),
  json: z.boolean().default(false).describe('Print one JSON object instead of text.'),
});

/** The validated flags of `ctune prompts`. */
export type PromptsFlags = z.output<typeof promptsFlagsSchema>;

/** Runs `ctune prompts` with validated flags and prints the preview as text or JSON. */
export async function executePrompts(flags: PromptsFlags & GlobalFlags, context: CliContext): Promise<void> {
  const output = createCommandOutput(context, flags);
  const tokenizer = flags.tokenizer === undefined ? undefined : await loadTokenizerDirectory(resolve(context.cwd, flags.tokenizer));
  const result = await runPromptsPreview(
    {
      ...(tokenizer === undefined ? {} : { tokenizer }),
      dataPath: resolve(context.cwd, flags.data),
      show: flags.show,
      ...(flags.template === undefined ? {} : { templateName: flags.template }),
      useAlias: flags.alias,
      lenient: flags.lenient,
    },
    context.signal === undefined ? {} : { signal: context.signal },
  ).catch((error: unknown) => {
    throw withLenientHint(error);
  });

  if (output.settings.mode === 'json') {
    output.printJson({
      file: result.file,
      kind: result.kind,
      total: result.preview.total,
      summary: result.preview.summary,
      previews: result.preview.previews,
      rejected: { count: result.rejected.length, rows: result.rejected },
    });
    return;
  }
  if (result.rejected.length > 0) {
    output.warn(`${result.rejected.length} rows of ${result.file} were rejected (--lenient) and are not previewed:`);
    for (const row of result.rejected) output.warn(`  ${formatRejectedRow(row)}`);
  }
  output.print(renderPromptsText(result, { width: output.settings.width, style: output.style }));
}

/** `ctune prompts --data FILE [--show N] [--template NAME] [--tokenizer DIR] [--alias] [--lenient] [--json]`. */
export const promptsCommand: CliCommand = {
  name: 'prompts',
  register(program, context) {
    const command = program
      .command('prompts')
      .summary('preview the prompts and answers a run would train on')
      .description(
        'Render the prompts and answers a run would train on: court CSV rows through the court prompt builder ("Does {party} win?" with the facts, answer yes/no), Alpaca-style JSON/JSONL records as they are.',
      )
      .requiredOption('--data <file>', 'court CSV or Alpaca-style JSON/JSONL file')
      .option('--show <n>', 'how many records to print in full', '5')
      .option('--template <name>', 'built-in template: alpaca or alpaca-no-input (default: per record, as alpaca-lora)')
      .option('--tokenizer <dir>', 'report the token count of each preview with this Hugging Face tokenizer directory')
      .option('--alias', 'ask court questions with the alias found in the facts ("the FCC") instead of the full name')
      .option('--lenient', 'keep the good rows of a file with bad ones and report the rest');
    addJsonOption(command).action(async (_options: unknown, self: typeof command) => {
      const flags = parseWithSchema(promptsFlagsSchema, self.opts(), "The command line of 'ctune prompts'", 'USAGE_INVALID');
      const globals = self.optsWithGlobals<GlobalFlags>();
      await executePrompts({ ...flags, ...(globals.color === false ? { color: false } : {}) }, context);
    });
  },
};
