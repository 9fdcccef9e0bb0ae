// The size presets every family may define (families/<architecture>/presets.ts holds the fields);
// `ctune model init --preset` takes these names.

/** Names of the model presets. */
export const MODEL_PRESET_NAMES = ['tiny', 'gpt2-124m', 'smollm-135m', 'tinyllama-1.1b', 'llama-7b'] as const;

/** One of {@link MODEL_PRESET_NAMES}. */
export type ModelPresetName = (typeof MODEL_PRESET_NAMES)[number];
