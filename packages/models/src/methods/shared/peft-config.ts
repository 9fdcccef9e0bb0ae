import { z } from 'zod';

// The fields of PeftConfig (peft/config.py) every adapter_config.json has. Fields whose PEFT
// default is None are optional rather than defaulted to null: a saved config holds only the keys
// that were set, since PEFT versions older than a key refuse it (PEFT 0.13 refuses
// exclude_modules: null), and PEFT fills the missing ones with their defaults when loading.

/** Module paths or one regex (PEFT's target_modules, exclude_modules). */
export const stringOrList = z.union([z.string(), z.array(z.string())]);

/** PeftConfig's own fields. */
export const peftConfigShape = {
  base_model_name_or_path: z.string().nullable().default(null).describe('The base model the adapter was trained on: a hub id or a directory name.'),
  revision: z.string().nullish().describe('Hub revision of the base model.'),
  task_type: z.literal('CAUSAL_LM').nullable().default('CAUSAL_LM').describe('PEFT TaskType; causal-tune tunes causal LMs.'),
  inference_mode: z.boolean().default(false).describe('PEFT sets it to true when saving.'),
  auto_mapping: z.record(z.string(), z.unknown()).nullish().describe('Custom model classes, if any.'),
  modules_to_save: z.array(z.string()).nullish().describe('Modules trained whole and saved besides the adapter: their tensors replace the base ones.'),
};

/** PEFT's shorthand for every linear layer except the output head (INCLUDE_LINEAR_LAYERS_SHORTHAND). */
export const ALL_LINEAR = 'all-linear';

/** Module names: a list, one regex (full match) or all-linear; a plain comma-separated string is a list. */
export const targetModulesOption = z.preprocess(
  (value) => (typeof value === 'string' && value !== ALL_LINEAR && !/[*+?^$()[\]{}|\\]/.test(value) ? value.split(',').map((name) => name.trim()).filter((name) => name !== '') : value),
  z.union([z.array(z.string().min(1)).min(1), z.string().min(1)]),
);
