import { GraphBuilder, compile, createSession, type GraphSession } from '@causal-tune/graph';
import { readSafetensors } from '../checkpoint/safetensors-reader.js';
import { isFloatTensor, type FloatTensor } from '../checkpoint/tensor.js';
import { loadModelConfig } from '../config/parse-model-config.js';
import { STORIES_260K_DIR } from '../__fixtures__/paths.js';
import { buildForward } from './build-forward.js';
import { buildLmHead } from './lm-head.js';
import { createWeightSource } from './weight-sources.js';

// Known figures of stories260K (fixtures/README.md).
const CONTINUATION = [1, 403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426];

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
});
