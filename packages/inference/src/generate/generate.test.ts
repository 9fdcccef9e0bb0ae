import { STORIES_260K_DIR } from '../__fixtures__/paths.js';
import { loadPredictor } from '../predictor/load-predictor.js';
import type { Predictor } from '../predictor/predictor.js';
import type { GeneratedToken } from './generate.js';

// fixtures/README.md: greedy decoding from BOS continues with this text.
const KNOWN_CONTINUATION = 'Once upon a time, there was a little girl named Lily. She loved to play outside in the park. One day, she saw a big, red ball.';
const KNOWN_IDS = [403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426];
const PROMPTS = ['Once upon a time', 'The cat sat on the mat and looked at the big red ball in the park.', 'Tom had a dog. The dog'];

let predictor: Predictor;
beforeAll(async () => {
  predictor = await loadPredictor({ modelDir: STORIES_260K_DIR });
});
afterAll(() => predictor.release());

describe('Predictor.generate', () => {
  it('continues BOS greedily with the known stories260K text', async () => {
    const generation = await predictor.generate({ tokenIds: [1] }, { preset: 'greedy', maxNewTokens: 48 });
    expect(generation.tokenIds.slice(0, KNOWN_IDS.length)).toEqual(KNOWN_IDS);
    expect(generation.text.startsWith(KNOWN_CONTINUATION)).toBe(true);
    expect(generation.finishReason).toBe('length');
    expect(generation.logProbs).toHaveLength(48);
    expect(generation.logProbs.every((value) => value <= 0)).toBe(true);
  });

  it('gives the same tokens and scores with the key/value cache as without it', async () => {
    const cached = await predictor.generate(PROMPTS, { maxNewTokens: 12, batchSize: 3 });
    const uncached = await predictor.generate(PROMPTS, { maxNewTokens: 12, batchSize: 3, useCache: false });
    cached.forEach((generation, index) => {
      expect(generation.tokenIds).toEqual(uncached[index]!.tokenIds);
      generation.logProbs.forEach((value, step) => expect(value).toBeCloseTo(uncached[index]!.logProbs[step]!, 4));
    });
  });

  it('gives the same results batched (left-padded, mixed lengths) as one by one, greedy and seeded sampling', async () => {
    for (const options of [{ preset: 'greedy' as const }, { preset: 'alpaca' as const, temperature: 1, seed: 7 }]) {
      const batched = await predictor.generate(PROMPTS, { ...options, maxNewTokens: 10, batchSize: 3 });
      // batchSize 1 runs each prompt alone; each input keeps its own random stream (seeded by its index).
      const oneByOne = await predictor.generate(PROMPTS, { ...options, maxNewTokens: 10, batchSize: 1 });
      batched.forEach((generation, index) => {
        expect(generation.index).toBe(index);
        expect(generation.tokenIds).toEqual(oneByOne[index]!.tokenIds);
        generation.logProbs.forEach((value, step) => expect(value).toBeCloseTo(oneByOne[index]!.logProbs[step]!, 4));
      });
    }
  });

  it('samples reproducibly for a seed, differently for another', async () => {
    const options = { preset: 'alpaca' as const, temperature: 1.5, topP: 1, topK: 0, maxNewTokens: 16 };
    const first = await predictor.generate({ tokenIds: [1] }, { ...options, seed: 1 });
    const again = await predictor.generate({ tokenIds: [1] }, { ...options, seed: 1 });
    const other = await predictor.generate({ tokenIds: [1] }, { ...options, seed: 2 });
    expect(again.tokenIds).toEqual(first.tokenIds);
    expect(other.tokenIds).not.toEqual(first.tokenIds);
  });

  it('streams the same tokens through an async iterator and returns the generation', async () => {
    const tokens: GeneratedToken[] = [];
    const stream = predictor.stream({ tokenIds: [1] }, { maxNewTokens: 20 });
    let next = await stream.next();
    while (next.done !== true) {
      tokens.push(next.value);
      next = await stream.next();
    }
    const generation = next.value;
    expect(tokens.map((token) => token.tokenId)).toEqual(generation.tokenIds);
    expect(tokens.map((token) => token.step)).toEqual(generation.tokenIds.map((_id, step) => step));
    expect(tokens.map((token) => token.text).join('')).toBe(generation.text);
    const callback: number[] = [];
    await predictor.generate({ tokenIds: [1] }, { maxNewTokens: 5, onToken: (token) => callback.push(token.tokenId) });
    expect(callback).toEqual(generation.tokenIds.slice(0, 5));
  });

  it('stops at a stop token and at EOS, and cuts the response after "### Response:"', async () => {
    const stopped = await predictor.generate({ tokenIds: [1] }, { maxNewTokens: 30, stopTokenIds: [KNOWN_IDS[4]!] });
    expect(stopped.tokenIds).toEqual(KNOWN_IDS.slice(0, 5));
    expect(stopped.finishReason).toBe('stop');
    const eos = await predictor.generate({ tokenIds: [1] }, { maxNewTokens: 200 });
    expect(['eos', 'length']).toContain(eos.finishReason);
    if (eos.finishReason === 'eos') expect(eos.tokenIds.at(-1)).toBe(2);
    const answered = await predictor.generate({ instruction: 'Tell me a story.' }, { maxNewTokens: 8 });
    expect(answered.prompt!.endsWith('### Response:\n')).toBe(true);
    expect(answered.response).toBe(answered.text.trim());
  });

  it('refuses a prompt that leaves no room in the context, and bad options', async () => {
    const long = Array.from({ length: 600 }, () => 403);
    await expect(predictor.generate({ tokenIds: long })).rejects.toMatchObject({ code: 'INFER_SEQUENCE_TOO_LONG' });
    await expect(predictor.generate({ tokenIds: [1] }, { temperature: 0 })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('stops at the context with finishReason "context"', async () => {
    const prompt = Array.from({ length: 508 }, (_unused, index) => (index === 0 ? 1 : 403));
    const generation = await predictor.generate({ tokenIds: prompt }, { maxNewTokens: 10, stopAtEos: false });
    expect(generation.tokenIds).toHaveLength(4);
    expect(generation.finishReason).toBe('context');
  });
});
