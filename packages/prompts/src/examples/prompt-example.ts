import type { InstructionRecord, PreparedCourtRecord } from '@causal-tune/data-prep';
import { buildCourtPrompt } from '../court/court-prompt.js';
import type { CourtPrompt, CourtPromptOptions } from '../court/court-prompt.js';
import { alpacaTemplateFor } from '../templates/alpaca-templates.js';
import type { PromptTemplate } from '../templates/prompt-template.js';
import type { PromptVariables } from '../templates/render-prompt.js';

/** A template, its variables and the answer: everything needed to render or encode one example. */
export interface PromptExample {
  readonly template: PromptTemplate;
  readonly variables: PromptVariables;
  /** The training answer; absent for prediction-only data. */
  readonly answer?: string;
}

/** A record that prompts can be built from: a prepared court record or an Alpaca-style one. */
export type PromptSourceRecord = PreparedCourtRecord | InstructionRecord;

/** Options of {@link buildPromptExample}. */
export interface BuildPromptExampleOptions {
  /**
   * The template to fill with `{instruction}` and `{input}`. Default: alpaca-lora's choice,
   * `alpaca` when the input is non-empty and `alpaca-no-input` otherwise.
   */
  readonly template?: PromptTemplate;
  /** How court records are asked about (alias, answer words). */
  readonly court?: CourtPromptOptions;
}

/** A {@link PromptExample} with, for court records, the court prompt it came from. */
export interface BuiltPromptExample extends PromptExample {
  readonly court?: CourtPrompt;
}

/** True for a prepared court record (it has cleaned facts and party matches). */
export function isCourtRecord(record: PromptSourceRecord): record is PreparedCourtRecord {
  return 'cleanFacts' in record && 'firstPartyMatch' in record;
}

/**
 * Turns a record into a prompt example: court records through {@link buildCourtPrompt}
 * (instruction "Does {party} win?", input the cleaned facts, answer "yes"/"no"), Alpaca-style
 * records as they are. The variables are `{ instruction, input }`; an empty input is left out
 * when the template has no `{input}` placeholder, as alpaca-lora's no-input template does.
 *
 * @example
 * const example = buildPromptExample(record);
 * renderPrompt(example.template, example.variables, { withAnswer: example.answer });
 */
export function buildPromptExample(record: PromptSourceRecord, options: BuildPromptExampleOptions = {}): BuiltPromptExample {
  let instruction: string;
  let input: string;
  let answer: string | undefined;
  let court: CourtPrompt | undefined;
  if (isCourtRecord(record)) {
    court = buildCourtPrompt(record, options.court);
    ({ instruction, input, answer } = court);
  } else {
    ({ instruction, input, output: answer } = record);
  }
  const template = options.template ?? alpacaTemplateFor(input);
  const variables: PromptVariables =
    input === '' && !template.placeholders.includes('input') ? { instruction } : { instruction, input };
  return {
    template,
    variables,
    ...(answer === undefined ? {} : { answer }),
    ...(court === undefined ? {} : { court }),
  };
}
