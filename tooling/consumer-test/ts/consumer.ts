// A typed consumer of the published packages: the consumer test type-checks it (tsc, module and
// moduleResolution nodenext, strict, skipLibCheck off) in a fresh project against the shipped
// declarations; it is never run. Each block uses a package the way another team's code would,
// with the exported types written out, and `@ts-expect-error` marks what must not compile.
import { ToolkitError, isToolkitError, noopLogger, type Logger, type ProgressEvent, type RunOptions } from '@causal-tune/core';
import { computeStatistics, loadDataset, prepareDataset, type CourtRecord, type DatasetStatistics, type LoadedDataset, type PreparedCourtRecord } from '@causal-tune/data-prep';
import { ALPACA_TEMPLATE, buildCourtPrompt, createVerbalizer, renderPrompt, type CourtPrompt, type PromptTemplate, type Verbalizer } from '@causal-tune/prompts';
import { GraphBuilder, compile, createSession, type CompiledModel, type GraphSession, type HostTensor, type Value } from '@causal-tune/graph';
import { checkGradient } from '@causal-tune/graph/testing';
import { countParameters, loadModel, loadTokenizer, type LoadedTokenizer, type ModelCheckpoint, type ModelConfig } from '@causal-tune/models';
import { train, trainConfigSchema, type LoraConfig, type TrainConfig, type TrainConfigInput, type TrainResult } from '@causal-tune/trainer';
import { loadPredictor, type Classification, type ClassifyResult, type GenerateOptions, type Predictor } from '@causal-tune/inference';
import { writeRunDirectory } from '@causal-tune/inference/testing';
import { createApp, loadApiEnv, type ApiApp, type ApiEnv, type AppDependencies } from '@causal-tune/api';

const logger: Logger = noopLogger;

/** Statistics of a court file, or null for instruction data. */
export async function courtStatistics(path: string, options: RunOptions = {}): Promise<DatasetStatistics | null> {
  const dataset: LoadedDataset = await loadDataset(path, { requireLabels: true, logger, ...(options.signal ? { signal: options.signal } : {}) });
  if (dataset.kind !== 'court') return null;
  const records: readonly CourtRecord[] = dataset.records;
  const prepared: PreparedCourtRecord[] = await prepareDataset(records, options);
  return computeStatistics(prepared, { file: dataset.file });
}

/** The training text of one prepared record. */
export function courtText(record: PreparedCourtRecord): string {
  const prompt: CourtPrompt = buildCourtPrompt(record);
  const template: PromptTemplate = ALPACA_TEMPLATE;
  const verbalizer: Verbalizer = createVerbalizer({ '1': 'yes', '0': 'no' });
  return `${renderPrompt(template, { instruction: prompt.instruction, input: prompt.input }, prompt.answer === undefined ? {} : { withAnswer: prompt.answer })} (${verbalizer.wordFor(1)})`;
}

/** A one-op graph, compiled and run. */
export async function double(values: Float32Array): Promise<HostTensor | undefined> {
  const g = new GraphBuilder({ name: 'double' });
  const x: Value = g.input('x', 'float32', ['n']);
  g.output(g.add(x, x), 'y');
  const model: CompiledModel = compile(g);
  const session: GraphSession = await createSession(model, { executionProvider: 'cpu', intraOpNumThreads: 1 });
  try {
    return (await session.run({ x: { dtype: 'float32', dims: [values.length], data: values } })).y;
  } finally {
    await session.release();
  }
}
export const gradientCheck: typeof checkGradient = checkGradient;

/** A model's size and its tokenizer. */
export async function describeModel(directory: string): Promise<{ config: ModelConfig; parameters: number; tokenizer: LoadedTokenizer }> {
  const checkpoint: ModelCheckpoint = await loadModel(directory, { logger });
  return { config: checkpoint.config, parameters: countParameters(checkpoint.config), tokenizer: await loadTokenizer(directory) };
}

/** LoRA with the trainer's defaults, reporting each step. */
export async function tune(model: string, data: string, outputDir: string): Promise<TrainResult> {
  const input: TrainConfigInput = { model: { path: model }, data: { path: data }, method: { type: 'lora', r: 4 }, outputDir };
  const config: TrainConfig = trainConfigSchema.parse(input);
  const lora: LoraConfig | undefined = config.method.type === 'lora' ? config.method : undefined;
  const onProgress = (event: ProgressEvent): void => {
    if (event.type === 'step-end') logger.info('step', { step: event.step, loss: event.loss, rank: lora?.r });
  };
  return train(config, { logger, onProgress });
}

/** Court decisions for a file, from a run directory. */
export async function decide(runDir: string, records: readonly PreparedCourtRecord[]): Promise<Array<0 | 1 | undefined>> {
  const predictor: Predictor = await loadPredictor({ runDir }, { threads: 1, logger });
  try {
    const result: ClassifyResult = await predictor.classify(records, { batchSize: 8, consistentPairs: true });
    return result.items.map((item: Classification) => item.court?.firstPartyWinner);
  } finally {
    await predictor.release();
  }
}
export const greedy: GenerateOptions = { preset: 'greedy', maxNewTokens: 16 };
export const writeFixtureRun: typeof writeRunDirectory = writeRunDirectory;

/** The API's app from its environment (listening is the caller's). */
export function api(dependencies: AppDependencies): { app: ApiApp; env: ApiEnv } {
  return { app: createApp(dependencies), env: loadApiEnv({ CTUNE_MODELS_DIR: 'runs' }) };
}

/** Errors carry codes a caller can switch on. */
export function codeOf(error: unknown): string {
  return isToolkitError(error) ? error.code : error instanceof ToolkitError ? 'impossible' : 'UNKNOWN';
}

// What must not compile against the published packages:
// @ts-expect-error data-prep's ./testing subpath points into the repository and is not published.
export const notPublished = import('@causal-tune/data-prep/testing');
// @ts-expect-error deep imports are not part of any package's exports.
export const deepImport = import('@causal-tune/core/dist/errors/codes.js');
// @ts-expect-error the training config is validated by its types as well.
export const badConfig: TrainConfigInput = { model: { path: 1 }, data: { path: 'x.csv' }, outputDir: 'runs/x' };
