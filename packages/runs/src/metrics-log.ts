import { appendFile, readFile } from 'node:fs/promises';
import { writeFileAtomic } from '@causal-tune/core';
import { z } from 'zod';

// metrics.jsonl: one JSON object per line, a `step` line per optimizer step and an `eval` line
// per evaluation. JSON has no NaN: a metric that is undefined for the data (ROC-AUC with one
// class) is written as null and read back as NaN.

const metric = z
  .union([z.number(), z.nan()])
  .nullable()
  .transform((value) => value ?? Number.NaN);

/** The metrics of one evaluation on the validation split (also eval.json's, with its step). */
export const evaluationMetricsSchema = z.object({
  loss: metric.describe('The configured loss over the validation split.'),
  accuracy: metric.describe('Share of labelled examples whose verbalizer word scored highest.'),
  macroF1: metric.describe('Macro-averaged F1 over the labels.'),
  rocAuc: metric.describe('ROC-AUC of the positive class; NaN with one class present.'),
  positiveShare: metric.describe('Share of labelled examples in the positive class.'),
  examples: z.number().int().nonnegative().describe('Validation examples evaluated.'),
});

/** A step line of metrics.jsonl. */
export const stepLineSchema = z.object({
  type: z.literal('step'),
  step: z.number().int().positive().describe('Optimizer steps done.'),
  epoch: metric.describe('Passes over the training split so far.'),
  loss: metric.describe("The step's training loss."),
  learningRate: metric.describe('The learning rate of the step.'),
  gradNorm: metric.describe('Global L2 norm of the gradients before clipping.'),
  tokensPerSecond: metric.describe('Real tokens processed per second.'),
  durationMs: metric.describe('Wall time of the step.'),
});

/** An eval line of metrics.jsonl. */
export const evalLineSchema = evaluationMetricsSchema.extend({ type: z.literal('eval'), step: z.number().int().nonnegative().describe('Optimizer steps done when it ran.') });

/** One line of metrics.jsonl. */
export const metricsLineSchema = z.discriminatedUnion('type', [stepLineSchema, evalLineSchema]);

/** A parsed line of metrics.jsonl. */
export type MetricsLine = z.output<typeof metricsLineSchema>;

/** A step line. */
export type StepLine = z.output<typeof stepLineSchema>;

/** An eval line. */
export type EvalLine = z.output<typeof evalLineSchema>;

/** Evaluation metrics. */
export type EvaluationMetrics = z.output<typeof evaluationMetricsSchema>;

/** The lines of a metrics.jsonl text; a torn last line (a killed run) or a line of another shape is skipped. */
export function parseMetricsLines(text: string): MetricsLine[] {
  return text.split('\n').flatMap((line) => {
    if (line.trim() === '') return [];
    try {
      const parsed = metricsLineSchema.safeParse(JSON.parse(line));
      return parsed.success ? [parsed.data] : [];
    } catch {
      return [];
    }
  });
}

/** Appends and reads metrics.jsonl; a killed run leaves whole lines, at worst a torn last one that readers skip. */
export class MetricsLog {
  readonly #path: string;

  constructor(path: string) {
    this.#path = path;
  }

  /** Appends one line (NaN and infinite numbers become null, as JSON has neither). */
  async append(line: MetricsLine): Promise<void> {
    await appendFile(this.#path, `${JSON.stringify(line)}\n`);
  }

  /** Every complete line. */
  async read(): Promise<MetricsLine[]> {
    const text = await readFile(this.#path, 'utf8').catch(() => '');
    return parseMetricsLines(text);
  }

  /** Drops lines after `step`: on resume, the steps after the checkpoint are run again. */
  async truncateAfter(step: number): Promise<void> {
    const kept = (await this.read()).filter((line) => line.step <= step);
    await writeFileAtomic(this.#path, kept.map((line) => `${JSON.stringify(line)}\n`).join(''));
  }
}
