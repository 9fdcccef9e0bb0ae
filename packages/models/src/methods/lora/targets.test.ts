import { parseModelConfig } from '../../config/parse-model-config.js';
import { createModelConfig } from '../../factory/create-tiny-model.js';
import { loraAdapterConfigSchema } from './config.js';
import { loraRank, loraScaling, resolveLoraTargets } from './targets.js';

const llama = createModelConfig({ architecture: 'llama' }); // 2 layers
const gpt2 = createModelConfig({ architecture: 'gpt2' });
const lora = (fields: Record<string, unknown>) => loraAdapterConfigSchema.parse({ peft_type: 'LORA', ...fields });
const paths = (fields: Record<string, unknown>, model = llama): string[] => resolveLoraTargets(lora(fields), model).map((module) => module.path);

describe('resolveLoraTargets (PEFT check_target_module_exists)', () => {
  it("defaults to PEFT's targets: q_proj/v_proj for LLaMA, c_attn for GPT-2", () => {
    expect(paths({})).toEqual(['model.layers.0.self_attn.q_proj', 'model.layers.0.self_attn.v_proj', 'model.layers.1.self_attn.q_proj', 'model.layers.1.self_attn.v_proj']);
    expect(paths({}, gpt2)).toEqual(['transformer.h.0.attn.c_attn', 'transformer.h.1.attn.c_attn']);
  });

  it('matches a list by suffix, a string as one full-match regex, and all-linear without the head', () => {
    expect(paths({ target_modules: ['mlp.c_proj'] }, gpt2)).toEqual(['transformer.h.0.mlp.c_proj', 'transformer.h.1.mlp.c_proj']);
    expect(paths({ target_modules: '.*\\.1\\.self_attn\\.(k|o)_proj' })).toEqual(['model.layers.1.self_attn.k_proj', 'model.layers.1.self_attn.o_proj']);
    expect(() => paths({ target_modules: 'q_proj' })).toThrow(expect.objectContaining({ code: 'PEFT_TARGET_NOT_FOUND' })); // a regex must match the whole path
  });

  it('treats all-linear as every linear layer except lm_head', () => {
    const all = paths({ target_modules: 'all-linear' });
    expect(all).toHaveLength(14);
    expect(all).not.toContain('lm_head');
  });

  it('filters suffix matches by layers_to_transform and honours exclude_modules', () => {
    expect(paths({ target_modules: ['q_proj'], layers_to_transform: [1] })).toEqual(['model.layers.1.self_attn.q_proj']);
    expect(paths({ target_modules: ['c_attn'], layers_to_transform: 0, layers_pattern: 'h' }, gpt2)).toEqual(['transformer.h.0.attn.c_attn']);
    expect(paths({ target_modules: ['q_proj', 'k_proj'], exclude_modules: ['model.layers.0.self_attn.k_proj'] })).toEqual([
      'model.layers.0.self_attn.q_proj',
      'model.layers.1.self_attn.q_proj',
      'model.layers.1.self_attn.k_proj',
    ]);
  });
});

describe('resolveLoraTargets errors', () => {
  it('names targets that match nothing', () => {
    expect(() => resolveLoraTargets(lora({ target_modules: ['query'] }), parseModelConfig({ model_type: 'gpt2', vocab_size: 10, n_positions: 8, n_embd: 8, n_layer: 1, n_head: 2 }))).toThrow(
      expect.objectContaining({ code: 'PEFT_TARGET_NOT_FOUND', message: expect.stringContaining('end in: c_attn, c_proj, c_fc, lm_head') }),
    );
  });
});

describe('loraRank and loraScaling', () => {
  it('use rank_pattern/alpha_pattern by path suffix, and rsLoRA scales by sqrt(r)', () => {
    const config = lora({ r: 8, lora_alpha: 16, rank_pattern: { 'layers.1.self_attn.q_proj': 4 }, alpha_pattern: { v_proj: 32 } });
    expect(loraRank(config, 'model.layers.1.self_attn.q_proj')).toBe(4);
    expect(loraRank(config, 'model.layers.0.self_attn.q_proj')).toBe(8);
    expect(loraScaling(config, 'model.layers.0.self_attn.q_proj')).toBe(2);
    expect(loraScaling(config, 'model.layers.0.self_attn.v_proj')).toBe(4);
    expect(loraScaling(lora({ r: 16, lora_alpha: 8, use_rslora: true }), 'x')).toBe(2);
  });
});
