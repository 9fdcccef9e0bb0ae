/**
 * What both scale workers share: a training session over a stored checkpoint in a precision —
 * LoRA r 8 on q_proj and v_proj (as alpaca-lora and the PyTorch side), or prompt tuning, p-tuning
 * or prefix tuning with 8 virtual tokens — and timed steps on fixed random tokens with the loss
 * on every position (labels = inputs, as PyTorch computes it).
 */
import { createSeededRandom } from '@causal-tune/core';
import type { GraphSession } from '@causal-tune/graph';
import { freezeStoredModel, loadTokenizer, openModel, type StoredModel, type WeightPrecision } from '@causal-tune/models';
import { adamWStep, buildTrainingGraph, computeStepGradients, createAdamWState, createTrainingMethod, createTrainingSession, resolveTrainConfig, type TrainingMethod } from '@causal-tune/trainer';

/** A ready training session and what stepping it needs. */
export interface LoraSession {
  readonly model: StoredModel;
  readonly session: GraphSession;
  readonly method: TrainingMethod;
  /** Milliseconds spent freezing the weights (reading the cache, or writing it the first time). */
  readonly prepareMs: number;
  step(index: number): Promise<{ loss: number; durationMs: number }>;
}

/** The PEFT methods a scale worker trains. */
export type ScaleMethod = 'lora' | 'prompt-tuning' | 'p-tuning' | 'prefix-tuning';

const METHODS = {
  lora: { type: 'lora', r: 8, loraAlpha: 16, loraDropout: 0, targetModules: ['q_proj', 'v_proj'] },
  'prompt-tuning': { type: 'prompt-tuning', numVirtualTokens: 8, init: 'RANDOM' },
  'p-tuning': { type: 'p-tuning', numVirtualTokens: 8 },
  'prefix-tuning': { type: 'prefix-tuning', numVirtualTokens: 8 },
} as const;

/** Opens the checkpoint, freezes it at `precision` (in `cacheDir`), builds and compiles the method's graph. */
export async function openLoraSession(modelDir: string, precision: WeightPrecision, options: { cacheDir: string; seq: number; gradientCheckpointing: boolean; method?: ScaleMethod }): Promise<LoraSession> {
  const model = await openModel(modelDir);
  const tokenizer = await loadTokenizer(modelDir);
  const config = resolveTrainConfig({
    model: { path: modelDir, dtype: precision, cacheDir: options.cacheDir },
    data: { path: 'unused.csv' },
    outputDir: 'unused',
    method: METHODS[options.method ?? 'lora'],
    optimizer: { learningRate: 1e-4, maxGradNorm: null },
    training: { gradientCheckpointing: options.gradientCheckpointing },
  });
  const method = createTrainingMethod(config, model, tokenizer);
  const prepareStarted = performance.now();
  const frozen = await freezeStoredModel(model, { precision, forTraining: true, cacheDir: options.cacheDir });
  const prepareMs = performance.now() - prepareStarted;
  const { graph, trainable } = buildTrainingGraph({ config: model.config, weights: frozen, parameterize: method.parameterize, labelTokenIds: [3, 4], lossType: 'causal-lm', gradientCheckpointing: options.gradientCheckpointing });
  const session = await createTrainingSession(graph);
  const random = createSeededRandom(1, 'tokens');
  const inputIds = Array.from({ length: options.seq }, () => random.nextUint32() % model.config.vocabSize);
  const example = { id: 'row 0', inputIds, labels: [...inputIds], keyTokenCount: 0, answerPosition: options.seq - 2, truncatedCharacters: 0 };
  const tensors = await method.initialTensors();
  const state = new Map(trainable.map(({ name }) => [name, createAdamWState(tensors.get(name)!.data.length)]));
  return {
    model,
    session,
    method,
    prepareMs,
    async step(index) {
      const started = performance.now();
      const { loss, gradients } = await computeStepGradients(session, [example], tensors, { layout: method.layout, padTokenId: 0, weighting: { type: 'causal-lm', alpha: 1 }, microBatchSize: 1, step: index, extraFeeds: method.extraFeeds });
      for (const [name, tensor] of tensors) adamWStep(tensor.data, gradients.get(name)!, state.get(name)!, index + 1, 1e-4, { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 });
      return { loss, durationMs: performance.now() - started };
    },
  };
}

/** Peak resident memory of this process so far, in bytes. */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/** The median of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
