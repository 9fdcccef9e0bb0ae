import { ToolkitError, type RunOptions, type Tokenizer } from '@causal-tune/core';
import { extractResponse, type PromptTemplate } from '@causal-tune/prompts';
import { planLengthBatches } from '../batching/length-batches.js';
import { decodeBatch, type DecodeContext, type FinishReason } from './decode-batch.js';
import { encodeGenerationInput, type GenerateInput } from './generation-input.js';
import { GENERATION_PRESETS, type GenerationPresetName, type SamplingSettings } from './generation-presets.js';

/** The progress task name of generation. */
export const GENERATE_TASK = 'generate';

/** One new token, as streamed. */
export interface GeneratedToken {
  /** Which input it belongs to. */
  readonly index: number;
  /** 0 for the first new token. */
  readonly step: number;
  readonly tokenId: number;
  /** The text this token adds (may be empty while a multi-byte character is incomplete). */
  readonly text: string;
  /** log p(token) under the model. */
  readonly logProb: number;
}

/** Options of `Predictor.generate`; explicit settings override the preset's. */
export interface GenerateOptions extends RunOptions, Partial<SamplingSettings> {
  /** Base settings; default `greedy`. `alpaca` is the method's (temperature 0.1, top_p 0.75, repetition_penalty 1.1). */
  readonly preset?: GenerationPresetName;
  /** Seed of sampling; each input draws from its own stream, so results do not depend on batching. Default 0. */
  readonly seed?: number;
  /** Stop a sequence at the model's EOS token(s); default true. */
  readonly stopAtEos?: boolean;
  /** More token ids that end a sequence. */
  readonly stopTokenIds?: readonly number[];
  /** Use the key/value cache (default true); false reruns the whole sequence every step (for checking). */
  readonly useCache?: boolean;
  /** Inputs generated together (left-padded); default 4. */
  readonly batchSize?: number;
  /** Called with each new token as soon as it is picked (streaming). */
  readonly onToken?: (token: GeneratedToken) => void;
}

/** The result for one input. */
export interface Generation {
  readonly index: number;
  /** The prompt text; null for token-id inputs. */
  readonly prompt: string | null;
  readonly promptTokens: number;
  /** New token ids (EOS included when it ended the sequence). */
  readonly tokenIds: readonly number[];
  /** log p of each new token under the model (its raw distribution, before penalty and temperature). */
  readonly logProbs: readonly number[];
  /** The new tokens decoded, special tokens skipped. */
  readonly text: string;
  /** The response: what follows "### Response:" in prompt + text (alpaca-lora's get_response), trimmed. */
  readonly response: string;
  readonly finishReason: FinishReason;
}

/** What generation needs from a predictor. */
export interface GeneratorContext extends DecodeContext {
  readonly tokenizer: Tokenizer;
  /** The run's template; undefined picks alpaca-lora's template per input. */
  readonly template?: PromptTemplate;
  readonly eosTokenIds: readonly number[];
}

/** The sampling settings of `options` over its preset. */
export function resolveSamplingSettings(options: GenerateOptions): SamplingSettings {
  const preset = GENERATION_PRESETS[options.preset ?? 'greedy'];
  if (preset === undefined) throw new ToolkitError('CONFIG_INVALID', `Option 'preset' of 'generate' is ${JSON.stringify(options.preset)}; the presets are ${Object.keys(GENERATION_PRESETS).join(', ')}.`);
  const settings: SamplingSettings = {
    doSample: options.doSample ?? preset.doSample,
    temperature: options.temperature ?? preset.temperature,
    topP: options.topP ?? preset.topP,
    topK: options.topK ?? preset.topK,
    repetitionPenalty: options.repetitionPenalty ?? preset.repetitionPenalty,
    maxNewTokens: options.maxNewTokens ?? preset.maxNewTokens,
  };
  const problems: string[] = [];
  if (!(settings.temperature > 0)) problems.push(`temperature must be > 0 (use doSample false or the greedy preset for argmax), but got ${settings.temperature}`);
  if (!(settings.topP > 0 && settings.topP <= 1)) problems.push(`topP must be in (0, 1], but got ${settings.topP}`);
  if (!(Number.isInteger(settings.topK) && settings.topK >= 0)) problems.push(`topK must be a whole number >= 0, but got ${settings.topK}`);
  if (!(settings.repetitionPenalty > 0)) problems.push(`repetitionPenalty must be > 0, but got ${settings.repetitionPenalty}`);
  if (!(Number.isInteger(settings.maxNewTokens) && settings.maxNewTokens > 0)) problems.push(`maxNewTokens must be a positive whole number, but got ${settings.maxNewTokens}`);
  if (problems.length > 0) throw new ToolkitError('CONFIG_INVALID', `The generation options are invalid: ${problems.join('; ')}.`, { details: { problems } });
  return settings;
}

/** Incremental decoding of one row's new tokens into text deltas. */
function textStream(tokenizer: Tokenizer): (ids: readonly number[]) => string {
  let emitted = '';
  return (ids) => {
    const text = tokenizer.decode(ids, { skipSpecialTokens: true });
    // Hold back an incomplete multi-byte character (byte-fallback tokens decode to U+FFFD alone).
    if (text.endsWith('\uFFFD') || !text.startsWith(emitted)) return '';
    const delta = text.slice(emitted.length);
    emitted = text;
    return delta;
  };
}

/**
 * Generates a continuation for every input: length-sorted, left-padded batches decoded with the
 * key/value cache; results come back in input order.
 */
export async function generateAll(inputs: readonly GenerateInput[], context: GeneratorContext, options: GenerateOptions = {}): Promise<Generation[]> {
  const started = performance.now();
  const settings = resolveSamplingSettings(options);
  const encoded = inputs.map((input, index) => encodeGenerationInput(input, context.tokenizer, context.template, index));
  const stopTokenIds = new Set(options.stopTokenIds ?? []);
  const eosTokenIds = new Set(options.stopAtEos === false ? [] : context.eosTokenIds);
  const results: Generation[] = new Array<Generation>(inputs.length);
  const batches = planLengthBatches(
    encoded.map((entry) => entry.ids.length),
    { batchSize: options.batchSize ?? 4 },
  );
  options.onProgress?.({ type: 'task-start', task: GENERATE_TASK, total: inputs.length });
  let completed = 0;
  for (const batch of batches) {
    const streams = batch.map(() => textStream(context.tokenizer));
    const generated = batch.map(() => [] as number[]);
    const rows = await decodeBatch(
      batch.map((index) => ({ index, ids: encoded[index]!.ids })),
      context,
      {
        ...settings,
        seed: options.seed ?? 0,
        stopTokenIds,
        eosTokenIds,
        useCache: options.useCache ?? true,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(options.onToken === undefined
          ? {}
          : {
              onToken: (row, tokenId, logProb, step) => {
                generated[row]!.push(tokenId);
                options.onToken!({ index: batch[row]!, step, tokenId, logProb, text: streams[row]!(generated[row]!) });
              },
            }),
      },
    );
    rows.forEach((row, position) => {
      const index = batch[position]!;
      const entry = encoded[index]!;
      const text = context.tokenizer.decode(row.tokenIds, { skipSpecialTokens: true });
      const response = entry.template === null ? text.trim() : (extractResponse(`${entry.prompt ?? ''}${text}`, entry.template) ?? text.trim());
      results[index] = { index, prompt: entry.prompt, promptTokens: entry.ids.length, tokenIds: row.tokenIds, logProbs: row.logProbs, text, response, finishReason: row.finishReason };
    });
    completed += batch.length;
    options.onProgress?.({ type: 'task-progress', task: GENERATE_TASK, completed, total: inputs.length });
  }
  options.onProgress?.({ type: 'task-end', task: GENERATE_TASK, durationMs: performance.now() - started });
  return results;
}

/**
 * Streams the tokens of one input as an async iterator; the iterator's return value is the
 * finished {@link Generation}. Tokens are buffered, so a slow consumer never stalls the model.
 */
export async function* streamGeneration(input: GenerateInput, context: GeneratorContext, options: GenerateOptions = {}): AsyncGenerator<GeneratedToken, Generation, undefined> {
  const buffered: GeneratedToken[] = [];
  let wake: (() => void) | undefined;
  let finished = false;
  const done = generateAll([input], context, {
    ...options,
    onToken: (token) => {
      options.onToken?.(token);
      buffered.push(token);
      wake?.();
    },
  }).finally(() => {
    finished = true;
    wake?.();
  });
  // A failure surfaces from `await done` below; this keeps it from being reported as unhandled meanwhile.
  done.catch(() => undefined);
  while (true) {
    if (buffered.length > 0) {
      yield buffered.shift()!;
      continue;
    }
    if (finished) break;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
    wake = undefined;
  }
  const [generation] = await done;
  return generation!;
}
