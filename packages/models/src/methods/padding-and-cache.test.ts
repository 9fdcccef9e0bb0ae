import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HostTensor } from '@causal-tune/graph';
import { loadModel } from '../checkpoint/load-model.js';
import type { ModelCheckpoint } from '../checkpoint/model-weights.js';
import { STORIES_260K_DIR, TINY_GPT2_DIR } from '../__fixtures__/paths.js';
import { forwardSession, logitsRow, maxAbsDiff } from '../__fixtures__/forward-session.js';
import { positionIdsFromMask } from '../forward/attention-mask.js';
import { loadAdapter, type Adapter } from './adapter-files.js';
import { extendPromptLearningBatch } from '../__fixtures__/peft-inputs.js';
import { PLAIN_LAYOUT, type SequenceLayout as PeftSequenceLayout } from './sequence-layout.js';
import { adapterMethodOf } from './registry.js';
import type { ModelConfig } from '../families/registry.js';

// A left-padded batch gives each example the logits it gets alone, and token-by-token decoding
// with the key/value cache gives the logits of one uncached pass; plain and with adapters.

const fixtures = fileURLToPath(new URL('../__fixtures__/parity/', import.meta.url));
const batches = JSON.parse(readFileSync(join(fixtures, 'batches.json'), 'utf8')) as Record<string, { input_ids: number[][]; attention_mask: number[][] }>;
const TOLERANCE = 1e-4;
const models = new Map<string, ModelCheckpoint>();
const adapters = new Map<string, Adapter>();

const CASES = [
  ['llama', 'plain'],
  ['llama', 'lora'],
  ['llama', 'prompt-tuning'],
  ['llama', 'p-tuning-lstm'],
  ['llama', 'prefix-tuning'],
  ['gpt2', 'plain'],
  ['gpt2', 'lora'],
  ['gpt2', 'prompt-tuning'],
  ['gpt2', 'prefix-tuning'],
] as const;

beforeAll(async () => {
  models.set('llama', await loadModel(STORIES_260K_DIR));
  models.set('gpt2', await loadModel(TINY_GPT2_DIR));
  for (const [architecture, method] of CASES) {
    if (method !== 'plain') adapters.set(`${architecture}-${method}`, await loadAdapter(join(fixtures, 'adapters', `${architecture}-${method}`), { model: models.get(architecture)!.config }));
  }
});

function layoutOf(adapter: Adapter | undefined, model: ModelConfig): PeftSequenceLayout {
  return adapter === undefined ? PLAIN_LAYOUT : adapterMethodOf(adapter.config.peft_type)!.layout(adapter.config, model);
}

describe.each(CASES)('%s %s', (architecture, method) => {
  const model = () => models.get(architecture)!;
  const adapter = () => adapters.get(`${architecture}-${method}`);

  it('gives a left-padded example the logits it gets alone', async () => {
    const batch = batches[architecture]!;
    const layout = layoutOf(adapter(), model().config);
    const offset = layout.kind === 'prompt' ? layout.virtualTokens : 0;
    const forward = await forwardSession(model(), adapter());
    const run = async (inputIds: number[][], attentionMask: number[][]) => {
      const extended = extendPromptLearningBatch({ attentionMask }, layout, { positions: 'padding-invariant' });
      return (await forward.run({ inputIds, attentionMask: extended.attentionMask, positionIds: extended.positionIds })).logits;
    };
    const padded = await run(batch.input_ids, batch.attention_mask);
    for (let row = 0; row < batch.input_ids.length; row += 1) {
      const start = batch.attention_mask[row]!.indexOf(1);
      const tokens = batch.input_ids[row]!.slice(start);
      const alone = await run([tokens], [tokens.map(() => 1)]);
      for (let index = 0; index < tokens.length; index += 1) {
        expect(maxAbsDiff(logitsRow(padded, row, offset + start + index), logitsRow(alone, 0, offset + index))).toBeLessThan(TOLERANCE);
      }
    }
    await forward.release();
  });

  it('decodes token by token with the key/value cache as one uncached pass', async () => {
    const tokens = batches[architecture]!.input_ids[0]!;
    const layout = layoutOf(adapter(), model().config);
    const virtual = layout.virtualTokens;
    const full = await forwardSession(model(), adapter());
    const extended = extendPromptLearningBatch({ attentionMask: [tokens.map(() => 1)] }, layout);
    const reference = (await full.run({ inputIds: [tokens], attentionMask: extended.attentionMask, positionIds: extended.positionIds })).logits;
    await full.release();
    // Prompt tuning puts its virtual tokens in the cache at the first step only: the decoding
    // graph is the base model. LoRA and prefix tuning use one graph for every step.
    const prefill = await forwardSession(model(), adapter(), { cache: true });
    const decode = layout.kind === 'prompt' ? await forwardSession(model(), undefined, { cache: true }) : prefill;
    const prefillLength = 4;
    const first = extendPromptLearningBatch({ attentionMask: [tokens.slice(0, prefillLength).map(() => 1)] }, layout);
    let step = await prefill.run({ inputIds: [tokens.slice(0, prefillLength)], attentionMask: first.attentionMask, positionIds: first.positionIds });
    const offset = layout.kind === 'prompt' ? virtual : 0;
    for (let index = 0; index < prefillLength; index += 1) expect(maxAbsDiff(logitsRow(step.logits, 0, offset + index), logitsRow(reference, 0, offset + index))).toBeLessThan(TOLERANCE);
    for (let index = prefillLength; index < tokens.length; index += 1) {
      const keys = virtual + index + 1;
      const past: HostTensor[] = step.present;
      step = await decode.run({ inputIds: [[tokens[index]!]], attentionMask: [new Array<number>(keys).fill(1)], positionIds: [[layout.kind === 'none' ? index : virtual + index]], past });
      expect(maxAbsDiff(logitsRow(step.logits, 0, 0), logitsRow(reference, 0, offset + index))).toBeLessThan(TOLERANCE);
    }
    await prefill.release();
    if (decode !== prefill) await decode.release();
  });
});

describe('the key/value cache with a left-padded batch', () => {
  it('decodes both rows as one uncached pass (llama)', async () => {
    const model = models.get('llama')!;
    const { input_ids: inputIds, attention_mask: attentionMask } = batches.llama!;
    const full = await forwardSession(model);
    const reference = (await full.run({ inputIds, attentionMask, positionIds: positionIdsFromMask(attentionMask) })).logits;
    await full.release();
    const cached = await forwardSession(model, undefined, { cache: true });
    const prefillLength = inputIds[0]!.length - 3;
    const slice = (rows: number[][], end: number) => rows.map((row) => row.slice(0, end));
    let step = await cached.run({ inputIds: slice(inputIds, prefillLength), attentionMask: slice(attentionMask, prefillLength), positionIds: positionIdsFromMask(slice(attentionMask, prefillLength)) });
    for (let index = prefillLength; index < inputIds[0]!.length; index += 1) {
      const mask = slice(attentionMask, index + 1);
      const positions = positionIdsFromMask(mask).map((row) => [row.at(-1)!]);
      step = await cached.run({ inputIds: inputIds.map((row) => [row[index]!]), attentionMask: mask, positionIds: positions, past: step.present });
      for (const row of [0, 1]) expect(maxAbsDiff(logitsRow(step.logits, row, 0), logitsRow(reference, row, index))).toBeLessThan(TOLERANCE);
    }
    await cached.release();
  });
});
