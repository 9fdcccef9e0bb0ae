import { z } from 'zod';
import { textProblem } from './text-checks.js';

/** Keys of an Alpaca-style record; `instruction` is required, the others are optional. */
export const INSTRUCTION_FIELDS = ['instruction', 'input', 'output'] as const;

function wellFormed(value: string | undefined, context: z.RefinementCtx): void {
  const problem = value === undefined ? undefined : textProblem(value);
  if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
}

function describeReceived(input: unknown): string {
  return input === undefined ? 'nothing' : input === null ? 'null' : typeof input === 'string' ? JSON.stringify(input) : typeof input;
}

/**
 * An Alpaca-style record (`instruction`, `input`, `output`), as in tatsu-lab/alpaca and
 * alpaca-lora: `input` may be missing, empty or null (the no-input template), `output` is absent
 * in prediction-only data. Other keys are ignored.
 */
export const instructionRowSchema = z.object(
  {
    instruction: z
      .string({ error: (issue) => `must be text, but got ${describeReceived(issue.input)}` })
      .trim()
      .min(1, { error: 'must not be empty; expected the task, e.g. "Does the petitioner win?"' })
      .superRefine(wellFormed),
    input: z
      .string({ error: (issue) => `must be text or absent, but got ${describeReceived(issue.input)}` })
      .nullish()
      .transform((input) => input ?? '')
      .superRefine(wellFormed),
    output: z.string({ error: (issue) => `must be text or absent, but got ${describeReceived(issue.input)}` }).superRefine(wellFormed).optional(),
  },
  { error: (issue) => `must be an object with instruction, input and output, but got ${describeReceived(issue.input)}` },
);

/** A validated instruction row. */
export type InstructionRow = z.output<typeof instructionRowSchema>;
