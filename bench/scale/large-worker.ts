/**
 * The bench/scale check of a large shape in its own process: one LoRA step (gradient
 * checkpointing on), then, with the training session released, one classification of a
 * SEQ-token prompt and GENERATE greedy tokens, all at PRECISION. Prints one JSON line with each
 * phase's time and the peak RSS of the whole process.
 *
 *   tsx scale/large-worker.ts MODEL PRECISION SEQ GENERATE CACHE_DIR
 */
import { createSeededRandom } from '@causal-tune/core';
import { loadPredictor } from '@causal-tune/inference';
import type { WeightPrecision } from '@causal-tune/models';
import { openLoraSession, peakRssBytes } from './lora-step.js';

const [modelDir, precision, seqText, generateText, cacheDir] = process.argv.slice(2) as [string, WeightPrecision, string, string, string];
const seq = Number(seqText);
const newTokens = Number(generateText);
const phases: Record<string, number> = {};
const time = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
  const started = performance.now();
  const result = await work();
  phases[`${name}Ms`] = performance.now() - started;
  return result;
};

const lora = await time('trainLoad', () => openLoraSession(modelDir, precision, { cacheDir, seq: 256, gradientCheckpointing: true }));
const { loss } = await time('trainStep', () => lora.step(0));
await lora.session.release();
const trainingPeak = peakRssBytes();

const predictor = await time('predictLoad', () => loadPredictor({ modelDir }, { dtype: precision, cacheDir }));
const random = createSeededRandom(2, 'prompt');
const prompt = Array.from({ length: seq }, () => random.nextUint32() % predictor.config.vocabSize);
const classification = await time('classify', () => predictor.classify([{ tokenIds: prompt }], { batchSize: 1 }));
const generation = await time('generate', () => predictor.generate({ tokenIds: prompt.slice(0, 32) }, { preset: 'greedy', maxNewTokens: newTokens, stopAtEos: false }));
await predictor.release();
process.stdout.write(
  `${JSON.stringify({ precision, loss, ...phases, generatedTokens: generation.tokenIds.length, generateTokensPerSecond: (generation.tokenIds.length * 1000) / phases.generateMs!, probabilities: classification.items[0]!.probabilities, trainingPeakRssBytes: trainingPeak, peakRssBytes: peakRssBytes() })}\n`,
);
