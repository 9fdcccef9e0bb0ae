import { fileURLToPath } from 'node:url';
import { compile, createSession } from '@causal-tune/graph';
import { loadModel, loadTokenizer } from '@causal-tune/models';
import { resolveTrainConfig } from '../config/load-train-config.js';
import { buildTrainingGraph } from '../graph/build-training-graph.js';
import { createTrainingMethod } from '../methods/create-training-method.js';
import { computeStepGradients } from './training-step.js';

const MODEL = fileURLToPath(new URL('../../../../fixtures/models/stories260K', import.meta.url));

describe('computeStepGradients', () => {
  it('sums micro-batch gradients to the full batch, and stops with TRAIN_NAN_LOSS naming step and examples', async () => {
    const [model, tokenizer] = await Promise.all([loadModel(MODEL), loadTokenizer(MODEL)]);
    const config = resolveTrainConfig({ model: { path: MODEL }, data: { path: 'x.csv' }, outputDir: 'x', method: { type: 'lora', loraDropout: 0 } });
    const method = createTrainingMethod(config, model, tokenizer);
    const { graph } = buildTrainingGraph({ config: model.config, weights: model.weights, parameterize: method.parameterize, labelTokenIds: [422, 348], lossType: 'causal-lm' });
    const session = await createSession(compile(graph));
    const examples = [
      { id: 'a', inputIds: [1, 403, 407, 261, 378], labels: [-100, -100, 407, 261, 378], keyTokenCount: 0, answerPosition: 1, truncatedCharacters: 0 },
      { id: 'b', inputIds: [1, 291, 280, 294], labels: [-100, -100, -100, 294], keyTokenCount: 0, answerPosition: 2, truncatedCharacters: 0 },
    ];
    const tensors = await method.initialTensors();
    // B starts at zero (PEFT), so give it values: A·B must matter for the comparison.
    for (const [name, tensor] of tensors) if (name.includes('lora_B')) tensor.data.fill(0.01);
    const options = { layout: method.layout, padTokenId: 0, weighting: { type: 'causal-lm' as const, alpha: 1 }, step: 0, extraFeeds: method.extraFeeds };
    const whole = await computeStepGradients(session, examples, tensors, { ...options, microBatchSize: 2 });
    const accumulated = await computeStepGradients(session, examples, tensors, { ...options, microBatchSize: 1 });
    expect(accumulated.loss).toBeCloseTo(whole.loss, 5);
    for (const [name, gradient] of whole.gradients) {
      const other = accumulated.gradients.get(name)!;
      const scale = Math.max(...Array.from(gradient, Math.abs));
      expect(Math.max(...Array.from(gradient, (value, index) => Math.abs(value - other[index]!)))).toBeLessThan(1e-5 * Math.max(1, scale));
    }
    for (const [name, tensor] of tensors) if (name.includes('lora_A')) tensor.data.fill(Number.NaN);
    await expect(computeStepGradients(session, examples, tensors, { ...options, microBatchSize: 2, step: 4 })).rejects.toMatchObject({
      code: 'TRAIN_NAN_LOSS',
      details: { step: 5, examples: ['a', 'b'] },
    });
    await session.release();
  });
});
