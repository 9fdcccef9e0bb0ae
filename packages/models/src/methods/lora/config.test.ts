import { createModelConfig } from '../../factory/create-tiny-model.js';
import { loraMethod } from './method.js';

const options = (fields: Record<string, unknown>) => loraMethod.options.parse(fields);
const adapterConfig = (fields: Record<string, unknown>, architecture: 'llama' | 'gpt2' = 'llama') => loraMethod.adapter!.fromOptions(options(fields), createModelConfig({ architecture }), { baseModelName: 'tiny' });

describe('LoRA run options', () => {
  it('take targetModules as a list, a comma-separated list, one regex or all-linear', () => {
    expect(options({ targetModules: ['q_proj', 'v_proj'] }).targetModules).toEqual(['q_proj', 'v_proj']);
    expect(options({ targetModules: 'q_proj, mlp.down_proj' }).targetModules).toEqual(['q_proj', 'mlp.down_proj']);
    expect(options({ targetModules: '.*\\.(q|v)_proj' }).targetModules).toBe('.*\\.(q|v)_proj');
    expect(options({ targetModules: 'all-linear' }).targetModules).toBe('all-linear');
  });

  it("write PEFT's resolved default targets, fan_in_fan_out for Conv1D, and the base model's name", () => {
    expect(adapterConfig({})).toMatchObject({ peft_type: 'LORA', target_modules: ['q_proj', 'v_proj'], fan_in_fan_out: false, base_model_name_or_path: 'tiny', r: 8, lora_alpha: 16 });
    expect(adapterConfig({}, 'gpt2')).toMatchObject({ target_modules: ['c_attn'], fan_in_fan_out: true });
    expect(adapterConfig({ targetModules: '.*\\.(q|v)_proj' })).toMatchObject({ target_modules: '.*\\.(q|v)_proj' });
  });
});
