import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compile, createSession } from '@causal-tune/graph';
import { readSafetensors, type FloatTensor } from '@causal-tune/models';
import { adamWStep, buildTrainingGraph, clipGradNorm, computeStepGradients, createAdamWState, createTrainingMethod, learningRateAt } from '@causal-tune/trainer';
import { PARITY_DIRECTORY, PARITY_METHODS, PARITY_STEPS, parityConfig, parityExamples, parityModel, parityStepExamples } from '../scripts/reference/parity-setup.js';

// Goldens: scripts/reference/reference_training.py (PyTorch 1.13: autograd, clip_grad_norm_,
// torch.optim.AdamW, transformers' linear warm-up) on the same batches and starting tensors.
describe('training parity with PyTorch (stories260K, 20 steps)', () => {
  it.each(PARITY_METHODS)('%s: every step loss matches within 1e-3 relative', async (name) => {
    const [model, tokenizer] = await parityModel();
    const examples = await parityExamples();
    const config = parityConfig(name);
    const method = createTrainingMethod(config, model, tokenizer);
    const { graph, trainable } = buildTrainingGraph({ config: model.config, weights: model.weights, parameterize: method.parameterize, labelTokenIds: [422, 348], lossType: 'causal-lm', ...(method.trainableWeights ? { trainableWeights: method.trainableWeights } : {}) });
    const session = await createSession(compile(graph));
    const tensors = name === 'full' ? await method.initialTensors() : new Map([...(await readSafetensors(join(PARITY_DIRECTORY, `initial-${name}.safetensors`))).tensors] as [string, FloatTensor][]);
    const state = new Map(trainable.map(({ name: tensor }) => [tensor, createAdamWState(tensors.get(tensor)!.data.length)]));
    const golden = JSON.parse(await readFile(join(PARITY_DIRECTORY, `golden-${name}.json`), 'utf8')).losses as number[];
    const losses: number[] = [];
    for (let step = 0; step < PARITY_STEPS; step += 1) {
      const { loss, gradients } = await computeStepGradients(session, parityStepExamples(examples, step), tensors, { layout: method.layout, padTokenId: 0, weighting: { type: 'causal-lm', alpha: 1 }, microBatchSize: config.training.microBatchSize, step, extraFeeds: method.extraFeeds });
      clipGradNorm([...gradients.values()], config.optimizer.maxGradNorm);
      const learningRate = learningRateAt(step, { ...config.schedule, totalSteps: PARITY_STEPS, peakLearningRate: config.optimizer.learningRate });
      for (const [tensor, values] of tensors) adamWStep(values.data, gradients.get(tensor)!, state.get(tensor)!, step + 1, learningRate, config.optimizer);
      losses.push(loss);
    }
    await session.release();
    const relative = losses.map((loss, step) => Math.abs(loss - golden[step]!) / Math.abs(golden[step]!));
    expect(Math.max(...relative)).toBeLessThan(1e-3);
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
  });
});
