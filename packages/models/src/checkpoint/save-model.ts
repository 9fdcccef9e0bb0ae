import { access, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ToolkitError, writeFileAtomic } from '@causal-tune/core';
import type { RunOptions } from '@causal-tune/core';
import { toHfConfig } from '../config/parse-model-config.js';
import type { ModelCheckpoint } from './model-weights.js';
import { validateModelWeights } from './model-weights.js';
import { stableJson } from './read-json-file.js';
import { writeCheckpointTensors } from './sharded-checkpoint.js';
import type { FloatDtype } from './tensor.js';

/** Files copied from a tokenizer directory when present (tokenizer.json and tokenizer_config.json are required). */
export const TOKENIZER_FILES = [
  'tokenizer.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'chat_template.jinja',
  'added_tokens.json',
  'vocab.json',
  'merges.txt',
  'tokenizer.model',
] as const;

/** Options of {@link saveModel}. */
export interface SaveModelOptions extends RunOptions {
  /** A directory whose tokenizer files are copied next to the weights. */
  readonly tokenizerDir?: string;
  /** Stores every weight in this dtype (default: each tensor's own dtype, F32 for new models). */
  readonly floatDtype?: FloatDtype;
  /** Splits the weights into shards of at most this many bytes, with model.safetensors.index.json. */
  readonly maxShardSizeBytes?: number;
}

/** Copies the tokenizer files of `from` into `to` (tokenizer.json and tokenizer_config.json must exist); returns the names copied. */
export async function copyTokenizerFiles(from: string, to: string): Promise<string[]> {
  const copied: string[] = [];
  for (const name of TOKENIZER_FILES) {
    const source = join(from, name);
    const present = await access(source).then(
      () => true,
      () => false,
    );
    if (!present) {
      if (name === 'tokenizer.json' || name === 'tokenizer_config.json') {
        throw new ToolkitError('MODEL_FILE_NOT_FOUND', `Tokenizer directory '${from}' has no ${name}. Pass a directory with tokenizer.json and tokenizer_config.json.`, {
          details: { path: source },
        });
      }
      continue;
    }
    await writeFileAtomic(join(to, name), await readFile(source));
    copied.push(name);
  }
  return copied;
}

/**
 * Writes a model as a Hugging Face directory that transformers' `from_pretrained` and
 * {@link loadModel} read: config.json (HF field names, sorted keys), model.safetensors (or
 * shards; metadata `format: pt`, which transformers requires) and, with `tokenizerDir`, the
 * tokenizer files. The weights are validated against the config first. Each file is written
 * atomically.
 *
 * @returns the file names written, relative to `directory`.
 * @example
 * await saveModel('out/tiny', createTinyModel({ architecture: 'llama', seed: 1 }), { tokenizerDir: 'fixtures/models/stories260K' });
 */
export async function saveModel(directory: string, model: ModelCheckpoint, options: SaveModelOptions = {}): Promise<string[]> {
  const { tokenizerDir, floatDtype, maxShardSizeBytes, logger, onProgress } = options;
  const started = Date.now();
  const absolute = resolve(directory);
  onProgress?.({ type: 'task-start', task: 'model-save' });
  const weights = validateModelWeights(model.config, model.weights, { source: 'the model to save', ...(logger === undefined ? {} : { logger }) });
  const files = await writeCheckpointTensors(absolute, weights, {
    metadata: { format: 'pt' },
    ...(floatDtype === undefined ? {} : { floatDtype }),
    ...(maxShardSizeBytes === undefined ? {} : { maxShardSizeBytes }),
  });
  await writeFileAtomic(join(absolute, 'config.json'), stableJson(toHfConfig(model.config)));
  files.unshift('config.json');
  if (tokenizerDir !== undefined) files.push(...(await copyTokenizerFiles(resolve(tokenizerDir), absolute)));
  logger?.debug('Model saved.', { path: absolute, files });
  onProgress?.({ type: 'task-end', task: 'model-save', durationMs: Date.now() - started });
  return files;
}
