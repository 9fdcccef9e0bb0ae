import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSeededRandom } from '@causal-tune/core';
import { expectedAdapterTensors, parseAdapterConfig, saveAdapter, type ModelConfig } from '@causal-tune/models';

/** Methods a hand-made run directory can have. */
export type FixtureMethod = 'lora' | 'prompt-tuning' | 'p-tuning' | 'prefix-tuning';

const ADAPTER_CONFIGS: Record<FixtureMethod, Record<string, unknown>> = {
  lora: { peft_type: 'LORA', task_type: 'CAUSAL_LM', r: 4, lora_alpha: 8, target_modules: ['q_proj', 'v_proj'] },
  'prompt-tuning': { peft_type: 'PROMPT_TUNING', task_type: 'CAUSAL_LM', num_virtual_tokens: 3 },
  'p-tuning': { peft_type: 'P_TUNING', task_type: 'CAUSAL_LM', num_virtual_tokens: 3 },
  'prefix-tuning': { peft_type: 'PREFIX_TUNING', task_type: 'CAUSAL_LM', num_virtual_tokens: 3 },
};

/** Options of {@link writeRunDirectory}. */
export interface RunDirectoryOptions {
  readonly method: FixtureMethod;
  /** The base model directory written into config.json (model.path). */
  readonly modelPath: string;
  /** The config the adapter's shapes are made for. */
  readonly modelConfig: ModelConfig;
  /** base_model_name_or_path of the adapter. */
  readonly baseModelName?: string;
  /** The prompt section of config.json. */
  readonly prompt?: Record<string, unknown>;
  readonly seed?: number;
  /** model.dtype of config.json: the precision the run trained in. */
  readonly dtype?: string;
}

/**
 * Writes a run directory by hand, as the trainer would (docs/architecture/run-directory.md):
 * config.json with more fields than inference reads, and adapter/ with seeded random tensors
 * (large enough to change the model's answers).
 */
export async function writeRunDirectory(runDir: string, options: RunDirectoryOptions): Promise<void> {
  await mkdir(runDir, { recursive: true });
  const config = {
    model: { path: options.modelPath, device: 'cpu', ...(options.dtype === undefined ? {} : { dtype: options.dtype }) },
    data: { path: 'train.csv', validationFraction: 0.1, seed: 42 },
    prompt: { template: 'alpaca', askWith: 'full-name', verbalizer: { '1': 'yes', '0': 'no' }, cutoffLen: 256, trainOnInputs: false, addEosToken: true, ...options.prompt },
    method: { type: options.method },
    optimizer: { learningRate: 0.0003 },
    outputDir: runDir,
    somethingNewer: { kept: true },
  };
  await writeFile(join(runDir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  const adapterConfig = parseAdapterConfig({ ...ADAPTER_CONFIGS[options.method], base_model_name_or_path: options.baseModelName ?? options.modelPath });
  const random = createSeededRandom(options.seed ?? 1, 'fixture-adapter');
  const scale = options.method === 'lora' ? 0.5 : 1;
  const tensors = new Map(
    [...expectedAdapterTensors(adapterConfig, options.modelConfig)].map(([name, shape]) => {
      const data = Float32Array.from({ length: shape.reduce((product, size) => product * size, 1) }, () => random.nextNormal() * scale);
      return [name, { shape, data }] as const;
    }),
  );
  await saveAdapter(join(runDir, 'adapter'), { config: adapterConfig, tensors }, { model: options.modelConfig });
}
