import { GraphBuilder, compile, createSession, type GraphSession } from '@causal-tune/graph';
import { readSafetensors } from '../checkpoint/safetensors-reader.js';
import { isFloatTensor, type FloatTensor } from '../checkpoint/tensor.js';
import { loadModelConfig } from '../config/parse-model-config.js';
import { STORIES_260K_DIR } from '../__fixtures__/paths.js';
import { loadTokenizer } from '../tokenizer/load-tokenizer.js';
import { buildForward } from './build-forward.js';
import { buildLmHead } from './lm-head.js';
import { createWeightSource } from './weight-sources.js';

// Known figures of stories260K (fixtures/README.md).
const CONTINUATION = [1, 403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426];
const LOSS_SENTENCE = 'Once upon a time, there was a little girl named Lily. She liked to play with her dog in the park. One day, they saw a big red ball.';

async function stories260kSession(): Promise<GraphSession> {
  const config = await loadModelConfig(STORIES_260K_DIR);
  const file = await readSafetensors(`${STORIES_260K_DIR}/model.safetensors`);
  const tensors = new Map<string, FloatTensor>([...file.tensors].filter((entry): entry is [string, FloatTensor] => isFloatTensor(entry[1])));
  const g = new GraphBuilder({ name: 'stories260K' });
  const inputIds = g.input('input_ids', 'int64', ['batch', 'seq']);
  const attentionMask = g.input('attention_mask', 'int64', ['batch', 'seq']);
  const positionIds = g.input('position_ids', 'int64', ['batch', 'seq']);
  const weights = createWeightSource(g, tensors);
  const { hidden } = buildForward(g, config, weights, { inputIds, attentionMask, positionIds });
  g.output(buildLmHead(g, config, weights, hidden), 'logits');
  return createSession(compile(g));
}

async function logitsOf(session: GraphSession, ids: readonly number[]): Promise<Float32Array> {
  const n = ids.length;
  const result = await session.run({
    input_ids: { dtype: 'int64', dims: [1, n], data: BigInt64Array.from(ids, BigInt) },
    attention_mask: { dtype: 'int64', dims: [1, n], data: new BigInt64Array(n).fill(1n) },
    position_ids: { dtype: 'int64', dims: [1, n], data: BigInt64Array.from(ids, (_id, index) => BigInt(index)) },
  });
  return result.logits!.data as Float32Array;
}

describe('stories260K forward graph', () => {
  it('greedy decoding from BOS gives the known continuation', async () => {
    const session = await stories260kSession();
    const ids = [1];
    while (ids.length < CONTINUATION.length) {
      const logits = await logitsOf(session, ids);
      const last = logits.subarray((ids.length - 1) * 512, ids.length * 512);
      ids.push(last.indexOf(Math.max(...last)));
    }
    expect(ids).toEqual(CONTINUATION);
    await session.release();
  });

  it('has the known mean next-token loss 0.675 on the known sentence', async () => {
    const session = await stories260kSession();
    const ids = (await loadTokenizer(STORIES_260K_DIR)).encode(LOSS_SENTENCE);
    expect(ids).toHaveLength(43);
    const logits = await logitsOf(session, ids);
    let total = 0;
    for (let position = 0; position + 1 < ids.length; position += 1) {
      const row = logits.subarray(position * 512, (position + 1) * 512);
      const max = Math.max(...row);
      const logSum = max + Math.log(row.reduce((sum, value) => sum + Math.exp(value - max), 0));
      total += logSum - row[ids[position + 1]!]!;
    }
    expect(Math.abs(total / (ids.length - 1) - 0.675)).toBeLessThan(0.0005);
    await session.release();
  });
});
