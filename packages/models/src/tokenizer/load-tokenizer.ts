import { access, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ToolkitError } from '@causal-tune/core';
import type { Tokenizer } from '@causal-tune/core';

/** Files a tokenizer directory must have; transformers.js reads exactly these two. */
export const REQUIRED_TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json'] as const;

/** A {@link Tokenizer} loaded from a directory, with a few more facts of its config. */
export interface LoadedTokenizer extends Tokenizer {
  /** The absolute directory it was loaded from. */
  readonly directory: string;
  readonly unkTokenId: number | null;
  /** `model_max_length` of tokenizer_config.json, or null when absent. */
  readonly modelMaxLength: number | null;
}

/** The slice of transformers.js' PreTrainedTokenizer this wrapper uses. */
interface HfTokenizer {
  encode(text: string, options: { add_special_tokens: boolean }): number[];
  decode(ids: number[], options: { skip_special_tokens: boolean }): string;
  get_vocab(): Map<string, number>;
  readonly bos_token_id?: number | null;
  readonly eos_token_id?: number | null;
  readonly pad_token_id?: number | null;
  readonly unk_token_id?: number | null;
  readonly all_special_tokens: string[];
  readonly chat_template: unknown;
  readonly model_max_length: unknown;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

function idOrNull(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

/** The default template of tokenizer_config.json (a string, or a list of named templates), else chat_template.jinja. */
async function chatTemplateOf(tokenizer: HfTokenizer, directory: string): Promise<string | null> {
  const template = tokenizer.chat_template;
  if (typeof template === 'string') return template;
  if (typeof template === 'object' && template !== null && typeof (template as Record<string, unknown>).default === 'string') {
    return (template as Record<string, string>).default!;
  }
  const file = join(directory, 'chat_template.jinja');
  return (await exists(file)) ? readFile(file, 'utf8') : null;
}

/**
 * Loads the tokenizer of a local Hugging Face directory with transformers.js'
 * `AutoTokenizer.from_pretrained`, strictly offline, behind the core {@link Tokenizer} contract.
 *
 * Offline by construction: the absolute path is not a hub model id, `local_files_only` is set,
 * and transformers.js' global `env` is set to `allowRemoteModels = false`,
 * `allowLocalModels = true` and no file or browser cache (a cache entry could otherwise shadow
 * the directory's files). Those `env` settings apply to the whole process.
 *
 * Throws `MODEL_FILE_NOT_FOUND` when tokenizer.json or tokenizer_config.json is missing and
 * `TOKENIZER_LOAD_FAILED` when transformers.js cannot build the tokenizer.
 *
 * @example
 * const tokenizer = await loadTokenizer('fixtures/models/stories260K');
 * tokenizer.encode('Once upon a time'); // [1, 403, 407, 261, 378]
 */
export async function loadTokenizer(directory: string): Promise<LoadedTokenizer> {
  const absolute = resolve(directory);
  for (const name of REQUIRED_TOKENIZER_FILES) {
    if (!(await exists(join(absolute, name)))) {
      throw new ToolkitError(
        'MODEL_FILE_NOT_FOUND',
        `Tokenizer directory '${absolute}' has no ${name}. A tokenizer needs ${REQUIRED_TOKENIZER_FILES.join(' and ')}; ` +
          'save them with `tokenizer.save_pretrained(dir)` in Python (a fast tokenizer writes tokenizer.json).',
        { details: { path: join(absolute, name), required: [...REQUIRED_TOKENIZER_FILES] } },
      );
    }
  }

  let tokenizer: HfTokenizer;
  try {
    // Imported on demand: loading transformers.js pulls in onnxruntime and sharp.
    const { AutoTokenizer, env } = await import('@huggingface/transformers');
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.useFSCache = false;
    env.useBrowserCache = false;
    tokenizer = (await AutoTokenizer.from_pretrained(absolute, { local_files_only: true })) as unknown as HfTokenizer;
  } catch (cause) {
    throw new ToolkitError(
      'TOKENIZER_LOAD_FAILED',
      `Could not load the tokenizer in '${absolute}': ${(cause as Error).message}. Check that tokenizer.json is a Hugging Face fast-tokenizer file.`,
      { details: { path: absolute }, cause },
    );
  }

  let maxId = -1;
  for (const id of tokenizer.get_vocab().values()) maxId = Math.max(maxId, id);
  const eosTokenId = idOrNull(tokenizer.eos_token_id);
  const modelMaxLength = tokenizer.model_max_length;
  return {
    directory: absolute,
    vocabSize: maxId + 1,
    bosTokenId: idOrNull(tokenizer.bos_token_id),
    eosTokenId,
    // transformers.js falls back to EOS for padding, as alpaca-lora does with LLaMA.
    padTokenId: idOrNull(tokenizer.pad_token_id) ?? eosTokenId,
    unkTokenId: idOrNull(tokenizer.unk_token_id),
    modelMaxLength: typeof modelMaxLength === 'number' && Number.isFinite(modelMaxLength) ? modelMaxLength : null,
    chatTemplate: await chatTemplateOf(tokenizer, absolute),
    specialTokens: [...tokenizer.all_special_tokens],
    encode: (text, options = {}) => tokenizer.encode(text, { add_special_tokens: options.addSpecialTokens ?? true }),
    decode: (ids, options = {}) => tokenizer.decode([...ids], { skip_special_tokens: options.skipSpecialTokens ?? false }),
  };
}
