import { ToolkitError, isToolkitError } from '@causal-tune/core';
import type { RunOptions, Tokenizer } from '@causal-tune/core';
import { loadDataset, prepareDataset } from '@causal-tune/data-prep';
import { getTemplate, previewPrompts } from '@causal-tune/prompts';
import type { PromptTemplate, PromptsPreview } from '@causal-tune/prompts';
import type { RejectedRow } from './prep-workflow.js';

/** Options of {@link runPromptsPreview}. */
export interface PromptsPreviewOptions {
  /** A court CSV or Alpaca-style JSON/JSONL file. */
  readonly dataPath: string;
  /** How many records to render in full; default 5. */
  readonly show?: number;
  /** A built-in template name; default alpaca-lora's choice per record (with or without input). */
  readonly templateName?: string;
  /** Ask court questions with the alias found in the facts instead of the full name. */
  readonly useAlias?: boolean;
  /** Keep the good rows of a file with bad ones, and report the rest. */
  readonly lenient?: boolean;
  /** Reports the token count of each previewed training text. */
  readonly tokenizer?: Tokenizer;
}

/** What {@link runPromptsPreview} returns. */
export interface PromptsPreviewResult {
  readonly file: string;
  /** `court` for the court CSV (prompts from the court builder), `instruction` for Alpaca records. */
  readonly kind: 'court' | 'instruction';
  readonly rejected: readonly RejectedRow[];
  readonly preview: PromptsPreview;
}

/**
 * A template by name for a command-line flag; an unknown name is a usage error that lists the
 * known names.
 */
export function templateFromFlag(name: string): PromptTemplate {
  try {
    return getTemplate(name);
  } catch (error) {
    if (isToolkitError(error) && error.code === 'CONFIG_INVALID') {
      throw new ToolkitError('USAGE_INVALID', error.message, { ...(error.details === undefined ? {} : { details: error.details }), cause: error });
    }
    throw error;
  }
}

/**
 * The prompts and answers a run would train on: court CSV rows go through data-prep (cleaning,
 * party matching) and the court builder of prompts; Alpaca records are used as they are. The
 * work of `ctune prompts`, as data, for the TUI too.
 *
 * @example
 * const { preview } = await runPromptsPreview({ dataPath: 'fixtures/dacon-court/train-sample.csv', show: 2 });
 * preview.previews[0].text;
 */
export async function runPromptsPreview(options: PromptsPreviewOptions, runOptions: RunOptions = {}): Promise<PromptsPreviewResult> {
  const template = options.templateName === undefined ? undefined : templateFromFlag(options.templateName);
  const loaded = await loadDataset(options.dataPath, {
    mode: options.lenient === true ? 'lenient' : 'strict',
    ...(runOptions.logger === undefined ? {} : { logger: runOptions.logger }),
    ...(runOptions.signal === undefined ? {} : { signal: runOptions.signal }),
  });
  const previewOptions = {
    show: options.show ?? 5,
    ...(template === undefined ? {} : { template }),
    court: { useAlias: options.useAlias ?? false },
    ...(options.tokenizer === undefined ? {} : { tokenizer: options.tokenizer }),
  };
  const preview =
    loaded.kind === 'court'
      ? previewPrompts(await prepareDataset(loaded.records, runOptions), previewOptions)
      : previewPrompts(loaded.records, previewOptions);
  return { file: options.dataPath, kind: loaded.kind, rejected: loaded.rejected, preview };
}
