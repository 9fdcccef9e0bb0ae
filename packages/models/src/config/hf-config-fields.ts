import { ToolkitError } from '@causal-tune/core';

// A config.json field causal-tune cannot honour is refused by name, never ignored (a Llama 3.1
// checkpoint whose rope_scaling were dropped would load and compute wrong rotary embeddings).
// Each family's schema lists the fields it reads; the fields below are the ones every
// transformers PretrainedConfig may carry that do not change a causal LM's forward pass (they
// steer saving, generation defaults, task heads or other frameworks). Any other field is refused.

/** A field that is accepted without being read, when its value leaves the forward pass as it is. */
export type InertField = true | ((value: unknown) => boolean);

const isEmpty = (value: unknown) => value === null || value === undefined || (typeof value === 'object' && Object.keys(value as object).length === 0);
const isFalse = (value: unknown) => value === false || value === null || value === undefined;

/** PretrainedConfig's own fields (transformers configuration_utils.py) that do not change the forward pass. */
export const PRETRAINED_CONFIG_INERT_FIELDS: Readonly<Record<string, InertField>> = {
  architectures: true,
  transformers_version: true,
  torch_dtype: true,
  dtype: true,
  _name_or_path: true,
  _commit_hash: true,
  _attn_implementation_autoset: true,
  use_cache: true,
  return_dict: true,
  output_hidden_states: true,
  output_attentions: true,
  torchscript: true,
  use_bfloat16: true,
  tf_legacy_loss: true,
  // Feed-forward chunking computes the same products in pieces.
  chunk_size_feed_forward: true,
  pruned_heads: isEmpty,
  is_encoder_decoder: isFalse,
  is_decoder: true,
  add_cross_attention: isFalse,
  cross_attention_hidden_size: true,
  tie_encoder_decoder: isFalse,
  finetuning_task: true,
  id2label: true,
  label2id: true,
  num_labels: true,
  problem_type: true,
  tokenizer_class: true,
  prefix: true,
  sep_token_id: true,
  decoder_start_token_id: true,
  task_specific_params: true,
  gradient_checkpointing: true,
  // Generation defaults of older configs (generation_config.json holds them now).
  max_length: true,
  min_length: true,
  do_sample: true,
  early_stopping: true,
  num_beams: true,
  num_beam_groups: true,
  diversity_penalty: true,
  temperature: true,
  top_k: true,
  top_p: true,
  typical_p: true,
  repetition_penalty: true,
  length_penalty: true,
  no_repeat_ngram_size: true,
  encoder_no_repeat_ngram_size: true,
  bad_words_ids: true,
  num_return_sequences: true,
  output_scores: true,
  return_dict_in_generate: true,
  forced_bos_token_id: true,
  forced_eos_token_id: true,
  remove_invalid_values: true,
  exponential_decay_length_penalty: true,
  suppress_tokens: true,
  begin_suppress_tokens: true,
};

/** One field a family cannot honour, and why. */
export interface UnsupportedField {
  /** The field in config.json, dotted for nested ones (`rope_scaling.rope_type`). */
  readonly field: string;
  readonly reason: string;
}

/**
 * Refuses a config.json with `MODEL_CONFIG_UNSUPPORTED`, naming every field and why in one
 * message (STYLE.md: report all problems at once).
 */
export function unsupportedConfig(source: string, modelType: string, fields: readonly UnsupportedField[]): ToolkitError {
  const list = fields.map(({ field, reason }) => `${field} (${reason})`).join('; ');
  return new ToolkitError(
    'MODEL_CONFIG_UNSUPPORTED',
    `${source} (model_type ${modelType}) has ${fields.length === 1 ? 'a field' : `${fields.length} fields`} causal-tune cannot honour: ${list}. ` +
      'Loading it anyway would compute another model than transformers does; remove the field only if you know it does not apply.',
    { details: { source, modelType, fields: fields.map(({ field }) => field), reasons: Object.fromEntries(fields.map(({ field, reason }) => [field, reason])) } },
  );
}

/**
 * The fields of `raw` that are neither read by the family (`read`) nor inert (the family's own
 * `inert` ones and {@link PRETRAINED_CONFIG_INERT_FIELDS}), or inert only for other values.
 */
export function unreadFields(raw: Readonly<Record<string, unknown>>, read: Iterable<string>, inert: Readonly<Record<string, InertField>> = {}): UnsupportedField[] {
  const known = new Set(read);
  const problems: UnsupportedField[] = [];
  for (const [field, value] of Object.entries(raw)) {
    if (known.has(field)) continue;
    const rule = inert[field] ?? PRETRAINED_CONFIG_INERT_FIELDS[field];
    if (rule === undefined) problems.push({ field, reason: 'not a field this family reads; it may change the computation' });
    else if (rule !== true && !rule(value)) problems.push({ field, reason: `the value ${JSON.stringify(value)} changes the computation` });
  }
  return problems;
}
