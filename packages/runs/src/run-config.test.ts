import { TUNING_METHODS } from '@causal-tune/models';
import { METHOD_NAMES, runConfigSchema } from './run-config.js';

const minimal = { model: { path: 'models/tiny' }, data: { path: 'train.csv' }, outputDir: 'runs/a' };

describe('the run config', () => {
  it('fills every default: LoRA with its options, the Alpaca prompt, the causal-LM loss', () => {
    const config = runConfigSchema.parse(minimal);
    expect(config.method).toEqual({ type: 'lora', r: 8, loraAlpha: 16, loraDropout: 0.05, useRslora: false, useDora: false });
    expect(config.prompt).toMatchObject({ template: 'alpaca', verbalizer: { '1': 'yes', '0': 'no' }, cutoffLen: 256 });
    expect(config.loss.type).toBe('causal-lm');
    expect(config.training).toMatchObject({ batchSize: 4, evalInterval: 50, seed: 42 });
  });

  it("takes every method of models' list, each with its own options and defaults", () => {
    expect(METHOD_NAMES).toEqual(TUNING_METHODS.map((method) => method.name));
    for (const method of TUNING_METHODS) {
      const parsed = runConfigSchema.parse({ ...minimal, method: { type: method.name } }).method;
      expect(parsed).toEqual({ type: method.name, ...method.options.parse({}) });
    }
    expect(runConfigSchema.parse({ ...minimal, method: { type: 'lora', useDora: true } }).method).toMatchObject({ useDora: true });
    expect(runConfigSchema.parse({ ...minimal, method: { type: 'ia3', feedforwardModules: 'down_proj' } }).method).toMatchObject({ type: 'ia3', feedforwardModules: ['down_proj'] });
  });

  it('refuses an unknown method and reports every bad field at once', () => {
    const result = runConfigSchema.safeParse({ ...minimal, method: { type: 'adapters' }, training: { batchSize: 0 } });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['method.type', 'training.batchSize']);
  });
});
