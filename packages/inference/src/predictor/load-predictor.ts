import { noopLogger, ToolkitError, type Logger, type Tokenizer } from '@causal-tune/core';
import type { ExecutionProvider } from '@causal-tune/graph';
import { eosTokenIds, freezeStoredModel, loadTokenizer, openModel, type WeightPrecision } from '@causal-tune/models';
import { createVerbalizer, getTemplate, verbalizerTokens, type Verbalizer, type VerbalizerDefinition } from '@causal-tune/prompts';
import { virtualTokensOf } from '@causal-tune/models';
import { classifyInputs, type ClassifierContext } from '../classify/classify.js';
import { scorePrompts } from '../classify/score-prompts.js';
import { generateAll, streamGeneration, type GeneratorContext } from '../generate/generate.js';
import { buildGenerationGraph } from '../graphs/generation-graph.js';
import { RunQueue } from '../runtime/run-queue.js';
import { SessionCache } from '../runtime/session-cache.js';
import { resolvePredictorSource, type PredictorSource } from '../source/resolve-source.js';
import { loadAdapterModel } from './adapter-model.js';
import type { Predictor } from './predictor.js';

/**
 * Tokens a training example spent after its prompt: the longest answer word (as encoded after
 * "### Response:\n") and EOS. Fitting inference prompts to cutoffLen minus this cuts the facts
 * exactly where training (encodeExample with the answer) cut them.
 */
function answerReserve(verbalizer: Verbalizer, tokenizer: Tokenizer, addEosToken: boolean): number {
  const longest = Math.max(...verbalizerTokens(verbalizer, tokenizer).entries.map((entry) => entry.tokenIds.length));
  return longest + (addEosToken ? 1 : 0);
}

/** The precision and cache options for freezing the weights: explicit, else the run's. */
function precisionOptions(options: LoadPredictorOptions, runDtype: WeightPrecision | undefined): { precision?: WeightPrecision; cacheDir?: string; inMemoryLimitBytes?: number } {
  const precision = options.dtype ?? runDtype;
  return {
    ...(precision === undefined ? {} : { precision }),
    ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
    ...(options.inMemoryLimitBytes === undefined ? {} : { inMemoryLimitBytes: options.inMemoryLimitBytes }),
  };
}

/** Options of {@link loadPredictor}. */
export interface LoadPredictorOptions {
  /** onnxruntime execution provider; default `cpu`. */
  readonly device?: ExecutionProvider;
  /** Threads per op on CPU; default: onnxruntime's choice (every core). */
  readonly threads?: number;
  /** Precision of the frozen base weights; default: the run's (what it trained in), else the checkpoint's own. */
  readonly dtype?: WeightPrecision;
  /** Where converted or quantized weights are cached; default ~/.cache/causal-tune/weights. */
  readonly cacheDir?: string;
  /** Checkpoints at most this large are read into memory whole; larger ones stay in their files (default 256 MiB; 0: always files). */
  readonly inMemoryLimitBytes?: number;
  readonly logger?: Logger;
  /** Replaces the run's verbalizer (label → word). */
  readonly verbalizer?: VerbalizerDefinition;
}

/**
 * Loads a predictor from a run directory (its config.json names the base model, the method and
 * the prompt settings; `adapter/` holds the adapter, or `model/` the fully tuned model) or from a
 * model directory with an optional adapter directory. The checkpoint is opened, not read: its
 * weights stay in their files (or a weight cache for another precision) and onnxruntime reads
 * them once, into one session that classification and generation share. Every adapter is applied
 * on the graph (LoRA as hooks, prompt learning as virtual tokens). The session is built lazily,
 * on the first classify or generate.
 *
 * Errors: `ARTIFACT_NOT_FOUND` (no run directory, config.json or adapter), `ARTIFACT_INCOMPATIBLE`
 * (an adapter made for another base model, naming both), the `MODEL_*` errors of loadModel, and
 * `CONFIG_INVALID` for a run config without the fields inference reads.
 *
 * @example
 * const predictor = await loadPredictor({ runDir: 'runs/court-lora' });
 * const { items } = await predictor.classify(records, { consistentPairs: true });
 * items[0].court?.firstPartyWinner; // 0 | 1
 * const { response } = await predictor.generate({ instruction: 'Does Phil A. St. Amant win?', input: facts }, { preset: 'alpaca' });
 * await predictor.release();
 */
export async function loadPredictor(source: PredictorSource, options: LoadPredictorOptions = {}): Promise<Predictor> {
  const logger = options.logger ?? noopLogger;
  const resolved = await resolvePredictorSource(source);
  const [stored, tokenizer] = await Promise.all([openModel(resolved.modelDir, { logger }), loadTokenizer(resolved.modelDir)]);
  const frozen = await freezeStoredModel(stored, { logger, ...precisionOptions(options, resolved.dtype) });
  const { model, adapter } = await loadAdapterModel({ config: stored.config, weights: frozen }, resolved.adapterDir, { modelDir: resolved.modelDir, logger });
  const config = model.config;
  const verbalizer: Verbalizer = createVerbalizer(options.verbalizer ?? resolved.prompt.verbalizer);
  const template = resolved.runDir === null ? undefined : getTemplate(resolved.prompt.template);
  const virtual = virtualTokensOf(model.layout);
  const contextTokens = config.maxPositionEmbeddings - virtual;
  if (contextTokens <= 0) {
    throw new ToolkitError('ARTIFACT_INCOMPATIBLE', `The adapter's ${virtual} virtual tokens fill the model's whole context of ${config.maxPositionEmbeddings}.`, { details: { virtualTokens: virtual, contextLength: config.maxPositionEmbeddings } });
  }
  const padTokenId = tokenizer.padTokenId ?? tokenizer.eosTokenId ?? 0;
  const sessions = new SessionCache({ device: options.device ?? 'cpu', ...(options.threads === undefined ? {} : { threads: options.threads }), logger });
  const queue = new RunQueue();
  const session = () => sessions.get('model', () => buildGenerationGraph(model));
  const cache = { layers: config.numHiddenLayers, keyValueHeads: config.numKeyValueHeads, headDim: config.headDim };

  const classifier: ClassifierContext = {
    tokenizer,
    verbalizer,
    contextTokens,
    prompt: {
      ...(template === undefined ? {} : { template }),
      court: { useAlias: resolved.prompt.askWith === 'alias', verbalizer },
      maxPromptTokens: resolved.runDir === null ? contextTokens : Math.max(1, resolved.prompt.cutoffLen - answerReserve(verbalizer, tokenizer, resolved.prompt.addEosToken)),
    },
    score: (prompts, labelTokenIds, scoreOptions) => scorePrompts(prompts, { session, ...cache, queue, layout: model.layout, padTokenId, labelTokenIds }, scoreOptions),
  };
  const generator: GeneratorContext = {
    tokenizer,
    ...(template === undefined ? {} : { template }),
    eosTokenIds: [...new Set([...eosTokenIds(config), ...(tokenizer.eosTokenId === null ? [] : [tokenizer.eosTokenId])])],
    session,
    queue,
    layout: model.layout,
    ...cache,
    padTokenId,
    contextLength: config.maxPositionEmbeddings,
  };

  const predictor: Predictor = {
    modelDir: resolved.modelDir,
    adapter,
    runDir: resolved.runDir,
    method: resolved.method,
    config,
    precision: frozen.precision,
    tokenizer,
    verbalizer,
    layout: model.layout,
    classify: (inputs, classifyOptions = {}) => classifyInputs(inputs, classifier, { logger, ...classifyOptions }),
    generate: ((input: unknown, generateOptions = {}) =>
      Array.isArray(input)
        ? generateAll(input, generator, generateOptions)
        : generateAll([input as never], generator, generateOptions).then(([generation]) => generation!)) as Predictor['generate'],
    stream: (input, generateOptions = {}) => streamGeneration(input, generator, generateOptions),
    release: () => sessions.release(),
  };
  logger.info('predictor loaded', { modelDir: resolved.modelDir, adapter: adapter?.directory ?? null, method: resolved.method, layout: model.layout.kind, precision: frozen.precision });
  return predictor;
}
