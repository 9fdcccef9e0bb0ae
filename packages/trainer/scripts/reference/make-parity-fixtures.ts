/**
 * Writes the inputs of the trainer's PyTorch parity test into test/fixtures/parity/: for each
 * method the starting trainable tensors (initial-<method>.safetensors) and every micro-batch's
 * feeds as causal-tune collates them (batches-<method>.json), plus the optimizer settings.
 * Then run reference_training.py, which trains the same steps in PyTorch and writes the goldens.
 *
 *   cd packages/trainer && ../../node_modules/.bin/tsx scripts/reference/make-parity-fixtures.ts
 *   /usr/bin/python3 scripts/reference/reference_training.py
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeSafetensors } from '@causal-tune/models';
import { collateBatch } from '../../src/data/collate.js';
import { predictedTokenCount } from '../../src/data/loss-targets.js';
import { createTrainingMethod } from '../../src/methods/create-training-method.js';
import { PARITY_DIRECTORY, PARITY_METHODS, PARITY_STEPS, parityConfig, parityExamples, parityModel, parityStepExamples } from './parity-setup.js';

const [model, tokenizer] = await parityModel();
const examples = await parityExamples();
for (const name of PARITY_METHODS) {
  const config = parityConfig(name);
  const method = createTrainingMethod(config, model, tokenizer);
  // Full fine-tuning starts from the checkpoint itself, which the reference reads directly.
  if (name !== 'full') await writeSafetensors(join(PARITY_DIRECTORY, `initial-${name}.safetensors`), await method.initialTensors());
  const steps = Array.from({ length: PARITY_STEPS }, (_v, step) => {
    const batch = parityStepExamples(examples, step);
    const totals = { totalExamples: batch.length, totalTokens: batch.reduce((sum, example) => sum + predictedTokenCount(example), 0) };
    const micro = [];
    for (let start = 0; start < batch.length; start += config.training.microBatchSize) {
      const { feeds } = collateBatch(batch.slice(start, start + config.training.microBatchSize), method.layout, 0, { type: 'causal-lm', alpha: 1 }, totals);
      micro.push(Object.fromEntries(Object.entries(feeds).map(([key, tensor]) => [key, { dims: tensor.dims, data: Array.from(tensor.data as ArrayLike<number | bigint>, Number) }])));
    }
    return micro;
  });
  const settings = { method: config.method, optimizer: config.optimizer, schedule: config.schedule, steps: PARITY_STEPS };
  await writeFile(join(PARITY_DIRECTORY, `batches-${name}.json`), `${JSON.stringify({ settings, steps })}\n`);
}
