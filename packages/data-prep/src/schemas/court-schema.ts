import { z } from 'zod';
import { textProblem } from './text-checks.js';

/** Columns every court file has (train.csv and test.csv of the Dacon competition). */
export const COURT_COLUMNS = ['ID', 'first_party', 'second_party', 'facts'] as const;

/** The label column of court training files: 1 when the first party won, 0 when the second did. */
export const COURT_LABEL_COLUMN = 'first_party_winner';

function describeReceived(input: unknown): string {
  return input === undefined ? 'nothing' : typeof input === 'string' ? JSON.stringify(input) : typeof input;
}

/** Rejects NUL characters and lone surrogates with their own message (see textProblem). */
function wellFormed(value: string, context: z.RefinementCtx): void {
  const problem = textProblem(value);
  if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
}

function requiredText(expected: string) {
  return z
    .string({ error: (issue) => `must be text (${expected}), but got ${describeReceived(issue.input)}` })
    .trim()
    .min(1, { error: `must not be empty; expected ${expected}` })
    .superRefine(wellFormed);
}

/** One row of a court test file (no label), as read from CSV: every value is a string. */
export const courtTestRowSchema = z.object({
  ID: requiredText('a unique case ID such as TRAIN_0001'),
  first_party: requiredText('the name of the petitioner'),
  second_party: requiredText('the name of the respondent'),
  facts: z
    .string({ error: (issue) => `must be text, but got ${describeReceived(issue.input)}` })
    .refine((facts) => facts.trim().length > 0, { error: 'must not be empty; expected the summary of the case (use "Not available" if there is none)' })
    .superRefine(wellFormed),
});

/** One row of a court training file: the test columns plus `first_party_winner` 0 or 1. */
export const courtTrainRowSchema = courtTestRowSchema.extend({
  first_party_winner: z
    .string({ error: (issue) => `must be 0 or 1, but got ${describeReceived(issue.input)}` })
    .trim()
    .pipe(z.enum(['0', '1'], { error: (issue) => `must be 0 or 1 (1 = the first party won), but got ${describeReceived(issue.input)}` })),
});

/** A validated court test row. */
export type CourtTestRow = z.output<typeof courtTestRowSchema>;
/** A validated court training row. */
export type CourtTrainRow = z.output<typeof courtTrainRowSchema>;
