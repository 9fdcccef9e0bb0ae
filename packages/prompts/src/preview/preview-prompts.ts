import type { Tokenizer } from '@causal-tune/core';
import { ToolkitError } from '@causal-tune/core';
import type { AskedAbout } from '../court/court-prompt.js';
import { buildPromptExample } from '../examples/prompt-example.js';
import type { BuildPromptExampleOptions, PromptSourceRecord } from '../examples/prompt-example.js';
import { renderPrompt } from '../templates/render-prompt.js';

/** Options of {@link previewPrompts}. */
export interface PreviewPromptsOptions extends BuildPromptExampleOptions {
  /** How many records to render, from the first (`ctune prompts --show N`). Default 5. */
  readonly show?: number;
  /** With a tokenizer, each preview reports the token count of its training text. */
  readonly tokenizer?: Tokenizer;
}

/** One rendered record. */
export interface PromptPreview {
  /** The record's 1-based data row in its file. */
  readonly row: number;
  /** The court record's ID, when it has one. */
  readonly id?: string;
  /** Name of the template used. */
  readonly template: string;
  readonly instruction: string;
  readonly input: string;
  /** The answer trained on; absent for unlabelled records. */
  readonly answer?: string;
  /** Court records only: which party the question is about, and the name used. */
  readonly askedAbout?: AskedAbout;
  readonly party?: string;
  /** The inference text, ending after the response marker. */
  readonly prompt: string;
  /** The training text: prompt + answer (the prompt alone when there is no answer). */
  readonly text: string;
  /** Tokens of `text` (BOS included, EOS not), when a tokenizer was given. */
  readonly tokenCount?: number;
}

/** What {@link previewPrompts} returns. */
export interface PromptsPreview {
  /** Records seen. */
  readonly total: number;
  /** The first `show` records, rendered. */
  readonly previews: readonly PromptPreview[];
  /** Counts over every record. */
  readonly summary: {
    /** Court records by the party asked about. */
    readonly askedAbout: Readonly<Record<AskedAbout, number>>;
    /** Records by answer word ("yes", "no"). */
    readonly answers: Readonly<Record<string, number>>;
    /** Records without an answer (prediction-only data). */
    readonly unlabelled: number;
  };
}

/**
 * Renders the prompts and answers a run would train on, for `ctune prompts --data FILE --show N`
 * and the TUI's preview: the first `show` records in full, and counts over all of them.
 *
 * @throws the errors of {@link buildPromptExample} and {@link renderPrompt} for a bad template.
 *
 * @example
 * const { previews, summary } = previewPrompts(prepared.records, { show: 3 });
 * previews[0].text; // 'Below is an instruction ... ### Response:\nyes'
 */
export function previewPrompts(records: readonly PromptSourceRecord[], options: PreviewPromptsOptions = {}): PromptsPreview {
  const show = options.show ?? 5;
  if (!Number.isInteger(show) || show < 0) {
    throw new ToolkitError('CONFIG_INVALID', `Option 'show' of 'previewPrompts' must be a non-negative integer, but got ${String(show)}.`);
  }
  const askedAbout: Record<AskedAbout, number> = { first_party: 0, second_party: 0, complainant: 0 };
  const answers: Record<string, number> = {};
  let unlabelled = 0;
  const previews: PromptPreview[] = [];
  records.forEach((record, index) => {
    const example = buildPromptExample(record, options);
    if (example.court !== undefined) askedAbout[example.court.askedAbout] += 1;
    if (example.answer === undefined) unlabelled += 1;
    else answers[example.answer] = (answers[example.answer] ?? 0) + 1;
    if (index >= show) return;
    const prompt = renderPrompt(example.template, example.variables);
    const text = example.answer === undefined ? prompt : prompt + example.answer;
    previews.push({
      row: record.row,
      ...('id' in record ? { id: record.id } : {}),
      template: example.template.name,
      instruction: example.variables['instruction'] ?? '',
      input: example.variables['input'] ?? '',
      ...(example.answer === undefined ? {} : { answer: example.answer }),
      ...(example.court === undefined ? {} : { askedAbout: example.court.askedAbout, party: example.court.party }),
      prompt,
      text,
      ...(options.tokenizer === undefined ? {} : { tokenCount: options.tokenizer.encode(text).length }),
    });
  });
  return { total: records.length, previews, summary: { askedAbout, answers, unlabelled } };
}
