import { swapParties, type PreparedCourtRecord } from '@causal-tune/data-prep';
import { buildPromptExample, encodeExample, verbalizerTokens } from '@causal-tune/prompts';
import { compile, createSession } from '@causal-tune/graph';
import { loadModel } from '@causal-tune/models';
import { PLAIN_LAYOUT } from '@causal-tune/models';
import { logSoftmaxAt } from '../generate/next-token.js';
import { buildGenerationGraph, NEXT_LOGITS, pastNames } from '../graphs/generation-graph.js';
import { courtSample } from '../__fixtures__/court-records.js';
import { STORIES_260K_DIR } from '../__fixtures__/paths.js';
import { loadPredictor } from '../predictor/load-predictor.js';
import type { Predictor } from '../predictor/predictor.js';
import { calibrate } from './label-scores.js';

let predictor: Predictor;
let records: PreparedCourtRecord[];
beforeAll(async () => {
  [predictor, records] = await Promise.all([loadPredictor({ modelDir: STORIES_260K_DIR }), courtSample(10)]);
});
afterAll(() => predictor.release());

const probabilityOf = (item: { probabilities: Readonly<Record<string, number>> }, label: number) => item.probabilities[String(label)]!;

describe('Predictor.classify', () => {
  it('gives the same probabilities batched (left-padded, length-sorted, mixed lengths) as one by one, in input order', async () => {
    const batched = await predictor.classify(records, { batchSize: 4 });
    const oneByOne = await predictor.classify(records, { batchSize: 1 });
    expect(new Set(batched.items.map((item) => item.promptTokens)).size).toBeGreaterThan(3);
    batched.items.forEach((item, index) => {
      expect(item.index).toBe(index);
      expect(item.id).toBe(records[index]!.id);
      expect(probabilityOf(item, 1)).toBeCloseTo(probabilityOf(oneByOne.items[index]!, 1), 5);
      expect(item.labelMass).toBeCloseTo(oneByOne.items[index]!.labelMass, 6);
    });
  });

  it('reads the next-token distribution after "### Response:\\n" at the label words’ first tokens', async () => {
    const [item] = (await predictor.classify([records[0]!], { maxPromptTokens: 200 })).items;
    // The same prompt, generated from: its first-step log-probs of the two label tokens.
    const example = buildPromptExample(records[0]!);
    const ids = encodeExample({ template: example.template, variables: example.variables }, predictor.tokenizer, { cutoffLength: 200, addEosToken: false }).inputIds;
    expect(predictor.tokenizer.decode(ids).endsWith('### Response:\n')).toBe(true);
    const tokens = verbalizerTokens(predictor.verbalizer, predictor.tokenizer).entries;
    const [yes, no] = [1, 0].map((label) => tokens.find((entry) => entry.label === label)!.firstTokenId);
    // An independent reading: the generation graph's full next-token logits for the same prompt.
    const model = await loadModel(STORIES_260K_DIR);
    const session = await createSession(compile(buildGenerationGraph({ config: model.config, weights: model.weights, layout: PLAIN_LAYOUT })));
    const n = ids.length;
    const empty = { dtype: 'float32' as const, dims: [1, 4, 0, 8], data: new Float32Array(0) };
    const pasts = Object.fromEntries(Array.from({ length: 5 }, (_unused, layer) => [[pastNames(layer).key, empty], [pastNames(layer).value, empty]]).flat());
    const output = await session.run({
      input_ids: { dtype: 'int64', dims: [1, n], data: BigInt64Array.from(ids, BigInt) },
      attention_mask: { dtype: 'int64', dims: [1, n], data: new BigInt64Array(n).fill(1n) },
      position_ids: { dtype: 'int64', dims: [1, n], data: BigInt64Array.from(ids, (_id, index) => BigInt(index)) },
      ...pasts,
    });
    await session.release();
    const logits = output[NEXT_LOGITS]!.data as Float32Array;
    const [yesLogProb, noLogProb] = [logSoftmaxAt(logits, yes!), logSoftmaxAt(logits, no!)];
    expect(item!.promptTokens).toBe(ids.length);
    expect(probabilityOf(item!, 1)).toBeCloseTo(1 / (1 + Math.exp(noLogProb - yesLogProb)), 4);
    expect(item!.labelMass).toBeCloseTo(Math.exp(yesLogProb) + Math.exp(noLogProb), 4);
  });

  it('turns the answer into first_party_winner by the party asked about, with a threshold', async () => {
    const result = await predictor.classify(records);
    for (const item of result.items) {
      const sum = probabilityOf(item, 1) + probabilityOf(item, 0);
      expect(sum).toBeCloseTo(1, 9);
      const court = item.court!;
      const expected = court.askedAbout === 'second_party' ? probabilityOf(item, 0) : probabilityOf(item, 1);
      expect(court.firstPartyWinProbability).toBeCloseTo(expected, 12);
      expect(court.firstPartyWinner).toBe(expected >= 0.5 ? 1 : 0);
      expect(item.word).toBe(item.label === 1 ? 'yes' : 'no');
    }
    expect((await predictor.classify(records, { threshold: 0 })).items.every((item) => item.court!.firstPartyWinner === 1)).toBe(true);
    expect((await predictor.classify(records, { threshold: 1 })).items.every((item) => item.court!.firstPartyWinner === 0 || item.court!.firstPartyWinProbability === 1)).toBe(true);
  });

  it('calibrates with content-free inputs (Zhao et al. 2021)', async () => {
    const result = await predictor.classify(records.slice(0, 3), { calibrate: true });
    const contentFree = result.contentFreeProbabilities!.court!;
    expect(contentFree[0]! + contentFree[1]!).toBeCloseTo(1, 9);
    for (const item of result.items) {
      const raw = predictor.verbalizer.entries.map((entry) => item.uncalibratedProbabilities![String(entry.label)]!);
      const expected = calibrate(raw, contentFree);
      predictor.verbalizer.entries.forEach((entry, index) => expect(item.probabilities[String(entry.label)]).toBeCloseTo(expected[index]!, 12));
    }
    // Calibrating on the content-free prompt itself gives it uniform probabilities.
    const plain = await predictor.classify(records.slice(0, 3));
    expect(plain.items.map((item) => item.uncalibratedProbabilities)).toEqual([undefined, undefined, undefined]);
  });

  it('makes swapped twins consistent: p(first wins) of one is 1 − the other’s, answers opposite', async () => {
    const data = [...records.slice(0, 4), ...records.slice(0, 4).map((record) => swapParties(record)).reverse()];
    const plain = await predictor.classify(data);
    const result = await predictor.classify(data, { consistentPairs: true });
    expect(result.pairs).toBe(4);
    for (let index = 0; index < 4; index += 1) {
      const original = result.items[index]!.court!;
      const twin = result.items[7 - index]!.court!;
      expect(original.pairedWith).toBe(7 - index);
      expect(original.firstPartyWinProbability + twin.firstPartyWinProbability).toBeCloseTo(1, 12);
      expect(original.firstPartyWinProbability).toBeCloseTo((plain.items[index]!.court!.firstPartyWinProbability + 1 - plain.items[7 - index]!.court!.firstPartyWinProbability) / 2, 12);
      expect(original.firstPartyWinner + twin.firstPartyWinner).toBe(1);
    }
  });

  it('truncates the facts of a too-long prompt and says so, or refuses', async () => {
    const longest = records.reduce((best, record) => (record.cleanFacts.length > best.cleanFacts.length ? record : best));
    const full = (await predictor.classify([longest], { maxPromptTokens: 512 })).items[0]!;
    const limit = Math.min(full.promptTokens - 20, 180);
    const result = await predictor.classify([longest], { maxPromptTokens: limit });
    expect(result.truncatedPrompts).toBe(1);
    expect(result.items[0]!.truncatedCharacters).toBeGreaterThan(0);
    expect(result.items[0]!.promptTokens).toBeLessThanOrEqual(limit);
    await expect(predictor.classify([longest], { maxPromptTokens: limit, overflow: 'error' })).rejects.toMatchObject({ code: 'INFER_SEQUENCE_TOO_LONG', details: { id: longest.id, maxPromptTokens: limit } });
    await expect(predictor.classify(['x '.repeat(600)])).rejects.toMatchObject({ code: 'INFER_SEQUENCE_TOO_LONG' });
  });

  it('fits a prompt whose instruction alone exceeds the limit to the model context, and refuses one longer than the context', async () => {
    // The Alpaca header and the question take more than 60 tokens: a prediction still needs this row.
    const [item] = (await predictor.classify([records[0]!], { maxPromptTokens: 60 })).items;
    expect(item!.promptTokens).toBeGreaterThan(60);
    expect(item!.promptTokens).toBeLessThanOrEqual(512);
    await expect(predictor.classify([records[0]!], { maxPromptTokens: 60, overflow: 'error' })).rejects.toMatchObject({ code: 'INFER_SEQUENCE_TOO_LONG', details: { maxPromptTokens: 60 } });
    const enormous = { row: 1, instruction: `Does ${'Alpha Beta Gamma '.repeat(100)}win?`, input: 'The facts.' };
    await expect(predictor.classify([enormous])).rejects.toMatchObject({ code: 'INFER_SEQUENCE_TOO_LONG', message: expect.stringContaining('even without its facts') });
  });

  it('classifies Alpaca-style records, rendered prompts and token ids with the label words', async () => {
    const result = await predictor.classify([{ row: 1, instruction: 'Is the sky blue?', input: '' }, 'Below is an instruction.\n\n### Response:\n']);
    expect(result.items.map((item) => item.court)).toEqual([undefined, undefined]);
    expect(result.items.every((item) => ['yes', 'no'].includes(item.word))).toBe(true);
    await expect(predictor.classify(['prompt'], { calibrate: true })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    const example = buildPromptExample(records[1]!);
    const ids = encodeExample({ template: example.template, variables: example.variables }, predictor.tokenizer, { cutoffLength: 512, addEosToken: false }).inputIds;
    const [fromIds, fromRecord] = (await predictor.classify([{ tokenIds: ids }, records[1]!])).items;
    expect(fromIds!.promptTokens).toBe(fromRecord!.promptTokens);
    expect(fromIds!.probabilities['1']).toBeCloseTo(fromRecord!.probabilities['1']!, 6);
    const calibrated = await predictor.classify(['prompt'], { calibrate: { contentFreePrompts: ['N/A'] } });
    expect(calibrated.contentFreeProbabilities!.prompt).toHaveLength(2);
  });
});
