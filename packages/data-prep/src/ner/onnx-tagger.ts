import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type * as Transformers from '@huggingface/transformers';
import { ToolkitError } from '@causal-tune/core';
import type { NerTag } from '../court/court-record.js';
import type { PartyTagger, TaggedEntity } from './party-tagger.js';

/** Options of {@link createOnnxTagger}. */
export interface OnnxTaggerOptions {
  /** Weights to load: `fp32` reads `onnx/model.onnx`, `q8` `onnx/model_quantized.onnx`; default: whichever exists, fp32 first. */
  readonly dtype?: 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4';
  /** Entities scored below this are dropped; default 0. */
  readonly minScore?: number;
}

/** One entity group of the token-classification pipeline with `aggregation_strategy: 'simple'`. */
export interface TokenClassificationGroup {
  readonly entity_group: string;
  readonly word: string;
  readonly score: number;
}

const WEIGHT_FILES: Readonly<Record<NonNullable<OnnxTaggerOptions['dtype']>, string>> = {
  fp32: 'model.onnx',
  fp16: 'model_fp16.onnx',
  q8: 'model_quantized.onnx',
  int8: 'model_int8.onnx',
  uint8: 'model_uint8.onnx',
  q4: 'model_q4.onnx',
};

/**
 * Maps a model's entity label to a {@link NerTag}: CoNLL-2003 (PER, ORG, LOC, MISC) and
 * OntoNotes (PERSON, ORG, GPE, LOC, FAC, NORP …) labels, with or without a B-/I-/E-/S- prefix.
 */
export function toNerTag(label: string): NerTag {
  const bare = label.replace(/^[BIES]-/, '').toUpperCase();
  if (bare === 'PER' || bare === 'PERSON') return 'PER';
  if (bare === 'ORG' || bare === 'ORGANIZATION' || bare === 'NORP') return 'ORG';
  if (bare === 'LOC' || bare === 'LOCATION' || bare === 'GPE' || bare === 'FAC') return 'LOC';
  return 'MISC';
}

/** Finds `word` in `name` from `from` on, ignoring case and spaces (decoded word pieces lose or gain spaces). */
function locate(name: string, word: string, from: number): { start: number; end: number } | null {
  const target = word.replace(/\s+/g, '').toLowerCase();
  if (target === '') return null;
  for (let start = from; start < name.length; start += 1) {
    if (/\s/.test(name[start] as string)) continue;
    let position = start;
    let matched = 0;
    while (position < name.length && matched < target.length) {
      const character = (name[position] as string).toLowerCase();
      if (/\s/.test(character)) position += 1;
      else if (character === target[matched]) {
        matched += 1;
        position += 1;
      } else break;
    }
    if (matched === target.length) return { start, end: position };
  }
  return null;
}

/**
 * Turns the pipeline's entity groups into {@link TaggedEntity}s of `name`: labels mapped with
 * {@link toNerTag}, groups below `minScore` dropped, offsets found in the name in order.
 */
export function toTaggedEntities(name: string, groups: readonly TokenClassificationGroup[], minScore = 0): TaggedEntity[] {
  const entities: TaggedEntity[] = [];
  let cursor = 0;
  for (const group of groups) {
    if (group.score < minScore) continue;
    const span = locate(name, group.word, cursor);
    if (span === null) continue;
    cursor = span.end;
    entities.push({ text: name.slice(span.start, span.end), tag: toNerTag(group.entity_group), start: span.start, end: span.end, score: group.score });
  }
  return entities;
}

/**
 * @huggingface/transformers is an optional peer dependency: only this tagger needs it, and it
 * brings onnxruntime (100+ MB), which a team that only reads and prepares data should not install.
 */
async function importTransformers(): Promise<typeof Transformers> {
  try {
    return await import('@huggingface/transformers');
  } catch (cause) {
    if ((cause as { code?: unknown }).code !== 'ERR_MODULE_NOT_FOUND') throw cause;
    throw new ToolkitError(
      'RUNTIME_PROVIDER_UNAVAILABLE',
      "createOnnxTagger needs the optional peer dependency '@huggingface/transformers', which is not installed. Install it beside @causal-tune/data-prep (npm install @huggingface/transformers), or use createDefaultTagger().",
      { details: { package: '@huggingface/transformers' }, cause },
    );
  }
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() === true;
}

/**
 * A {@link PartyTagger} on a token-classification ONNX model in a local directory (a
 * transformers.js export such as Xenova/bert-base-NER: `config.json`, `tokenizer.json`,
 * `tokenizer_config.json`, `onnx/model.onnx` or `onnx/model_quantized.onnx`), run through
 * @huggingface/transformers with remote models disabled: nothing is downloaded. Throws
 * `MODEL_FILE_NOT_FOUND` naming the missing files when the directory is not such a model, and
 * `RUNTIME_SESSION_FAILED` when the pipeline cannot be created.
 *
 * @example
 * const tagger = await createOnnxTagger('models/bert-base-NER');
 * await tagger.tag('Phil A. St. Amant'); // [{ text: 'Phil A. St. Amant', tag: 'PER', … }]
 */
export async function createOnnxTagger(directory: string, options: OnnxTaggerOptions = {}): Promise<PartyTagger> {
  const root = resolve(directory);
  const info = await stat(root).catch(() => undefined);
  if (info === undefined || !info.isDirectory()) {
    throw new ToolkitError(
      'MODEL_FILE_NOT_FOUND',
      `The NER model directory '${directory}' does not exist. Pass a local directory holding a token-classification model exported for transformers.js (config.json, tokenizer.json, onnx/model.onnx), or use the default tagger.`,
      { details: { directory: root } },
    );
  }
  const preferred = options.dtype === undefined ? (['fp32', 'q8'] as const) : ([options.dtype] as const);
  let dtype: (typeof preferred)[number] | undefined;
  for (const candidate of preferred) {
    if (await isFile(join(root, 'onnx', WEIGHT_FILES[candidate]))) {
      dtype = candidate;
      break;
    }
  }
  const missing = [
    ...((await isFile(join(root, 'config.json'))) ? [] : ['config.json']),
    ...((await isFile(join(root, 'tokenizer.json'))) ? [] : ['tokenizer.json']),
    ...(dtype === undefined ? [preferred.map((candidate) => `onnx/${WEIGHT_FILES[candidate]}`).join(' or ')] : []),
  ];
  if (missing.length > 0 || dtype === undefined) {
    const present = await readdir(root).catch(() => [] as string[]);
    throw new ToolkitError(
      'MODEL_FILE_NOT_FOUND',
      `'${directory}' is not a token-classification model for transformers.js: missing ${missing.join(', ')} (found: ${present.join(', ') || 'nothing'}). ` +
        'Export one with optimum (`optimum-cli export onnx --task token-classification`) or copy a transformers.js model such as Xenova/bert-base-NER into it.',
      { details: { directory: root, missing, present } },
    );
  }
  const transformers = await importTransformers();
  transformers.env.allowRemoteModels = false;
  transformers.env.allowLocalModels = true;
  let classify: (text: string, options: { aggregation_strategy: 'simple' }) => Promise<unknown>;
  try {
    classify = (await transformers.pipeline('token-classification', root, { local_files_only: true, dtype })) as unknown as typeof classify;
  } catch (cause) {
    throw new ToolkitError('RUNTIME_SESSION_FAILED', `Could not load the NER model in '${directory}': ${(cause as Error).message}`, {
      details: { directory: root, dtype },
      cause,
    });
  }
  const cache = new Map<string, TaggedEntity[]>();
  return {
    name: `onnx:${directory}`,
    async tag(name: string): Promise<TaggedEntity[]> {
      let entities = cache.get(name);
      if (entities === undefined) {
        const groups = (await classify(name, { aggregation_strategy: 'simple' })) as TokenClassificationGroup[];
        entities = toTaggedEntities(name, groups, options.minScore ?? 0);
        cache.set(name, entities);
      }
      return [...entities];
    },
  };
}
