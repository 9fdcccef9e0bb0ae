import { GraphBuilder, compile, createSession, gradients, type HostTensor } from '@causal-tune/graph';
import type { FloatTensor } from '../checkpoint/tensor.js';
import { createTinyModel } from '../factory/create-tiny-model.js';
import { createSeededRandom } from '@causal-tune/core';
import { buildForward } from '../forward/build-forward.js';
import { buildLmHead } from '../forward/lm-head.js';
import { createWeightSource } from '../forward/weight-sources.js';
import { parseAdapterConfig } from './adapter-files.js';
import { applyPeft } from './apply-peft.js';
import { initialPeftTensors } from './peft-tensors.js';
import { extendPromptLearningBatch } from '../__fixtures__/peft-inputs.js';
import { peftTrainableShapes } from './peft-tensors.js';

// Every method's trainable inputs get gradients that agree with central finite differences of
// the loss along a random unit direction (float32, rtol 1e-2), through the whole model.

const METHODS: readonly [string, Record<string, unknown>][] = [
  ['LoRA with dropout masks', { peft_type: 'LORA', r: 2, lora_alpha: 4, lora_dropout: 0.25, init_lora_weights: false, target_modules: 'all-linear' }],
  ['prompt tuning', { peft_type: 'PROMPT_TUNING', num_virtual_tokens: 3 }],
  ['p-tuning (MLP)', { peft_type: 'P_TUNING', num_virtual_tokens: 3, encoder_hidden_size: 8 }],
  ['p-tuning (LSTM)', { peft_type: 'P_TUNING', num_virtual_tokens: 3, encoder_hidden_size: 6, encoder_reparameterization_type: 'LSTM' }],
  ['prefix tuning', { peft_type: 'PREFIX_TUNING', num_virtual_tokens: 2 }],
  ['prefix tuning with projection', { peft_type: 'PREFIX_TUNING', num_virtual_tokens: 2, prefix_projection: true, encoder_hidden_size: 8 }],
];

async function lossAndGradients(model: ReturnType<typeof createTinyModel>, fields: Record<string, unknown>) {
  const config = parseAdapterConfig(fields);
  const g = new GraphBuilder({ name: 'peft-gradients' });
  const inputIds = g.input('input_ids', 'int64', ['batch', 'seq']);
  const attentionMask = g.input('attention_mask', 'int64', ['batch', 'keys']);
  const positionIds = g.input('position_ids', 'int64', ['batch', 'queries']);
  const peft = applyPeft(g, model.config, { config, tensors: 'trainable' }, { inputIds });
  const weights = createWeightSource(g, model.weights);
  const { hidden } = buildForward(g, model.config, weights, { inputIds, attentionMask, positionIds }, peft.hooks);
  const logits = buildLmHead(g, model.config, weights, hidden);
  const loss = g.reduceMean(g.mul(logits, g.tanh(logits)), [], false);
  const names = [...peft.trainable.keys()];
  const grads = gradients(g, loss, names.map((name) => peft.trainable.get(name)!));
  g.output(loss, 'loss');
  grads.forEach((grad) => g.output(grad));
  const session = await createSession(compile(g), { intraOpNumThreads: 1 });
  const ids = [[5, 9, 2, 7], [0, 3, 8, 1]];
  const extended = extendPromptLearningBatch({ attentionMask: [[1, 1, 1, 1], [0, 1, 1, 1]] }, peft.layout);
  const int64 = (rows: number[][]): HostTensor => ({ dtype: 'int64', dims: [rows.length, rows[0]!.length], data: BigInt64Array.from(rows.flat(), BigInt) });
  const base = { input_ids: int64(ids), attention_mask: int64(extended.attentionMask), position_ids: int64(extended.positionIds), ...(peft.stepInputs ? peft.stepInputs.feeds({ batch: 2, seq: 4, seed: 1, draw: 0, training: true }) : {}) };
  const run = async (tensors: ReadonlyMap<string, FloatTensor>) => {
    const feeds: Record<string, HostTensor> = { ...base };
    for (const [name, tensor] of tensors) feeds[name] = { dtype: 'float32', dims: [...tensor.shape], data: tensor.data };
    return session.run(feeds);
  };
  return { config, names, run, release: () => session.release(), shapes: peftTrainableShapes(config, model.config) };
}

async function checkAlongRandomDirection(model: ReturnType<typeof createTinyModel>, fields: Record<string, unknown>): Promise<void> {
  const { config, names, run, release, shapes } = await lossAndGradients(model, fields);
  expect(names.sort()).toEqual([...shapes.keys()].sort());
  const start = await initialPeftTensors(config, model.config, { seed: 2 });
  const direction = new Map([...start].map(([name, tensor]) => {
    const random = createSeededRandom(9, name);
    return [name, Float32Array.from(tensor.data, () => random.nextNormal())] as const;
  }));
  // A random unit direction over all trainable tensors.
  let norm = 0;
  for (const d of direction.values()) for (const v of d) norm += v * v;
  for (const d of direction.values()) for (let i = 0; i < d.length; i += 1) d[i]! /= Math.sqrt(norm);
  const result = await run(start);
  let analytic = 0;
  for (const name of names) {
    const grad = result[`grad/${name}`]!.data as Float32Array;
    const d = direction.get(name)!;
    for (let index = 0; index < grad.length; index += 1) analytic += grad[index]! * d[index]!;
  }
  // Central differences at three step sizes: the best balances truncation against float32 rounding.
  const shifted = (epsilon: number) => new Map([...start].map(([name, tensor]) => [name, { ...tensor, data: Float32Array.from(tensor.data, (value, index) => value + epsilon * direction.get(name)![index]!) }]));
  const lossAt = async (epsilon: number) => ((await run(shifted(epsilon))).loss!.data as Float32Array)[0]!;
  let error = Infinity;
  for (const epsilon of [1e-1, 3e-2, 1e-2]) error = Math.min(error, Math.abs(((await lossAt(epsilon)) - (await lossAt(-epsilon))) / (2 * epsilon) - analytic));
  expect(Math.abs(analytic)).toBeGreaterThan(1e-5); // the trainable tensors reach the loss
  expect(error).toBeLessThan(1e-2 * Math.abs(analytic) + 1e-6);
  await release();
}

describe.each(['llama', 'gpt2'] as const)('gradients of the PEFT methods on a tiny %s', (architecture) => {
  const model = createTinyModel({ architecture, seed: 4, configOverrides: { initializer_range: 0.2 } });
  it.each(METHODS)('%s', (_label, fields) => checkAlongRandomDirection(model, fields));
});
