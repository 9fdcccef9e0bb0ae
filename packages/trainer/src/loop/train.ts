import { ToolkitError, noopLogger, parseWithSchema, type RunOptions } from '@causal-tune/core';
import type { HostTensor } from '@causal-tune/graph';
import { METHOD_NAMES, freezeStoredModel, loadTokenizer, methodNamed, openModel, precisionOfDtype, type FloatTensor, type StoredModel, type WeightPrecision } from '@causal-tune/models';
import { MetricsLog, artifactDirectory, runPaths, writeEvaluationFile, writeRunManifest } from '@causal-tune/runs';
import { saveCheckpoint } from '../checkpoint/training-checkpoint.js';
import { trainConfigSchema, type TrainConfig, type TrainConfigInput } from '../config/train-config.js';
import { createBatchPlan } from '../data/batch-plan.js';
import { buildTrainingData } from '../data/build-training-data.js';
import { buildTrainingGraph } from '../graph/build-training-graph.js';
import { createTrainingMethod } from '../methods/create-training-method.js';
import { adamWStep, createAdamWState, type AdamWState } from '../optim/adamw.js';
import { clipGradNorm } from '../optim/clip-grad-norm.js';
import { learningRateAt } from '../optim/learning-rate-schedule.js';
import { checkRunDirectory } from '../run/run-directory-guard.js';
import { writeDirectoryAtomic } from '../run/write-directory-atomic.js';
import { evaluate, type EvaluationMetrics } from './evaluate.js';
import { assertFullFineTuningFits } from './memory-estimate.js';
import { createTrainingSession } from './training-session.js';
import { computeStepGradients } from './training-step.js';

/** Options of {@link train}. */
export interface TrainOptions extends RunOptions {
  /** Continue from the run directory's checkpoint (the config must be the same). */
  readonly resume?: boolean;
  /** Replace a run already in the output directory; without it (or `resume`) that is ARTIFACT_EXISTS. */
  readonly overwrite?: boolean;
}

/** What a finished (or stopped) run reports. */
export interface TrainResult {
  readonly runDir: string;
  readonly steps: number;
  readonly finalLoss: number;
  readonly tokensPerSecond: number;
  readonly durationMs: number;
  readonly stoppedBy: 'completed' | 'early-stopped' | 'aborted';
  readonly evaluation: EvaluationMetrics | null;
  readonly trainExamples: number;
  readonly validationExamples: number;
}

/**
 * Fine-tunes a causal LM, top to bottom (nanoGPT's order):
 * resolve config → load model, tokenizer, data → build the graph and its session → resume →
 * loop { lr = schedule(step); micro-batches forward/backward; clip; AdamW; log; evaluate and
 * checkpoint every N steps } → final checkpoint, artifact and evaluation.
 * An aborted signal (Ctrl-C) writes a checkpoint first, then returns with `stoppedBy: 'aborted'`.
 *
 * @example
 * const result = await train({ model: { path: 'fixtures/models/stories260K' }, data: { path: 'fixtures/dacon-court/train-sample.csv' }, outputDir: 'runs/demo', training: { maxSteps: 20 } });
 */
export async function train(input: TrainConfigInput, options: TrainOptions = {}): Promise<TrainResult> {
  const logger = options.logger ?? noopLogger;
  const started = performance.now();
  // 1. Resolve and freeze the config.
  assertKnownMethod(input);
  const config: TrainConfig = Object.freeze(parseWithSchema(trainConfigSchema, input, 'The training config'));
  const paths = runPaths(config.outputDir);
  // Refuse a resume that does not fit, or a fresh run over a run, before any work or write.
  const runDirectory = await checkRunDirectory(paths, config, { resume: options.resume ?? false, overwrite: options.overwrite ?? false });
  const configHash = runDirectory.configHash;

  // 2. Model (opened, not read), tokenizer and data.
  const model = await openModel(config.model.path, options);
  const tokenizer = await loadTokenizer(config.model.path);
  const method = createTrainingMethod(config, model, tokenizer);
  const precision = resolvePrecision(config, model, method.trainableWeights !== undefined);
  if (method.trainableWeights !== undefined) assertFullFineTuningFits(model.config);
  assertVirtualTokensFit(config, model.config.maxPositionEmbeddings);
  const data = await buildTrainingData(config, tokenizer, options);
  const padTokenId = tokenizer.padTokenId ?? tokenizer.eosTokenId ?? 0;
  const weighting = {
    type: config.loss.type,
    alpha: config.loss.alpha,
    ...(config.loss.classWeights ? { classWeights: data.verbalizer.entries.map((entry) => config.loss.classWeights?.[String(entry.label)] ?? 1) } : {}),
  };
  const positiveClass = Math.max(0, data.verbalizer.entries.findIndex((entry) => String(entry.label) === '1'));

  // 3. The frozen weights in their precision, the graph and one session for every step.
  const frozen = await freezeStoredModel(model, { ...options, precision, forTraining: true, ...(config.model.cacheDir ? { cacheDir: config.model.cacheDir } : {}), ...(method.trainableWeights ? { exclude: method.trainableWeights } : {}) });
  const { graph, trainable: trainableSpecs } = buildTrainingGraph({
    config: model.config,
    weights: frozen,
    parameterize: method.parameterize,
    labelTokenIds: data.labelTokenIds,
    lossType: config.loss.type,
    gradientCheckpointing: config.training.gradientCheckpointing,
    ...(method.trainableWeights ? { trainableWeights: method.trainableWeights } : {}),
  });
  const session = await createTrainingSession(graph, { device: config.model.device, logger, ...(config.model.threads ? { threads: config.model.threads } : {}) });

  // 4. Fresh state, or the checkpoint's.
  await runDirectory.initialize(logger);
  const metrics = new MetricsLog(paths.metrics);
  let trainable = await method.initialTensors(frozen);
  const optimizerState = new Map<string, AdamWState>(trainableSpecs.map(({ name }) => [name, createAdamWState(trainable.get(name)!.data.length)]));
  let firstStep = 0;
  let bestValidationLoss: number | null = null;
  let evaluationsWithoutImprovement = 0;
  if (options.resume) {
    const checkpoint = runDirectory.checkpoint!;
    trainable = new Map(checkpoint.trainable);
    for (const [name, state] of optimizerState) {
      state.m.set(checkpoint.optimizer.get(`${name}.m`)!.data);
      state.v.set(checkpoint.optimizer.get(`${name}.v`)!.data);
    }
    ({ step: firstStep, bestValidationLoss, evaluationsWithoutImprovement } = checkpoint.state);
    await metrics.truncateAfter(firstStep);
    logger.info('run-resumed', { step: firstStep });
  }
  const plan = createBatchPlan(data.train.map((example) => example.inputIds.length), { ...config.training, ...(config.training.maxSteps ? { maxSteps: config.training.maxSteps } : {}) });
  const totalSteps = plan.totalSteps;
  options.onProgress?.({ type: 'run-start', runDir: paths.root, totalSteps, config, ...(options.resume ? { resumedFromStep: firstStep } : {}) });

  let lastCheckpointStep = -1;
  const writeCheckpoint = async (step: number) => {
    if (step === lastCheckpointStep) return;
    lastCheckpointStep = step;
    const moments = new Map<string, FloatTensor>();
    for (const [name, state] of optimizerState) {
      const shape = trainable.get(name)!.shape;
      moments.set(`${name}.m`, { dtype: 'F32', shape, data: state.m });
      moments.set(`${name}.v`, { dtype: 'F32', shape, data: state.v });
    }
    await saveCheckpoint(paths.checkpoint, { state: { step, bestValidationLoss, evaluationsWithoutImprovement, configHash }, trainable, optimizer: moments });
    options.onProgress?.({ type: 'checkpoint-end', step, path: paths.checkpoint, best: false });
  };
  const feedsOf = (): Record<string, HostTensor> => Object.fromEntries([...trainable].map(([name, tensor]) => [name, { dtype: 'float32' as const, dims: tensor.shape, data: tensor.data }]));
  const runEvaluation = async (step: number): Promise<EvaluationMetrics | null> => {
    if (data.validation.length === 0) return null;
    const result = await evaluate(session, data.validation, { layout: method.layout, padTokenId, weighting, microBatchSize: config.training.microBatchSize, positiveClass, trainableFeeds: feedsOf(), extraFeeds: method.extraFeeds });
    await metrics.append({ type: 'eval', step, ...result });
    options.onProgress?.({ type: 'eval-end', step, metrics: { ...result } });
    if (bestValidationLoss === null || result.loss < bestValidationLoss) {
      bestValidationLoss = result.loss;
      evaluationsWithoutImprovement = 0;
      await writeDirectoryAtomic(paths.best, (staging) => method.saveArtifact(staging, trainable));
      options.onProgress?.({ type: 'checkpoint-end', step, path: paths.best, best: true });
    } else evaluationsWithoutImprovement += 1;
    return result;
  };

  // 5. The loop.
  let lastLoss = Number.NaN;
  let lastEvaluation: EvaluationMetrics | null = null;
  let tokensProcessed = 0;
  let trainingMs = 0;
  let stoppedBy: TrainResult['stoppedBy'] = 'completed';
  let step = firstStep;
  if (config.training.evalAtStart && firstStep === 0) lastEvaluation = await runEvaluation(0);
  for (; step < totalSteps; step += 1) {
    if (options.signal?.aborted) {
      stoppedBy = 'aborted';
      break;
    }
    const stepStarted = performance.now();
    const learningRate = learningRateAt(step, { ...config.schedule, totalSteps, peakLearningRate: config.optimizer.learningRate });
    const examples = plan.examplesOf(step).map((index) => data.train[index]!);
    const { loss, gradients, tokens } = await computeStepGradients(session, examples, trainable, { layout: method.layout, padTokenId, weighting, microBatchSize: config.training.microBatchSize, step, extraFeeds: method.extraFeeds });
    const gradNorm = clipGradNorm([...gradients.values()], config.optimizer.maxGradNorm);
    for (const [name, tensor] of trainable) adamWStep(tensor.data, gradients.get(name)!, optimizerState.get(name)!, step + 1, learningRate, config.optimizer);
    const durationMs = performance.now() - stepStarted;
    tokensProcessed += tokens;
    trainingMs += durationMs;
    lastLoss = loss;
    const tokensPerSecond = (tokens * 1000) / durationMs;
    const completed = step + 1;
    await metrics.append({ type: 'step', step: completed, epoch: plan.epochAt(completed), loss, learningRate, gradNorm, tokensPerSecond, durationMs });
    options.onProgress?.({ type: 'step-end', step: completed, totalSteps, epoch: plan.epochAt(completed), loss, learningRate, gradNorm, durationMs, tokensPerSecond, etaMs: (trainingMs / (completed - firstStep)) * (totalSteps - completed) });
    if (completed % config.training.evalInterval === 0 && completed < totalSteps) {
      lastEvaluation = await runEvaluation(completed);
      if (config.training.earlyStoppingPatience !== null && evaluationsWithoutImprovement >= config.training.earlyStoppingPatience) {
        stoppedBy = 'early-stopped';
        step += 1;
        break;
      }
    }
    if (completed % config.training.checkpointInterval === 0) await writeCheckpoint(completed);
  }

  // 6. Final checkpoint, artifact and evaluation.
  await writeCheckpoint(step);
  if (stoppedBy !== 'aborted') {
    await writeDirectoryAtomic(artifactDirectory(paths.root, config), (staging) => method.saveArtifact(staging, trainable));
    lastEvaluation = (await runEvaluation(step)) ?? lastEvaluation;
    await writeEvaluationFile(paths.root, step, lastEvaluation);
    await writeRunManifest(paths, config, model.config.architecture);
  }
  await session.release();
  const durationMs = performance.now() - started;
  options.onProgress?.({ type: 'run-end', step, reason: stoppedBy, durationMs });
  return {
    runDir: paths.root,
    steps: step,
    finalLoss: lastLoss,
    tokensPerSecond: trainingMs > 0 ? (tokensProcessed * 1000) / trainingMs : 0,
    durationMs,
    stoppedBy,
    evaluation: lastEvaluation,
    trainExamples: data.train.length,
    validationExamples: data.validation.length,
  };
}

/** An unknown method is its own error (TRAIN_METHOD_UNKNOWN), not one schema issue among others. */
function assertKnownMethod(input: TrainConfigInput): void {
  const type = (input.method as { type?: unknown } | undefined)?.type;
  if (type !== undefined && methodNamed(String(type)) === undefined) {
    throw new ToolkitError('TRAIN_METHOD_UNKNOWN', `The method '${String(type)}' is not one causal-tune trains. Use one of: ${METHOD_NAMES.join(', ')}.`, { details: { method: type, methods: [...METHOD_NAMES] } });
  }
}

/**
 * The precision of the frozen weights: the config's, else the checkpoint's own. A method that
 * trains the base weights themselves (full fine-tuning) trains them in float32, so it takes no other.
 */
function resolvePrecision(config: TrainConfig, model: StoredModel, trainsBaseWeights: boolean): WeightPrecision {
  const precision = config.model.dtype ?? precisionOfDtype(model.dtype);
  if (trainsBaseWeights && config.model.dtype !== undefined && config.model.dtype !== 'fp32') {
    throw new ToolkitError('MODEL_PRECISION_UNSUPPORTED', `Method '${config.method.type}' trains every weight in float32, so model.dtype '${config.model.dtype}' cannot be honoured. Leave --dtype unset (or fp32), or tune an adapter (--method lora) over ${config.model.dtype} weights.`, {
      details: { dtype: config.model.dtype, method: config.method.type },
    });
  }
  return trainsBaseWeights ? 'fp32' : precision;
}

/** Virtual tokens and the longest example must fit the model's context together. */
function assertVirtualTokensFit(config: TrainConfig, context: number): void {
  const virtual = methodNamed(config.method.type)!.virtualTokens(config.method);
  if (virtual === 0) return;
  const needed = virtual + config.prompt.cutoffLen;
  if (needed > context) {
    throw new ToolkitError('PEFT_CONFIG_INVALID', `${virtual} virtual tokens plus examples of up to ${config.prompt.cutoffLen} tokens need ${needed} positions, but the model's context is ${context}. Lower method.numVirtualTokens or prompt.cutoffLen.`, {
      details: { numVirtualTokens: virtual, cutoffLen: config.prompt.cutoffLen, context },
    });
  }
}
