import { fileURLToPath } from 'node:url';
import { loadModel, loadTokenizer } from '@causal-tune/models';
import { resolveTrainConfig } from '../../src/config/load-train-config.js';
import type { TrainConfig } from '../../src/config/train-config.js';
import type { TrainingExample } from '../../src/data/training-example.js';

/** The fixed setup shared by the fixture writer and the parity test. */
export const PARITY_STEPS = 20;
export const PARITY_BATCH = 4;
export const PARITY_MODEL = fileURLToPath(new URL('../../../../fixtures/models/stories260K', import.meta.url));
export const PARITY_DIRECTORY = fileURLToPath(new URL('../../test/fixtures/parity', import.meta.url));
export const PARITY_METHODS = ['lora', 'prompt-tuning', 'full'] as const;

const METHOD_OPTIONS = {
  lora: { method: { type: 'lora', r: 4, loraAlpha: 8, loraDropout: 0 }, learningRate: 1e-2 },
  'prompt-tuning': { method: { type: 'prompt-tuning', numVirtualTokens: 4, init: 'TEXT', initText: 'Once upon a time' }, learningRate: 1e-2 },
  full: { method: { type: 'full' }, learningRate: 1e-3 },
} as const;

/** The resolved config of one method's parity run: AdamW with decay, clipping, linear warm-up and decay. */
export function parityConfig(method: (typeof PARITY_METHODS)[number]): TrainConfig {
  const options = METHOD_OPTIONS[method];
  return resolveTrainConfig({
    model: { path: PARITY_MODEL },
    data: { path: 'unused.csv' },
    outputDir: 'unused',
    method: options.method,
    optimizer: { learningRate: options.learningRate, weightDecay: 0.01, maxGradNorm: 1 },
    schedule: { type: 'linear', warmupSteps: 2 },
    training: { maxSteps: PARITY_STEPS, batchSize: PARITY_BATCH, microBatchSize: 2, seed: 11 },
  });
}

/** Eight short examples of the real tokenizer: the first half of each text is the prompt. */
export async function parityExamples(): Promise<TrainingExample[]> {
  const tokenizer = await loadTokenizer(PARITY_MODEL);
  const texts = [
    'Once upon a time, there was a little girl named Lily.',
    'The cat sat on the mat. It was happy!',
    'Tom and Sue went to the park to play with a big red ball.',
    'One day, a little boy found a shiny red apple in the garden.',
    'She loved to play outside in the sun with her dog.',
    'The bird sang a song and the children danced.',
    'Ben wanted to eat the cake, but his mom said no.',
    'They went home and had a warm bath before bed.',
  ];
  return texts.map((text, index) => {
    const inputIds = [...tokenizer.encode(text), tokenizer.eosTokenId!];
    const promptLength = Math.floor(inputIds.length / 2);
    return { id: `text ${index}`, inputIds, labels: inputIds.map((id, position) => (position < promptLength ? -100 : id)), keyTokenCount: 0, answerPosition: promptLength - 1, truncatedCharacters: 0 };
  });
}

/** Examples of optimizer step `step`: a fixed rotation through the eight texts. */
export function parityStepExamples(examples: readonly TrainingExample[], step: number): TrainingExample[] {
  return Array.from({ length: PARITY_BATCH }, (_v, index) => examples[(step * PARITY_BATCH + index * 3) % examples.length]!);
}

/** The model and tokenizer of the parity runs. */
export async function parityModel() {
  return Promise.all([loadModel(PARITY_MODEL), loadTokenizer(PARITY_MODEL)]);
}
