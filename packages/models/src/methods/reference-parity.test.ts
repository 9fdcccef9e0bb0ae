import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../checkpoint/load-model.js';
import { parseModelConfig } from '../config/parse-model-config.js';
import type { ModelCheckpoint } from '../checkpoint/model-weights.js';
import { readSafetensors } from '../checkpoint/safetensors-reader.js';
import { isFloatTensor, type FloatTensor } from '../checkpoint/tensor.js';
import { PARITY_MODEL_DIRS as MODEL_DIRS } from '../__fixtures__/paths.js';
import { forwardSession, logitsRow, logSumExp, maxAbsDiff, tensorFeeds } from '../__fixtures__/forward-session.js';
import { loadAdapter } from './adapter-files.js';
import { positionIdsFromMask } from '../forward/attention-mask.js';
import type { PeftSpec } from './apply-peft.js';
import { adapterTensorsFromTrainable } from './peft-tensors.js';
import { adapterMethodOf } from './registry.js';
import { PLAIN_LAYOUT } from './sequence-layout.js';
import { extendPromptLearningBatch } from '../__fixtures__/peft-inputs.js';

// Logits of the forward graphs, plain and with each PEFT method, against an independent PyTorch
// implementation (scripts/reference/reference_models.py; its header says how to regenerate the
// goldens). Tolerance 1e-4, absolute.

const fixtures = fileURLToPath(new URL('../__fixtures__/', import.meta.url));
const TOLERANCE = 1e-4;

interface ParityCase {
  readonly name: string;
  readonly architecture: keyof typeof MODEL_DIRS;
  readonly adapter: Record<string, unknown> | null;
  /** config.json fields laid over the model's own (RoPE scaling, sliding window). */
  readonly config?: Record<string, unknown>;
}
interface Golden {
  readonly inputs: { readonly input_ids: number[][]; readonly attention_mask: number[][]; readonly position_ids: number[][] };
  readonly rows: [number, number][];
  readonly logits: number[][];
  readonly logsumexp: (number | null)[][];
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const { cases } = readJson<{ cases: ParityCase[] }>(join(fixtures, 'parity', 'cases.json'));
const batches = readJson<Record<string, { input_ids: number[][]; attention_mask: number[][] }>>(join(fixtures, 'parity', 'batches.json'));

const models = new Map<string, ModelCheckpoint>();
beforeAll(async () => {
  for (const [architecture, directory] of Object.entries(MODEL_DIRS)) models.set(architecture, await loadModel(directory));
});

/** Runs the case's graph on the golden inputs; returns the max abs diff of rows and of log-sum-exps. */
async function compare(model: ModelCheckpoint, golden: Golden, spec?: PeftSpec, extra?: Record<string, ReturnType<typeof tensorFeeds>[string]>) {
  const forward = await forwardSession(model, spec);
  try {
    const { input_ids: inputIds, attention_mask: attentionMask, position_ids: positionIds } = golden.inputs;
    const { logits } = await forward.run({ inputIds, attentionMask, positionIds, ...(extra ? { extra } : {}) });
    const rows = Math.max(...golden.rows.map(([batch, query], index) => maxAbsDiff(logitsRow(logits, batch, query), golden.logits[index]!)));
    let lse = 0;
    golden.logsumexp.forEach((row, batch) => row.forEach((expected, query) => expected !== null && (lse = Math.max(lse, Math.abs(logSumExp(logitsRow(logits, batch, query)) - expected)))));
    return { rows, lse };
  } finally {
    await forward.release();
  }
}

async function encoderTensors(name: string): Promise<Map<string, FloatTensor>> {
  const file = await readSafetensors(join(fixtures, 'parity', 'adapters', name, 'prompt_encoder.safetensors'));
  return new Map([...file.tensors].filter((entry): entry is [string, FloatTensor] => isFloatTensor(entry[1])));
}


describe.each(cases)('$name matches the PyTorch reference', ({ name, architecture, adapter, config }) => {
  const golden = readJson<Golden>(join(fixtures, 'golden', `${name}.json`));
  const model = (): ModelCheckpoint => {
    const base = models.get(architecture)!;
    if (config === undefined) return base;
    return { config: parseModelConfig({ ...readJson<Record<string, unknown>>(join(MODEL_DIRS[architecture], 'config.json')), ...config }), weights: base.weights };
  };

  it('with the inputs PEFT builds (attention mask and positions extended by extendPromptLearningBatch)', async () => {
    const batch = batches[architecture]!;
    const loaded = adapter === null ? undefined : await loadAdapter(join(fixtures, 'parity', 'adapters', name), { model: model().config });
    const layout = loaded === undefined ? PLAIN_LAYOUT : adapterMethodOf(loaded.config.peft_type)!.layout(loaded.config, model().config);
    const extended = extendPromptLearningBatch({ attentionMask: batch.attention_mask, positionIds: positionIdsFromMask(batch.attention_mask) }, layout);
    expect(extended.attentionMask).toEqual(golden.inputs.attention_mask);
    expect(extended.positionIds).toEqual(golden.inputs.position_ids);
    const diff = await compare(model(), golden, loaded);
    expect(diff.rows).toBeLessThan(TOLERANCE);
    expect(diff.lse).toBeLessThan(TOLERANCE);
  });

  const trainsEncoder = adapter !== null && (adapter.peft_type === 'P_TUNING' || adapter.prefix_projection === true);
  if (!trainsEncoder) return;
  it('as a training graph, from the prompt encoder parameters', async () => {
    const { config } = await loadAdapter(join(fixtures, 'parity', 'adapters', name), { model: model().config });
    const trainable = await encoderTensors(name);
    const diff = await compare(model(), golden, { config, tensors: 'trainable' }, tensorFeeds(trainable));
    expect(diff.rows).toBeLessThan(TOLERANCE);
    expect(diff.lse).toBeLessThan(TOLERANCE);
    // The saved prompt_embeddings are the encoder's output.
    const saved = (await adapterTensorsFromTrainable(config, model().config, trainable)).get('prompt_embeddings')!;
    const inference = await compare(model(), golden, { config, tensors: new Map([['prompt_embeddings', saved]]) });
    expect(inference.rows).toBeLessThan(TOLERANCE);
  });
});
