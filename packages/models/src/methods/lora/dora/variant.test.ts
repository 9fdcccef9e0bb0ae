import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../../../checkpoint/load-model.js';
import { STORIES_260K_DIR, TINY_GEMMA_DIR, TINY_GPT2_DIR } from '../../../__fixtures__/paths.js';
import { forwardSession, maxAbsDiff } from '../../../__fixtures__/forward-session.js';
import { positionIdsFromMask } from '../../../forward/attention-mask.js';
import { freezeWeights } from '../../../weights/freeze-weights.js';
import { quantizeQ8, dequantizeQ8 } from '../../../weights/quantize.js';
import { baseWeightReader } from '../../base-weights.js';
import { loadAdapter, parseAdapterConfig } from '../../adapter-files.js';
import { initialPeftTensors, peftTrainableShapes } from '../../peft-tensors.js';
import { mergeLora } from '../merge.js';

const adapters = fileURLToPath(new URL('../../../__fixtures__/parity/adapters/', import.meta.url));
const rowNorms = (data: Float32Array, rows: number, columns: number) => Array.from({ length: rows }, (_unused, row) => Math.hypot(...data.subarray(row * columns, (row + 1) * columns)));

describe('DoRA', () => {
  it('saves one lora_magnitude_vector [out] per module beside A and B, as PEFT names it', async () => {
    const model = await loadModel(STORIES_260K_DIR);
    const config = parseAdapterConfig({ peft_type: 'LORA', r: 2, use_dora: true, target_modules: ['q_proj'] });
    expect([...peftTrainableShapes(config, model.config)].slice(0, 3)).toEqual([
      ['base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight', [2, 64]],
      ['base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight', [64, 2]],
      ['base_model.model.model.layers.0.self_attn.q_proj.lora_magnitude_vector', [64]],
    ]);
  });

  it("starts each magnitude at its weight row's norm, from the weights as the graph reads them (q8: dequantized)", async () => {
    const model = await loadModel(STORIES_260K_DIR);
    const config = parseAdapterConfig({ peft_type: 'LORA', r: 2, use_dora: true, target_modules: ['k_proj'] });
    const name = 'base_model.model.model.layers.1.self_attn.k_proj.lora_magnitude_vector';
    const weight = model.weights.get('model.layers.1.self_attn.k_proj.weight')!; // [32, 64]
    const fromBase = (await initialPeftTensors(config, model.config, { seed: 1, base: baseWeightReader(model) })).get(name)!;
    rowNorms(weight.data, 32, 64).forEach((norm, row) => expect(fromBase.data[row]).toBeCloseTo(norm, 5));
    const q8 = freezeWeights(model.config, model.weights, { precision: 'q8' });
    const fromQ8 = (await initialPeftTensors(config, model.config, { seed: 1, frozen: q8 })).get(name)!;
    const dequantized = dequantizeQ8(quantizeQ8(weight.data, 32, 64), 32, 64);
    rowNorms(dequantized, 32, 64).forEach((norm, row) => expect(fromQ8.data[row]).toBeCloseTo(norm, 5));
    expect(maxAbsDiff(fromQ8.data, fromBase.data)).toBeGreaterThan(0); // the quantized weight's norms, not the original's
  });

  it.each(['fp16', 'q8', 'q4'] as const)('runs over %s weights, as near the float32 logits as the base model is', async (precision) => {
    const model = await loadModel(STORIES_260K_DIR);
    const adapter = await loadAdapter(join(adapters, 'llama-dora'), { model: model.config });
    const frozen = freezeWeights(model.config, model.weights, { precision });
    const feeds = { inputIds: [[1, 20, 30, 40]], attentionMask: [[1, 1, 1, 1]], positionIds: [[0, 1, 2, 3]] };
    const error = async (spec?: typeof adapter) => {
      const [exact, quantized] = [await forwardSession(model, spec), await forwardSession(model, spec, { frozen })];
      const diff = maxAbsDiff((await exact.run(feeds)).logits.data as Float32Array, (await quantized.run(feeds)).logits.data as Float32Array);
      await Promise.all([exact.release(), quantized.release()]);
      return diff;
    };
    // stories260K is small enough that q8 and q4 move its logits by 0.3 and 2; DoRA adds little to that.
    expect(await error(adapter)).toBeLessThan(1.5 * (await error()));
  });

  it.each([
    ['llama (stories260K)', STORIES_260K_DIR, 'llama-dora'],
    ['gpt2 (Conv1D, fan_in_fan_out)', TINY_GPT2_DIR, 'gpt2-dora'],
    ['gemma (tied head)', TINY_GEMMA_DIR, 'gemma-dora'],
  ])('merged (merge_and_unload) gives the logits of the unmerged adapter: %s', async (_label, modelDir, adapterName) => {
    const model = await loadModel(modelDir);
    const adapter = await loadAdapter(join(adapters, adapterName), { model: model.config });
    const attentionMask = [[1, 1, 1, 1, 1, 1], [0, 0, 1, 1, 1, 1]];
    const feeds = { inputIds: [[1, 20, 30, 40, 50, 60], [0, 0, 7, 8, 9, 10]], attentionMask, positionIds: positionIdsFromMask(attentionMask) };
    const unmerged = await forwardSession(model, adapter);
    const merged = await forwardSession(mergeLora(model, adapter));
    const plainLora = await forwardSession(model, { config: parseAdapterConfig({ ...adapter.config, use_dora: false }), tensors: new Map([...adapter.tensors].filter(([name]) => !name.endsWith('lora_magnitude_vector'))) });
    const [a, b, c] = [await unmerged.run(feeds), await merged.run(feeds), await plainLora.run(feeds)];
    expect(maxAbsDiff(a.logits.data as Float32Array, b.logits.data as Float32Array)).toBeLessThan(1e-4);
    expect(maxAbsDiff(a.logits.data as Float32Array, c.logits.data as Float32Array)).toBeGreaterThan(0.01); // the magnitudes matter
    await Promise.all([unmerged.release(), merged.release(), plainLora.release()]);
  });
});
