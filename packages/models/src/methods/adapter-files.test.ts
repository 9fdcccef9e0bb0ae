import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeSafetensors } from '../checkpoint/safetensors-writer.js';
import { loadModelConfig } from '../config/parse-model-config.js';
import { STORIES_260K_DIR } from '../__fixtures__/paths.js';
import { createModelConfig } from '../factory/create-tiny-model.js';
import { createSeededRandom } from '@causal-tune/core';
import { ADAPTER_CONFIG_NAME, ADAPTER_WEIGHTS_NAME, expectedAdapterTensors, loadAdapter, parseAdapterConfig, saveAdapter } from './adapter-files.js';
import { PEFT_TYPES, type AdapterConfig } from './registry.js';
import type { ModelConfig } from '../families/registry.js';

/** Random tensors of exactly the names and shapes PEFT would save for `config` on `model`. */
function randomTensors(config: AdapterConfig, model: ModelConfig, dtype: 'F32' | 'BF16' = 'F32') {
  return new Map(
    [...expectedAdapterTensors(config, model)].map(([name, shape]) => {
      const random = createSeededRandom(1, name);
      const data = Float32Array.from({ length: shape.reduce((a: number, b: number) => a * b, 1) }, () => random.nextNormal());
      return [name, { dtype, shape, data }] as const;
    }),
  );
}

describe('saveAdapter / loadAdapter', () => {
  let dir: string;
  let stories: ModelConfig;
  beforeAll(async () => {
    stories = await loadModelConfig(STORIES_260K_DIR);
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'adapter-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['LORA', { peft_type: 'LORA', r: 4, lora_alpha: 8, target_modules: ['q_proj', 'v_proj'], base_model_name_or_path: 'stories260K' }],
    ['PROMPT_TUNING', { peft_type: 'PROMPT_TUNING', num_virtual_tokens: 8, token_dim: 64, num_layers: 5, num_attention_heads: 8, num_transformer_submodules: 1 }],
    ['P_TUNING', { peft_type: 'P_TUNING', num_virtual_tokens: 8, token_dim: 64, num_layers: 5, num_attention_heads: 8, num_transformer_submodules: 1, encoder_hidden_size: 64 }],
    ['PREFIX_TUNING', { peft_type: 'PREFIX_TUNING', num_virtual_tokens: 4, token_dim: 32, num_layers: 5, num_attention_heads: 4, num_transformer_submodules: 1 }],
  ])('round-trips %s byte for byte (write, read, write)', async (_, fields) => {
    const config = parseAdapterConfig(fields);
    const first = join(dir, 'first');
    const second = join(dir, 'second');
    await saveAdapter(first, { config: fields, tensors: randomTensors(config, stories, 'BF16') }, { model: stories });
    const loaded = await loadAdapter(first, { model: stories });
    expect(loaded.config).toMatchObject({ ...fields, inference_mode: true, task_type: 'CAUSAL_LM' });
    await saveAdapter(second, loaded, { model: stories });
    for (const name of [ADAPTER_CONFIG_NAME, ADAPTER_WEIGHTS_NAME]) {
      expect((await readFile(join(first, name))).equals(await readFile(join(second, name)))).toBe(true);
    }
    expect(loaded.tensors.size).toBe(expectedAdapterTensors(config, stories).size);
  });

  it('writes adapter_config.json as PEFT does (sorted keys, inference_mode true), with only the keys that are set or have a default other than None', async () => {
    const model = createModelConfig({ architecture: 'gpt2' });
    const fields = { peft_type: 'LORA', r: 2, target_modules: ['c_attn'], fan_in_fan_out: true };
    await saveAdapter(dir, { config: fields, tensors: randomTensors(parseAdapterConfig(fields), model) });
    const text = await readFile(join(dir, ADAPTER_CONFIG_NAME), 'utf8');
    const written = JSON.parse(text);
    expect(Object.keys(written)).toEqual([...Object.keys(written)].sort());
    expect(written).toMatchObject({ peft_type: 'LORA', task_type: 'CAUSAL_LM', inference_mode: true, r: 2, lora_alpha: 8, lora_dropout: 0, bias: 'none', use_rslora: false, rank_pattern: {} });
    expect(text).toContain('\n  "target_modules": [\n    "c_attn"\n  ],\n');
    // PEFT 0.13 and older refuse keys they do not know, even as null: unset ones are not written.
    for (const unset of ['exclude_modules', 'modules_to_save', 'layers_pattern', 'layers_to_transform', 'revision', 'auto_mapping']) expect(written).not.toHaveProperty(unset);
    const weights = await readFile(join(dir, ADAPTER_WEIGHTS_NAME));
    expect(weights.subarray(8).toString('utf8', 0, 31)).toBe('{"__metadata__":{"format":"pt"}');
  });

  it('reads an adapter_config.json written by Python PEFT, keeping fields it does not model', async () => {
    const python = {
      alpha_pattern: {},
      auto_mapping: null,
      base_model_name_or_path: 'gpt2',
      bias: 'none',
      fan_in_fan_out: true,
      inference_mode: true,
      init_lora_weights: true,
      layer_replication: null,
      layers_pattern: null,
      layers_to_transform: null,
      loftq_config: {},
      lora_alpha: 16,
      lora_dropout: 0.05,
      megatron_config: null,
      megatron_core: 'megatron.core',
      modules_to_save: null,
      peft_type: 'LORA',
      peft_version: '0.17.1',
      r: 8,
      rank_pattern: {},
      revision: null,
      target_modules: ['c_attn'],
      task_type: 'CAUSAL_LM',
      use_dora: false,
      use_rslora: false,
    };
    const model = createModelConfig({ architecture: 'gpt2' });
    await writeFile(join(dir, ADAPTER_CONFIG_NAME), JSON.stringify(python, null, 2));
    await writeFile(join(dir, ADAPTER_WEIGHTS_NAME), serializeSafetensors(randomTensors(parseAdapterConfig(python), model), { metadata: { format: 'pt' } }));
    const adapter = await loadAdapter(dir, { model });
    expect(adapter.config).toMatchObject({ lora_alpha: 16, megatron_core: 'megatron.core', peft_version: '0.17.1' });
    await saveAdapter(join(dir, 'copy'), adapter);
    // Fields PEFT writes survive, and no key this PEFT version lacked is added.
    expect(JSON.parse(await readFile(join(dir, 'copy', ADAPTER_CONFIG_NAME), 'utf8'))).toEqual(python);
  });

  it('rejects unknown methods and invalid fields with every problem listed', () => {
    expect(() => parseAdapterConfig({ peft_type: 'LOHA' })).toThrow(expect.objectContaining({ code: 'PEFT_CONFIG_INVALID', message: expect.stringContaining(`reads only ${PEFT_TYPES.join(', ')}`) }));
    expect(() => parseAdapterConfig({ peft_type: 'LORA', r: 0, lora_dropout: 1, bias: 'some' })).toThrow(expect.objectContaining({ message: expect.stringContaining('(3 problems)') }));
    expect(() => parseAdapterConfig({ peft_type: 'PROMPT_TUNING', num_virtual_tokens: 4, prompt_tuning_init: 'TEXT' })).toThrow(
      expect.objectContaining({ message: expect.stringMatching(/prompt_tuning_init_text: is required[\s\S]*tokenizer_name_or_path: is required/) }),
    );
  });

  it('refuses an adapter for another base model, naming both', async () => {
    const fields = { peft_type: 'PROMPT_TUNING', num_virtual_tokens: 2, token_dim: 64, num_layers: 5, num_attention_heads: 8, num_transformer_submodules: 1 };
    await saveAdapter(dir, { config: fields, tensors: randomTensors(parseAdapterConfig(fields), stories) });
    await expect(loadAdapter(dir, { model: createModelConfig({ architecture: 'llama' }) })).rejects.toMatchObject({
      code: 'ARTIFACT_INCOMPATIBLE',
      message: expect.stringContaining('token_dim 64 in adapter_config.json'),
    });
  });

  it('names a missing adapter directory or weights file', async () => {
    await expect(loadAdapter(join(dir, 'nope'))).rejects.toMatchObject({ code: 'ARTIFACT_NOT_FOUND', message: expect.stringContaining(ADAPTER_CONFIG_NAME) });
    await writeFile(join(dir, ADAPTER_CONFIG_NAME), JSON.stringify({ peft_type: 'LORA' }));
    await expect(loadAdapter(dir)).rejects.toMatchObject({ code: 'ARTIFACT_NOT_FOUND', message: expect.stringContaining('safe_serialization=True') });
  });
});
