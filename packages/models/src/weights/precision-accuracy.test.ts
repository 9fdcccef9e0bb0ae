import { STORIES_260K_DIR } from '../__fixtures__/paths.js';
import { forwardSession } from '../__fixtures__/forward-session.js';
import { loadModel } from '../checkpoint/load-model.js';
import type { ModelCheckpoint } from '../checkpoint/model-weights.js';
import { createTinyModel } from '../factory/create-tiny-model.js';
import { loadTokenizer } from '../tokenizer/load-tokenizer.js';
import { freezeWeights } from './freeze-weights.js';
import { WEIGHT_PRECISION_NAMES, type WeightPrecision } from './weight-precision.js';

// Every precision against float32 on the same inputs: the largest logit difference (relative to
// the largest float32 logit) and the mean next-token loss. The bounds are what each format's
// rounding allows: 16-bit mantissas, 8-bit channels, 4-bit blocks (the README reports the figures).
const SENTENCE = 'Once upon a time, there was a little girl named Lily. She liked to play with her dog in the park. One day, they saw a big red ball.';

interface Run {
  readonly logits: Float32Array;
  readonly loss: number;
}

async function runAt(model: ModelCheckpoint, ids: readonly number[], precision: WeightPrecision): Promise<Run> {
  const frozen = freezeWeights(model.config, model.weights, { precision });
  const forward = await forwardSession(model, undefined, { frozen });
  const { logits } = await forward.run({ inputIds: [ids], attentionMask: [ids.map(() => 1)], positionIds: [ids.map((_id, index) => index)] });
  await forward.release();
  const data = logits.data as Float32Array;
  const vocab = model.config.vocabSize;
  let total = 0;
  for (let position = 0; position + 1 < ids.length; position += 1) {
    const row = data.subarray(position * vocab, (position + 1) * vocab);
    const max = Math.max(...row);
    total += max + Math.log(row.reduce((sum, value) => sum + Math.exp(value - max), 0)) - row[ids[position + 1]!]!;
  }
  return { logits: data, loss: total / (ids.length - 1) };
}

function relativeDifference(actual: Float32Array, expected: Float32Array): number {
  let worst = 0;
  let scale = 0;
  expected.forEach((value, index) => {
    worst = Math.max(worst, Math.abs(actual[index]! - value));
    scale = Math.max(scale, Math.abs(value));
  });
  return worst / scale;
}

const BOUNDS: Record<WeightPrecision, { readonly logits: number; readonly loss: number }> = {
  fp32: { logits: 0, loss: 0 },
  fp16: { logits: 1e-3, loss: 1e-3 },
  bf16: { logits: 1e-2, loss: 5e-3 },
  q8: { logits: 3e-2, loss: 1e-2 },
  q4: { logits: 0.3, loss: 0.1 },
};

describe('frozen weights at every precision, against float32', () => {
  it.each(WEIGHT_PRECISION_NAMES)('stories260K at %s: logits and the known sentence loss stay within the format bound', async (precision) => {
    const model = await loadModel(STORIES_260K_DIR);
    const ids = (await loadTokenizer(STORIES_260K_DIR)).encode(SENTENCE);
    const reference = await runAt(model, ids, 'fp32');
    expect(Math.abs(reference.loss - 0.675)).toBeLessThan(0.0005);
    const run = await runAt(model, ids, precision);
    const bound = BOUNDS[precision];
    expect(relativeDifference(run.logits, reference.logits)).toBeLessThanOrEqual(bound.logits);
    expect(Math.abs(run.loss - reference.loss)).toBeLessThanOrEqual(bound.loss);
    // Not a free pass: every lower precision does change the logits.
    if (precision !== 'fp32') expect(relativeDifference(run.logits, reference.logits)).toBeGreaterThan(0);
  });

  it.each(WEIGHT_PRECISION_NAMES.flatMap((precision) => (['llama', 'gpt2'] as const).map((architecture) => [architecture, precision] as const)))('a tiny %s at %s stays within the format bound', async (architecture, precision) => {
    const model = createTinyModel({ architecture, seed: 3 });
    const ids = [1, 5, 9, 2, 7, 3, 8, 4];
    const reference = await runAt(model, ids, 'fp32');
    const run = await runAt(model, ids, precision);
    expect(relativeDifference(run.logits, reference.logits)).toBeLessThanOrEqual(BOUNDS[precision].logits);
  });
});
