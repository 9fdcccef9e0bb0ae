import { resolve } from 'node:path';
import { ToolkitError, parseWithSchema, writeFileAtomic } from '@causal-tune/core';
import type { JobStatus } from '@causal-tune/jobs';
import type { Command } from 'commander';
import { z } from 'zod';
import type { CliContext } from '../cli-context.js';
import { createCommandOutput, type CommandOutput } from '../output/command-output.js';
import { JobClient } from '../workflows/job-client.js';
import type { CliCommand } from './cli-command.js';
import { addJsonOption } from './cli-command.js';

const positive = (what: string) => z.coerce.number({ error: `Expected a number of ${what}.` }).int().positive();
const apiFlags = { api: z.string().url().optional().describe('The API; default CTUNE_API_URL, else http://127.0.0.1:8080.'), apiKey: z.string().min(1).optional().describe('The API key; default CTUNE_API_KEY.'), json: z.boolean().default(false) };

const submitFlagsSchema = z.object({
  ...apiFlags,
  model: z.string().min(1).describe('A served run or model name.'),
  data: z.string().min(1).describe('The data file: a court CSV or Alpaca-style JSON/JSONL.'),
  chunkSize: positive('rows').optional(),
  batchSize: positive('prompts').optional(),
  calibrate: z.boolean().optional(),
  threshold: z.coerce.number().min(0).max(1).optional(),
  wait: z.boolean().default(false).describe('Follow the job to its end.'),
  out: z.string().min(1).optional().describe('With --wait: where to write the results.'),
  format: z.enum(['csv', 'jsonl']).default('csv'),
});
const idFlagsSchema = z.object({ ...apiFlags });
const resultsFlagsSchema = z.object({ ...apiFlags, out: z.string().min(1), format: z.enum(['csv', 'jsonl']).default('csv') });

function clientOf(flags: { readonly api?: string | undefined; readonly apiKey?: string | undefined }, context: CliContext): JobClient {
  const apiKey = flags.apiKey ?? context.env.CTUNE_API_KEY;
  return new JobClient(flags.api ?? context.env.CTUNE_API_URL ?? 'http://127.0.0.1:8080', apiKey === undefined ? {} : { apiKey });
}

/** `running 320/1240 rows | 85.2 rows/s | ETA 11 s` */
export function formatJobStatus(status: JobStatus): string {
  const parts = [`job ${status.id}: ${status.state} ${status.rowsDone}/${status.rowsTotal} rows`];
  if (status.rowsPerSecond !== null) parts.push(`${status.rowsPerSecond.toFixed(1)} rows/s`);
  if (status.state === 'running' && status.etaSeconds !== null) parts.push(`ETA ${Math.ceil(status.etaSeconds)} s`);
  if (status.errors.length > 0) parts.push(`${status.errors.length} chunk errors`);
  return parts.join(' | ');
}

function printStatus(output: CommandOutput, status: JobStatus): void {
  if (output.settings.mode === 'json') output.printJson(status);
  else output.print([formatJobStatus(status), ...status.errors.map((error) => `  chunk ${error.chunk} attempt ${error.attempt}: ${error.code}: ${error.message}`), ...(status.error ? [`  ${status.error.code}: ${status.error.message}`] : [])]);
}

/** `ctune job submit`: uploads a file; with --wait follows it and writes the results to --out. */
export async function executeJobSubmit(flags: z.output<typeof submitFlagsSchema>, context: CliContext): Promise<void> {
  const output = createCommandOutput(context, flags);
  const client = clientOf(flags, context);
  if (flags.out !== undefined && !flags.wait) throw new ToolkitError('USAGE_INVALID', '--out needs --wait: the results exist once the job completed (or use ctune job results ID --out FILE).');
  const accepted = await client.submit(resolve(context.cwd, flags.data), flags.model, {
    ...(flags.chunkSize === undefined ? {} : { chunkSize: flags.chunkSize }),
    ...(flags.batchSize === undefined ? {} : { batchSize: flags.batchSize }),
    ...(flags.calibrate === undefined ? {} : { calibrate: flags.calibrate }),
    ...(flags.threshold === undefined ? {} : { threshold: flags.threshold }),
  });
  if (!flags.wait) {
    if (output.settings.mode === 'json') output.printJson(accepted);
    else output.print(`job ${accepted.id}: queued, ${accepted.rowsTotal} rows in ${accepted.chunks} chunks`);
    return;
  }
  let last = '';
  const final = await client.wait(accepted.id, {
    ...(context.signal === undefined ? {} : { signal: context.signal }),
    onStatus: (status) => {
      const line = formatJobStatus(status).replace(/ \| [\d.]+ rows\/s.*$/, '');
      if (line !== last && output.settings.mode !== 'json') context.stderr.write(`${formatJobStatus(status)}\n`);
      last = line;
    },
  });
  if (final.state !== 'completed') {
    throw new ToolkitError(final.state === 'failed' ? 'JOB_CHUNK_FAILED' : 'JOB_NOT_COMPLETED', `Job ${final.id} ended ${final.state}${final.error ? `: ${final.error.code}: ${final.error.message}` : '.'}`, { details: { id: final.id, state: final.state } });
  }
  if (flags.out !== undefined) await writeFileAtomic(resolve(context.cwd, flags.out), await client.results(final.id, flags.format));
  if (output.settings.mode === 'json') output.printJson({ ...final, ...(flags.out === undefined ? {} : { out: resolve(context.cwd, flags.out) }) });
  else output.print(`${formatJobStatus(final)}${flags.out === undefined ? '' : `; results in ${resolve(context.cwd, flags.out)}`}`);
}

function addApiOptions(command: Command): Command {
  return addJsonOption(command.option('--api <url>', 'the API (default: CTUNE_API_URL, else http://127.0.0.1:8080)').option('--api-key <key>', 'the API key (default: CTUNE_API_KEY)'));
}

/** `ctune job submit|status|results|cancel`: a client of the API's prediction jobs. */
export const jobCommand: CliCommand = {
  name: 'job',
  register(program, context) {
    const job = program.command('job').summary("submit and follow the API's bulk prediction jobs (/v1/jobs)");
    const submit = addApiOptions(
      job
        .command('submit')
        .summary('upload a data file as a job; --wait follows it and --out writes its results')
        .requiredOption('--model <name>', 'a served run or model name')
        .requiredOption('--data <file>', 'court CSV or Alpaca-style JSON/JSONL')
        .option('--chunk-size <n>', 'rows per chunk (default: the API’s)')
        .option('--batch-size <n>', 'prompts per graph run within a chunk (default 8)')
        .option('--calibrate', 'contextual calibration')
        .option('--threshold <p>', 'decision threshold on p(first party wins)')
        .option('--wait', 'follow the job to its end')
        .option('--out <file>', 'with --wait: write the results here')
        .option('--format <format>', 'results format: csv or jsonl', 'csv'),
    );
    submit.action(async (_options: unknown, self: Command) => executeJobSubmit(parseWithSchema(submitFlagsSchema, self.opts(), "The command line of 'ctune job submit'", 'USAGE_INVALID'), context));
    addApiOptions(job.command('status <id>').summary("a job's state, rows, rate, ETA and chunk errors")).action(async (id: string, _options: unknown, self: Command) => {
      const flags = parseWithSchema(idFlagsSchema, self.opts(), "The command line of 'ctune job status'", 'USAGE_INVALID');
      printStatus(createCommandOutput(context, flags), await clientOf(flags, context).status(id));
    });
    addApiOptions(job.command('cancel <id>').summary('cancel a queued or running job')).action(async (id: string, _options: unknown, self: Command) => {
      const flags = parseWithSchema(idFlagsSchema, self.opts(), "The command line of 'ctune job cancel'", 'USAGE_INVALID');
      printStatus(createCommandOutput(context, flags), await clientOf(flags, context).cancel(id));
    });
    addApiOptions(job.command('results <id>').summary("write a completed job's results (CSV, or JSONL with probabilities)").requiredOption('--out <file>', 'where to write them').option('--format <format>', 'csv or jsonl', 'csv')).action(
      async (id: string, _options: unknown, self: Command) => {
        const flags = parseWithSchema(resultsFlagsSchema, self.opts(), "The command line of 'ctune job results'", 'USAGE_INVALID');
        const out = resolve(context.cwd, flags.out);
        await writeFileAtomic(out, await clientOf(flags, context).results(id, flags.format));
        const output = createCommandOutput(context, flags);
        if (output.settings.mode === 'json') output.printJson({ id, out, format: flags.format });
        else output.print(`wrote the results of job ${id} to ${out}`);
      },
    );
  },
};
