import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { PreparedCourtRecord } from '@causal-tune/data-prep';
import { compile, createSession } from '@causal-tune/graph';
import { createTinyModel, loadAdapter, loadModel, mergeLora, type ModelCheckpoint } from '@causal-tune/models';
import { buildPromptExample, encodeExample } from '@causal-tune/prompts';
import { courtSample } from '../__fixtures__/court-records.js';
import { STORIES_260K_DIR } from '../__fixtures__/paths.js';
import { writeRunDirectory, type FixtureMethod } from '../testing/run-directory.js';
import { PLAIN_LAYOUT } from '@causal-tune/models';
import { logSoftmaxAt } from '../generate/next-token.js';
import { buildGenerationGraph, NEXT_LOGITS, pastNames } from '../graphs/generation-graph.js';
import { loadPredictor } from './load-predictor.js';

let root: string;
let base: ModelCheckpoint;
let records: PreparedCourtRecord[];
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ctune-inference-'));
  [base, records] = await Promise.all([loadModel(STORIES_260K_DIR), courtSample(5)]);
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function run(method: FixtureMethod, name = method): Promise<string> {
  const runDir = join(root, name);
  await writeRunDirectory(runDir, { method, modelPath: STORIES_260K_DIR, modelConfig: base.config });
  return runDir;
}

describe('loadPredictor errors', () => {
  it('reports a missing run directory, and one without config.json, as ARTIFACT_NOT_FOUND', async () => {
    await expect(loadPredictor({ runDir: join(root, 'no-such-run') })).rejects.toMatchObject({ code: 'ARTIFACT_NOT_FOUND', message: expect.stringContaining('no-such-run') });
    await mkdir(join(root, 'empty-run'));
    await expect(loadPredictor({ runDir: join(root, 'empty-run') })).rejects.toMatchObject({ code: 'ARTIFACT_NOT_FOUND', message: expect.stringContaining('config.json') });
    await expect(loadPredictor({ modelDir: STORIES_260K_DIR, adapterDir: join(root, 'no-adapter') })).rejects.toMatchObject({ code: 'ARTIFACT_NOT_FOUND' });
  });

  it('refuses an adapter made for another base model with ARTIFACT_INCOMPATIBLE naming both', async () => {
    const tiny = createTinyModel({ architecture: 'llama', preset: 'tiny', seed: 1 });
    const runDir = join(root, 'tiny-lora');
    await writeRunDirectory(runDir, { method: 'lora', modelPath: STORIES_260K_DIR, modelConfig: tiny.config, baseModelName: 'tiny-llama-16' });
    const error = await loadPredictor({ runDir }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ARTIFACT_INCOMPATIBLE', details: { adapterBaseModel: 'tiny-llama-16', modelDir: STORIES_260K_DIR } });
    expect((error as Error).message).toContain("'tiny-llama-16'");
    expect((error as Error).message).toContain(STORIES_260K_DIR);
  });
});

describe('loadPredictor with adapters', () => {
  it('reads the run config (relative model path, verbalizer, extra fields) and runs LoRA as graph hooks, matching the merged weights', async () => {
    const runDir = await run('lora');
    const relativeRun = join(root, 'relative-lora');
    await writeRunDirectory(relativeRun, { method: 'lora', modelPath: relative(root, STORIES_260K_DIR), modelConfig: base.config });
    const predictor = await loadPredictor({ runDir });
    expect(predictor.adapter).toMatchObject({ peftType: 'LORA' });
    expect(predictor.precision).toBe('fp32');
    expect(predictor.method).toBe('lora');
    expect(predictor.verbalizer.entries.map((entry) => [entry.label, entry.word])).toEqual([[0, 'no'], [1, 'yes']]);
    const plain = await loadPredictor({ modelDir: STORIES_260K_DIR });
    const [tuned, untuned] = await Promise.all([predictor.classify(records), plain.classify(records)]);
    expect(tuned.items.map((item) => item.probabilities['1'])).not.toEqual(untuned.items.map((item) => item.probabilities['1']));

    // LoRA as graph hooks (PEFT's unmerged forward) gives the logits of the merged weights (merge_and_unload).
    const ids = [1, 403, 407, 261, 378];
    const hookedLogProb = (await predictor.generate({ tokenIds: ids }, { maxNewTokens: 1 })).logProbs[0]!;
    const adapter = await loadAdapter(join(runDir, 'adapter'), { model: base.config });
    const merged = mergeLora(base, adapter);
    const reference = await createSession(compile(buildGenerationGraph({ config: merged.config, weights: merged.weights, layout: PLAIN_LAYOUT })));
    const empty = { dtype: 'float32' as const, dims: [1, 4, 0, 8], data: new Float32Array(0) };
    const output = await reference.run({
      input_ids: { dtype: 'int64', dims: [1, 5], data: BigInt64Array.from(ids, BigInt) },
      attention_mask: { dtype: 'int64', dims: [1, 5], data: new BigInt64Array(5).fill(1n) },
      position_ids: { dtype: 'int64', dims: [1, 5], data: BigInt64Array.from([0n, 1n, 2n, 3n, 4n]) },
      ...Object.fromEntries(Array.from({ length: 5 }, (_unused, layer) => [[pastNames(layer).key, empty], [pastNames(layer).value, empty]]).flat()),
    });
    const logits = output[NEXT_LOGITS]!.data as Float32Array;
    const token = (await predictor.generate({ tokenIds: ids }, { maxNewTokens: 1 })).tokenIds[0]!;
    expect(hookedLogProb).toBeCloseTo(logSoftmaxAt(logits, token), 4);
    await Promise.all([reference.release(), predictor.release(), plain.release()]);
    // A relative model.path resolves against the run directory's parent.
    expect((await loadPredictor({ runDir: relativeRun })).modelDir).toBe(STORIES_260K_DIR);
  });

  it("cuts the facts where training cut them: cutoffLen minus the answer word and EOS", async () => {
    const runDir = join(root, 'cutoff-200');
    await writeRunDirectory(runDir, { method: 'lora', modelPath: STORIES_260K_DIR, modelConfig: base.config, prompt: { cutoffLen: 200 } });
    const predictor = await loadPredictor({ runDir });
    const result = await predictor.classify(records);
    records.forEach((record, index) => {
      // The trainer's encoding of the same record with its answer and EOS (trainer's buildTrainingData).
      const example = buildPromptExample(record, { court: { verbalizer: predictor.verbalizer } });
      const trained = encodeExample(example, predictor.tokenizer, { cutoffLength: 200 });
      expect(result.items[index]!.promptTokens).toBe(trained.promptLength);
      expect(result.items[index]!.truncatedCharacters).toBe(trained.truncatedCharacters);
    });
    await predictor.release();
  });

  it.each(['prompt-tuning', 'p-tuning', 'prefix-tuning'] as const)('runs %s: batched equals one by one, cached generation equals uncached', async (method) => {
    const predictor = await loadPredictor({ runDir: await run(method) });
    expect(predictor.layout).toEqual({ kind: method === 'prefix-tuning' ? 'prefix' : 'prompt', virtualTokens: 3 });
    const batched = await predictor.classify(records, { batchSize: 5 });
    const oneByOne = await predictor.classify(records, { batchSize: 1 });
    batched.items.forEach((item, index) => expect(item.probabilities['1']).toBeCloseTo(oneByOne.items[index]!.probabilities['1']!, 5));
    const plain = await loadPredictor({ modelDir: STORIES_260K_DIR });
    expect((await plain.classify(records)).items.map((item) => item.probabilities['1'])).not.toEqual(batched.items.map((item) => item.probabilities['1']));
    const prompts = ['Once upon a time', 'Tom had a big dog. The dog liked'];
    const cached = await predictor.generate(prompts, { maxNewTokens: 8 });
    const uncached = await predictor.generate(prompts, { maxNewTokens: 8, useCache: false });
    const alone = await predictor.generate(prompts, { maxNewTokens: 8, batchSize: 1 });
    cached.forEach((generation, index) => {
      expect(generation.tokenIds).toEqual(uncached[index]!.tokenIds);
      expect(generation.tokenIds).toEqual(alone[index]!.tokenIds);
      generation.logProbs.forEach((value, step) => expect(value).toBeCloseTo(uncached[index]!.logProbs[step]!, 4));
    });
    await Promise.all([predictor.release(), plain.release()]);
  });
});
