/**
 * One bench/train measurement in its own process (so that peak RSS is the method's own):
 * builds the training graph of METHOD on the gpt2-124m shape with the real GPT-2 tokenizer and
 * times optimizer steps on fixed random batches. Prints one JSON line.
 *
 *   tsx train/train-worker.ts METHOD BATCH SEQ STEPS [answer-only]
 */
import { join } from 'node:path';
import { createTinyModel, loadTokenizer } from '@causal-tune/models';
import { adamWStep, buildTrainingGraph, computeStepGradients, createAdamWState, createTrainingMethod, createTrainingSession, resolveTrainConfig } from '@causal-tune/trainer';
import { createSeededRandom } from '@causal-tune/core';

const [methodName, batchText, seqText, stepsText, lossScope] = process.argv.slice(2);
const [batch, seq, steps] = [batchText, seqText, stepsText].map(Number) as [number, number, number];
const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'models');
const tokenizer = await loadTokenizer(join(fixtures, 'gpt2-tokenizer'));
const model = createTinyModel({ architecture: 'gpt2', preset: 'gpt2-124m', seed: 1, tokenizer });
const method =
  methodName === 'lora'
    ? { type: 'lora' as const, r: 8, loraAlpha: 16, loraDropout: 0, targetModules: ['c_attn'] }
    : methodName === 'prompt-tuning'
      ? { type: 'prompt-tuning' as const, numVirtualTokens: 8, init: 'RANDOM' as const }
      : { type: 'full' as const };
const config = resolveTrainConfig({ model: { path: join(fixtures, 'gpt2-tokenizer'), threads: 2 }, data: { path: 'unused.csv' }, outputDir: 'unused', method, optimizer: { learningRate: 1e-4, maxGradNorm: null } });
const trainingMethod = createTrainingMethod(config, model, tokenizer);
const setupStarted = performance.now();
const { graph, trainable } = buildTrainingGraph({
  config: model.config,
  weights: model.weights,
  parameterize: trainingMethod.parameterize,
  labelTokenIds: [8505, 3919],
  lossType: 'causal-lm',
  ...(trainingMethod.trainableWeights ? { trainableWeights: trainingMethod.trainableWeights } : {}),
});
const session = await createTrainingSession(graph, { threads: 2 });
const setupMs = performance.now() - setupStarted;
const random = createSeededRandom(1, 'tokens');
// Train on every position (labels = inputs), as the PyTorch side does; `answer-only` keeps the
// loss on the last 4 tokens of each row, as an alpaca-lora run with train_on_inputs=false would.
const examples = Array.from({ length: batch }, (_row, row) => {
  const inputIds = Array.from({ length: seq }, () => random.nextUint32() % 50257);
  const labels = lossScope === 'answer-only' ? inputIds.map((id, index) => (index >= seq - 4 ? id : -100)) : [...inputIds];
  return { id: `row ${row}`, inputIds, labels, keyTokenCount: 0, answerPosition: seq - 5, truncatedCharacters: 0 };
});
const tensors = await trainingMethod.initialTensors();
const state = new Map(trainable.map(({ name }) => [name, createAdamWState(tensors.get(name)!.data.length)]));
const stepOptions = { layout: trainingMethod.layout, padTokenId: 50256, weighting: { type: 'causal-lm' as const, alpha: 1 }, microBatchSize: batch, extraFeeds: trainingMethod.extraFeeds };
const losses: number[] = [];
let measuredMs = 0;
for (let step = 0; step <= steps; step += 1) {
  const started = performance.now();
  const { loss, gradients } = await computeStepGradients(session, examples, tensors, { ...stepOptions, step });
  for (const [name, tensor] of tensors) adamWStep(tensor.data, gradients.get(name)!, state.get(name)!, step + 1, 1e-4, { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 });
  losses.push(loss);
  if (step > 0) measuredMs += performance.now() - started; // step 0 warms up
}
const msPerStep = measuredMs / steps;
process.stdout.write(`${JSON.stringify({ method: methodName, lossScope: lossScope ?? 'all', msPerStep, tokensPerSecond: (batch * seq * 1000) / msPerStep, setupMs, peakRssBytes: process.resourceUsage().maxRSS * 1024, losses, trainableParameters: trainable.reduce((sum, { shape }) => sum + shape.reduce((a, b) => a * b, 1), 0) })}\n`);
