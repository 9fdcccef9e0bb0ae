import type { RunConfig } from '@causal-tune/runs';

// The training config is the run config: its schema and defaults live with the run directory
// (@causal-tune/runs), where inference, the TUI and the API read config.json back. The trainer's
// API names them as what `train` takes.
export { runConfigSchema as trainConfigSchema } from '@causal-tune/runs';
export type { RunConfig as TrainConfig, RunConfigInput as TrainConfigInput } from '@causal-tune/runs';

/** A run config's `method` section when it is LoRA (with DoRA as `useDora`): r, loraAlpha, loraDropout, targetModules, useRslora. */
export type LoraConfig = Extract<RunConfig['method'], { readonly type: 'lora' }>;
