import { ToolkitError, parseWithSchema } from '@causal-tune/core';
import { z } from 'zod';

/** A class label: an integer (`1`, `0`, as in first_party_winner) or a name (`"positive"`). */
export type VerbalizerLabel = number | string;

/** One label and the word that stands for it in the answer. */
export interface VerbalizerEntry {
  readonly label: VerbalizerLabel;
  readonly word: string;
}

/** Maps class labels to answer words and back (PET-style verbalizer). */
export interface Verbalizer {
  /** Labels with their words, in the order given. */
  readonly entries: readonly VerbalizerEntry[];
  /** The word of `label`; throws `VERBALIZER_INVALID` naming the known labels otherwise. */
  wordFor(label: VerbalizerLabel): string;
  /** The label whose word is `word` (compared after trimming), or undefined. */
  labelFor(word: string): VerbalizerLabel | undefined;
}

const labelSchema = z.union([z.number().int('Expected an integer label.'), z.string().min(1, 'Expected a non-empty label name.')]);
// Words are checked in the list's superRefine, not here, so that an empty word does not hide
// the duplicate checks (zod skips a parent's refinements once a child has failed).
const entrySchema = z.object({ label: labelSchema, word: z.string() });

/**
 * Zod schema of a verbalizer definition: a list of `{ label, word }` entries, or an object
 * from label to word (`{ "1": "yes", "0": "no" }`; integer-looking keys become integer labels,
 * and the entries follow JavaScript's key order, integer keys ascending first).
 */
export const verbalizerDefinitionSchema = z
  .union([
    z.array(entrySchema),
    z.record(z.string(), z.string()).transform((record) =>
      Object.entries(record).map(([label, word]) => ({ label: /^-?\d+$/.test(label) ? Number(label) : label, word })),
    ),
  ])
  .pipe(
    z.array(entrySchema).superRefine((entries, context) => {
      if (entries.length < 2) {
        context.addIssue({ code: 'custom', path: [], message: `Expected at least 2 labels to choose between, but got ${entries.length}.` });
      }
      const seenLabels = new Map<VerbalizerLabel, number>();
      const seenWords = new Map<string, number>();
      entries.forEach((entry, index) => {
        const labelIndex = seenLabels.get(entry.label);
        if (labelIndex !== undefined) {
          context.addIssue({ code: 'custom', path: [index, 'label'], message: `Label ${JSON.stringify(entry.label)} is listed twice (entries ${labelIndex} and ${index}).` });
        } else seenLabels.set(entry.label, index);
        const word = entry.word.trim();
        if (word === '') {
          context.addIssue({ code: 'custom', path: [index, 'word'], message: 'Expected a non-empty word.' });
          return;
        }
        const wordIndex = seenWords.get(word);
        if (wordIndex !== undefined) {
          context.addIssue({
            code: 'custom',
            path: [index, 'word'],
            message: `Word ${JSON.stringify(word)} stands for two labels (entries ${wordIndex} and ${index}); each label needs its own word.`,
          });
        } else seenWords.set(word, index);
      });
    }),
  );

/** What {@link createVerbalizer} accepts. */
export type VerbalizerDefinition = readonly VerbalizerEntry[] | Readonly<Record<string, string>>;

/**
 * Validates a verbalizer. The default is the method's: label 1 → "yes", label 0 → "no" (for
 * the court, 1 means the party asked about won).
 *
 * @throws ToolkitError `VERBALIZER_INVALID` listing every problem at once: fewer than two
 * labels, an empty word, a label listed twice, two labels with the same word.
 *
 * @example
 * createVerbalizer({ positive: 'great', negative: 'terrible' }).wordFor('positive'); // 'great'
 */
export function createVerbalizer(definition: VerbalizerDefinition = DEFAULT_VERBALIZER_ENTRIES): Verbalizer {
  const entries = Object.freeze(
    parseWithSchema(verbalizerDefinitionSchema, definition, 'The verbalizer definition', 'VERBALIZER_INVALID').map((entry) =>
      Object.freeze({ label: entry.label, word: entry.word }),
    ),
  );
  const byLabel = new Map(entries.map((entry) => [entry.label, entry.word]));
  const byWord = new Map(entries.map((entry) => [entry.word.trim(), entry.label]));
  return Object.freeze({
    entries,
    wordFor(label: VerbalizerLabel): string {
      const word = byLabel.get(label);
      if (word === undefined) {
        throw new ToolkitError(
          'VERBALIZER_INVALID',
          `Label ${JSON.stringify(label)} has no word in the verbalizer; its labels are ${entries.map((entry) => JSON.stringify(entry.label)).join(', ')}. Add an entry for it or map the label first.`,
          { details: { label, labels: entries.map((entry) => entry.label) } },
        );
      }
      return word;
    },
    labelFor: (word: string) => byWord.get(word.trim()),
  });
}

/** Entries of the default verbalizer: 1 → "yes", 0 → "no". */
export const DEFAULT_VERBALIZER_ENTRIES: readonly VerbalizerEntry[] = Object.freeze([
  Object.freeze({ label: 1, word: 'yes' }),
  Object.freeze({ label: 0, word: 'no' }),
]);

/** The default verbalizer, 1 → "yes" and 0 → "no". */
export const YES_NO_VERBALIZER: Verbalizer = createVerbalizer();
