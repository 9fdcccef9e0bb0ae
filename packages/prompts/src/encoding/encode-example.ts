import { ToolkitError, parseWithSchema } from '@causal-tune/core';
import type { Tokenizer } from '@causal-tune/core';
import { z } from 'zod';
import type { PromptExample } from '../examples/prompt-example.js';
import { renderPrompt } from '../templates/render-prompt.js';
import { commonPrefixLength } from './continuation-tokens.js';
import { countKeyTokens } from './key-tokens.js';
import { longestFittingPrefix } from './longest-fitting-prefix.js';

/** The label value the loss ignores (PyTorch's `ignore_index`, alpaca-lora's -100). */
export const IGNORE_INDEX = -100;

/** Zod schema of {@link encodeExample}'s options, with alpaca-lora's defaults. */
export const encodeExampleOptionsSchema = z
  .object({
    cutoffLength: z.number().int().positive().default(256).describe("Most tokens per example, EOS included (alpaca-lora's cutoff_len)."),
    trainOnInputs: z
      .boolean()
      .default(false)
      .describe('Also train on the prompt tokens; false puts -100 on them so only the answer and EOS are learned.'),
    addEosToken: z.boolean().default(true).describe("Append EOS after the answer (alpaca-lora's add_eos_token), so the model learns to stop."),
    truncateVariable: z
      .string()
      .min(1)
      .default('input')
      .describe('The placeholder shortened when the example is too long (the facts); nothing else is ever cut.'),
    keyTokenIds: z.array(z.number().int().nonnegative()).readonly().default([]).describe('Key token ids to count per example, from resolveKeyTokens.'),
  })
  .strict();

/** Options of {@link encodeExample}; see {@link encodeExampleOptionsSchema} for defaults. */
export type EncodeExampleOptions = z.input<typeof encodeExampleOptionsSchema>;

/** One encoded example; all arrays have the same length, at most `cutoffLength`. */
export interface EncodedExample {
  /** `[length]` prompt ids (with BOS where the tokenizer adds it), answer ids, then EOS. */
  readonly inputIds: readonly number[];
  /** `[length]` all 1 (padding adds the 0s). */
  readonly attentionMask: readonly number[];
  /** `[length]` the target id per position, -100 ({@link IGNORE_INDEX}) where no loss is taken. */
  readonly labels: readonly number[];
  /** Number of leading prompt tokens; their labels are -100 unless `trainOnInputs`. */
  readonly promptLength: number;
  /** Characters cut from the end of the truncated variable (0 when it fitted). */
  readonly truncatedCharacters: number;
  /** The rendered prompt the ids were made from, after any truncation (without the answer). */
  readonly prompt: string;
  /** Positions of `inputIds` that hold a key token. */
  readonly keyTokenCount: number;
}

/**
 * Encodes one example the alpaca-lora way (`generate_and_tokenize_prompt`): the training text
 * is prompt + answer, EOS is appended, and with `trainOnInputs` false the labels of the prompt
 * tokens are -100, so the loss covers the answer and EOS only. Without an answer the inference
 * prompt is encoded and every label is -100 (or a copy of the ids with `trainOnInputs`).
 *
 * Truncation differs from alpaca-lora, which cut the end of the text and so could cut the
 * answer: when the example exceeds `cutoffLength`, only the `truncateVariable` placeholder (the
 * facts) is shortened, at a word boundary, to the longest prefix that fits; the instruction, the
 * template text, the answer and EOS are kept whole.
 *
 * @throws ToolkitError `PROMPT_TOO_LONG` when the example does not fit even with the facts
 * empty; `CONFIG_INVALID` for bad options or EOS requested from a tokenizer without one;
 * the errors of {@link renderPrompt} for bad variables.
 *
 * @example
 * const example = buildPromptExample(record);
 * const encoded = encodeExample(example, tokenizer, { cutoffLength: 512 });
 * encoded.labels.filter((label) => label !== -100); // the answer's ids and EOS
 */
export function encodeExample(example: PromptExample, tokenizer: Tokenizer, options: EncodeExampleOptions = {}): EncodedExample {
  const config = parseWithSchema(encodeExampleOptionsSchema, options, "Argument 'options' passed to 'encodeExample'");
  const { template, variables, answer } = example;
  const eosTokenId = tokenizer.eosTokenId;
  const appendEos = config.addEosToken && answer !== undefined;
  if (appendEos && eosTokenId === null) {
    throw new ToolkitError(
      'CONFIG_INVALID',
      "Option 'addEosToken' of 'encodeExample' is true, but the tokenizer has no EOS token. Set addEosToken to false for this tokenizer.",
    );
  }

  // Tokenizing is the cost here; the search measures each candidate once and reuses the winner.
  const measured = new Map<string | undefined, { prompt: string; ids: number[] }>();
  const render = (value: string | undefined): { prompt: string; ids: number[] } => {
    const cached = measured.get(value);
    if (cached !== undefined) return cached;
    const filled = value === undefined ? variables : { ...variables, [config.truncateVariable]: value };
    const prompt = renderPrompt(template, filled);
    const ids = tokenizer.encode(answer === undefined ? prompt : prompt + answer);
    if (appendEos && ids[ids.length - 1] !== eosTokenId) ids.push(eosTokenId as number);
    measured.set(value, { prompt, ids });
    return { prompt, ids };
  };

  let rendered = render(undefined);
  let truncatedCharacters = 0;
  if (rendered.ids.length > config.cutoffLength) {
    const value = variables[config.truncateVariable];
    const emptyLength = value === undefined ? rendered.ids.length : render('').ids.length;
    if (value === undefined || emptyLength > config.cutoffLength) {
      throw new ToolkitError(
        'PROMPT_TOO_LONG',
        value === undefined
          ? `The example is ${rendered.ids.length} tokens but cutoffLength is ${config.cutoffLength}, and template '${template.name}' has no '${config.truncateVariable}' value to shorten. Raise cutoffLength or shorten the instruction or answer.`
          : `The example's fixed parts (template '${template.name}', instruction, answer${appendEos ? ', EOS' : ''}) take ${emptyLength} tokens with an empty '${config.truncateVariable}', more than cutoffLength ${config.cutoffLength}. Raise cutoffLength to at least ${emptyLength} or shorten the instruction or answer.`,
        { details: { template: template.name, cutoffLength: config.cutoffLength, fixedLength: emptyLength, length: rendered.ids.length } },
      );
    }
    const fitting = longestFittingPrefix(value, config.cutoffLength, (prefix) => render(prefix).ids.length, {
      emptyMeasure: emptyLength,
      fullMeasure: rendered.ids.length,
    });
    rendered = render(fitting.prefix);
    truncatedCharacters = value.length - fitting.prefix.length;
  }

  const inputIds = rendered.ids;
  // The prompt's own ids are normally a prefix of the full ids; should the tokenizer merge the
  // last prompt token with the answer, the merged token counts as answer and is trained.
  const promptLength = answer === undefined ? inputIds.length : commonPrefixLength(tokenizer.encode(rendered.prompt), inputIds);
  const labels = config.trainOnInputs
    ? [...inputIds]
    : inputIds.map((id, position) => (position < promptLength ? IGNORE_INDEX : id));
  return {
    inputIds,
    attentionMask: inputIds.map(() => 1),
    labels,
    promptLength,
    truncatedCharacters,
    prompt: rendered.prompt,
    keyTokenCount: countKeyTokens(inputIds, config.keyTokenIds),
  };
}
