import { ToolkitError, isToolkitError, type Tokenizer } from '@causal-tune/core';
import type { InstructionRecord, PreparedCourtRecord } from '@causal-tune/data-prep';
import { buildPromptExample, encodeExample, type CourtPrompt, type CourtPromptOptions, type PromptTemplate } from '@causal-tune/prompts';

/** What can be classified: a prepared court record, an Alpaca-style record, a rendered prompt, or its token ids. */
export type ClassifyInput = PreparedCourtRecord | InstructionRecord | string | { readonly tokenIds: readonly number[] };

/** What to do with a prompt longer than the limit. */
export type OverflowPolicy = 'truncate' | 'error';

/** How records become prompts. */
export interface PromptSettings {
  /** The run's template; undefined picks alpaca-lora's template per record (with or without input). */
  readonly template?: PromptTemplate;
  readonly court: CourtPromptOptions;
  /** Most prompt tokens (BOS included). */
  readonly maxPromptTokens: number;
  /**
   * The model's room for a prompt (context minus virtual tokens). A record whose instruction and
   * template alone exceed `maxPromptTokens` (a very long party list) is fitted to this instead,
   * with the facts cut, rather than refused: a prediction file needs every row. Default:
   * `maxPromptTokens`.
   */
  readonly contextTokens?: number;
  /** `truncate` shortens the facts (the record's input) to fit and says so; `error` refuses. */
  readonly overflow: OverflowPolicy;
}

/** One prompt as token ids, with what was done to it. */
export interface EncodedPrompt {
  /** Position in the caller's list. */
  readonly index: number;
  readonly ids: readonly number[];
  /** The prompt as scored: rendered with the run's template, the facts cut to fit; a rendered prompt as given. */
  readonly prompt: string;
  /** Characters cut from the end of the facts to fit (0 when it fitted). */
  readonly truncatedCharacters: number;
  /** The record's ID (court) when it has one. */
  readonly id?: string;
  /** The court question, for court records. */
  readonly court?: CourtPrompt;
  /** True when the fixed parts alone exceeded `maxPromptTokens` and the prompt was fitted to the context. */
  readonly beyondLimit?: boolean;
}

function describe(input: ClassifyInput, index: number): string {
  if (typeof input === 'string' || 'tokenIds' in input) return `prompt ${index}`;
  return 'id' in input ? `record ${input.id} (row ${input.row})` : `record at row ${input.row}`;
}

function tooLong(input: ClassifyInput, index: number, length: number, settings: PromptSettings, cause?: unknown): ToolkitError {
  const fix =
    typeof input === 'string' || 'tokenIds' in input
      ? 'A rendered prompt cannot be shortened safely; pass the record instead (its facts are truncated), or raise maxPromptTokens up to the model context.'
      : "Use overflow 'truncate' to shorten the facts, or raise maxPromptTokens up to the model context.";
  return new ToolkitError('INFER_SEQUENCE_TOO_LONG', `The prompt of ${describe(input, index)} is ${length} tokens, more than the limit of ${settings.maxPromptTokens}. ${fix}`, {
    details: { index, length, maxPromptTokens: settings.maxPromptTokens, ...(typeof input !== 'string' && 'id' in input ? { id: input.id } : {}) },
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Encodes inference prompts, each ending after the template's response marker ("### Response:\n")
 * so that the next token is the answer. Records go through the same builder as training
 * (court: "Does {party} win?" with the cleaned facts); a prompt over `maxPromptTokens` has its
 * facts shortened at a word boundary (the instruction and the template are never cut) or, with
 * overflow `error`, is refused with `INFER_SEQUENCE_TOO_LONG`. When the instruction and template
 * alone exceed the limit, `truncate` fits the prompt to `contextTokens` instead (`beyondLimit`).
 * A rendered prompt or token ids are never cut.
 */
export function encodePrompts(inputs: readonly ClassifyInput[], tokenizer: Tokenizer, settings: PromptSettings): EncodedPrompt[] {
  return inputs.map((input, index) => encodePrompt(input, index, tokenizer, settings));
}

/** {@link encodePrompts} for one input. */
export function encodePrompt(input: ClassifyInput, index: number, tokenizer: Tokenizer, settings: PromptSettings): EncodedPrompt {
  if (typeof input === 'string' || 'tokenIds' in input) {
    const ids = typeof input === 'string' ? tokenizer.encode(input) : [...input.tokenIds];
    if (ids.length > settings.maxPromptTokens) throw tooLong(input, index, ids.length, settings);
    return { index, ids, prompt: typeof input === 'string' ? input : tokenizer.decode(ids, { skipSpecialTokens: true }), truncatedCharacters: 0 };
  }
  const built = buildPromptExample(input, { ...(settings.template === undefined ? {} : { template: settings.template }), court: settings.court });
  const encodeWithin = (limit: number) => encodeExample({ template: built.template, variables: built.variables }, tokenizer, { cutoffLength: limit, addEosToken: false });
  const fixedTooLong = (error: unknown) => isToolkitError(error) && error.code === 'PROMPT_TOO_LONG';
  let encoded: ReturnType<typeof encodeWithin>;
  let beyondLimit = false;
  try {
    encoded = encodeWithin(settings.maxPromptTokens);
  } catch (error) {
    if (!fixedTooLong(error)) throw error;
    const details = (error as ToolkitError).details ?? {};
    const context = settings.contextTokens ?? settings.maxPromptTokens;
    const fixedLength = Number(details.fixedLength ?? Number.NaN);
    if (settings.overflow === 'error' || context <= settings.maxPromptTokens || !(fixedLength <= context)) {
      throw new ToolkitError(
        'INFER_SEQUENCE_TOO_LONG',
        `The prompt of ${describe(input, index)} does not fit in ${settings.overflow === 'error' ? settings.maxPromptTokens : context} tokens even without its facts: the instruction and template take ${fixedLength} tokens. Shorten the instruction${settings.overflow === 'error' ? ", use overflow 'truncate' (it falls back to the model context), or raise maxPromptTokens" : ''}.`,
        { details: { index, fixedLength, length: Number(details.length ?? Number.NaN), maxPromptTokens: settings.maxPromptTokens, contextTokens: context, ...('id' in input ? { id: input.id } : {}) }, cause: error },
      );
    }
    encoded = encodeWithin(context);
    beyondLimit = true;
  }
  if (encoded.truncatedCharacters > 0 && settings.overflow === 'error') {
    throw tooLong(input, index, encodeWithin(Number.MAX_SAFE_INTEGER).inputIds.length, settings);
  }
  return {
    index,
    ids: encoded.inputIds,
    prompt: encoded.prompt,
    truncatedCharacters: encoded.truncatedCharacters,
    ...('id' in input ? { id: input.id } : {}),
    ...(built.court === undefined ? {} : { court: built.court }),
    ...(beyondLimit ? { beyondLimit } : {}),
  };
}
