import { z } from 'zod';
import { saveModel } from '../../checkpoint/save-model.js';
import type { FloatTensor } from '../../checkpoint/tensor.js';
import { defineTuningMethod } from '../define-method.js';
import { PLAIN_LAYOUT } from '../sequence-layout.js';

/**
 * Full fine-tuning: every checkpoint weight is a float32 trainable input of the training graph
 * (the weight source feeds them instead of freezing them), and a run saves a whole Hugging Face
 * model directory with the base model's tokenizer.
 */
export const fullMethod = defineTuningMethod({
  name: 'full',
  summary: 'Full fine-tuning: every weight is trained; the run saves a whole model directory.',
  options: z.object({}),
  artifact: 'model',
  virtualTokens: () => 0,
  training(_options, context) {
    const { base, model } = context;
    return {
      layout: PLAIN_LAYOUT,
      trainableWeights: new Set(base.names),
      // Copies: the optimizer updates them in place.
      async initialTensors() {
        const tensors = new Map<string, FloatTensor>();
        for (const name of base.names) {
          const tensor = await base.read(name);
          tensors.set(name, { dtype: 'F32', shape: tensor.shape, data: Float32Array.from(tensor.data) });
        }
        return tensors;
      },
      parameterize: () => ({ trainable: new Map(), hooks: {} }),
      async save(directory, trainable) {
        await saveModel(directory, { config: model, weights: trainable }, { tokenizerDir: context.modelDirectory });
      },
    };
  },
});
