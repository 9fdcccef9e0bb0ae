import {
  dataSectionSchema,
  loraMethodSchema,
  lossSectionSchema,
  methodSchema,
  modelSectionSchema,
  optimizerSectionSchema,
  pTuningMethodSchema,
  prefixTuningMethodSchema,
  promptSectionSchema,
  promptTuningMethodSchema,
  scheduleSectionSchema,
  trainConfigSchema,
  trainingSectionSchema,
} from '@causal-tune/trainer';
import type { TrainConfig } from '@causal-tune/trainer';
import { isAbsolute, resolve } from 'node:path';

/** The fine-tuning methods, in the order the form cycles them. */
export const METHOD_TYPES = ['lora', 'prompt-tuning', 'p-tuning', 'prefix-tuning', 'full'] as const;

/** One of {@link METHOD_TYPES}. */
export type MethodType = (typeof METHOD_TYPES)[number];

/** How a field's text becomes a config value. */
export type FieldKind = 'text' | 'path' | 'integer' | 'number' | 'choice' | 'boolean' | 'list';

/** One field of the method form. Its `key` is its dotted path in the training config. */
export interface FormField {
  readonly key: string;
  readonly label: string;
  readonly kind: FieldKind;
  /** The values of a `choice`. */
  readonly choices?: readonly string[];
  /** The trainer schema's description of the key. */
  readonly description: string;
  /** Shown only with these methods; every method when absent. */
  readonly methods?: readonly MethodType[];
  /** Empty text leaves the key out, so the schema's default (or none) applies. */
  readonly optional?: boolean;
}

// Descriptions come from the trainer's schema (one comment per key, STYLE.md), never copied.
const describe = (schema: { readonly description?: string | undefined }): string => schema.description ?? '';

/** Every field of the form, in display order. */
export const FORM_FIELDS: readonly FormField[] = [
  { key: 'method.type', label: 'Method', kind: 'choice', choices: METHOD_TYPES, description: 'The fine-tuning method: LoRA, prompt tuning, p-tuning, prefix tuning, or every weight (full).' },
  { key: 'method.r', label: 'LoRA rank r', kind: 'integer', methods: ['lora'], description: describe(loraMethodSchema.shape.r) },
  { key: 'method.loraAlpha', label: 'LoRA alpha', kind: 'number', methods: ['lora'], description: describe(loraMethodSchema.shape.loraAlpha) },
  { key: 'method.loraDropout', label: 'LoRA dropout', kind: 'number', methods: ['lora'], description: describe(loraMethodSchema.shape.loraDropout) },
  { key: 'method.targetModules', label: 'Target modules', kind: 'list', optional: true, methods: ['lora'], description: describe(loraMethodSchema.shape.targetModules) },
  { key: 'method.useRslora', label: 'rsLoRA', kind: 'boolean', methods: ['lora'], description: describe(loraMethodSchema.shape.useRslora) },
  { key: 'method.numVirtualTokens', label: 'Virtual tokens', kind: 'integer', methods: ['prompt-tuning', 'p-tuning', 'prefix-tuning'], description: describe(promptTuningMethodSchema.shape.numVirtualTokens) },
  { key: 'method.init', label: 'Initialisation', kind: 'choice', choices: ['TEXT', 'RANDOM', 'SAMPLE_VOCAB'], methods: ['prompt-tuning'], description: describe(promptTuningMethodSchema.shape.init) },
  { key: 'method.initText', label: 'Init text', kind: 'text', methods: ['prompt-tuning'], description: describe(promptTuningMethodSchema.shape.initText) },
  { key: 'method.encoderReparameterizationType', label: 'Prompt encoder', kind: 'choice', choices: ['MLP', 'LSTM'], methods: ['p-tuning'], description: describe(pTuningMethodSchema.shape.encoderReparameterizationType) },
  { key: 'method.encoderHiddenSize', label: 'Encoder width', kind: 'integer', optional: true, methods: ['p-tuning', 'prefix-tuning'], description: describe(pTuningMethodSchema.shape.encoderHiddenSize) },
  { key: 'method.prefixProjection', label: 'Prefix projection', kind: 'boolean', methods: ['prefix-tuning'], description: describe(prefixTuningMethodSchema.shape.prefixProjection) },
  { key: 'model.path', label: 'Model', kind: 'path', description: describe(modelSectionSchema.shape.path) },
  { key: 'model.device', label: 'Device', kind: 'choice', choices: ['cpu', 'webgpu', 'cuda'], description: describe(modelSectionSchema.shape.device) },
  { key: 'training.maxSteps', label: 'Max steps', kind: 'integer', optional: true, description: describe(trainingSectionSchema.shape.maxSteps) },
  { key: 'training.epochs', label: 'Epochs', kind: 'number', description: describe(trainingSectionSchema.shape.epochs) },
  { key: 'training.batchSize', label: 'Batch size', kind: 'integer', description: describe(trainingSectionSchema.shape.batchSize) },
  { key: 'training.microBatchSize', label: 'Micro-batch size', kind: 'integer', description: describe(trainingSectionSchema.shape.microBatchSize) },
  { key: 'optimizer.learningRate', label: 'Learning rate', kind: 'number', description: describe(optimizerSectionSchema.shape.learningRate) },
  { key: 'schedule.type', label: 'Schedule', kind: 'choice', choices: ['constant', 'linear', 'cosine'], description: describe(scheduleSectionSchema.shape.type) },
  { key: 'loss.type', label: 'Loss', kind: 'choice', choices: ['causal-lm', 'key-token-weighted', 'label-word'], description: describe(lossSectionSchema.shape.type) },
  { key: 'prompt.cutoffLen', label: 'Cutoff length', kind: 'integer', description: describe(promptSectionSchema.shape.cutoffLen) },
  { key: 'data.maxRows', label: 'Max rows', kind: 'integer', optional: true, description: describe(dataSectionSchema.shape.maxRows) },
  { key: 'training.evalInterval', label: 'Eval interval', kind: 'integer', description: describe(trainingSectionSchema.shape.evalInterval) },
  { key: 'training.checkpointInterval', label: 'Checkpoint interval', kind: 'integer', description: describe(trainingSectionSchema.shape.checkpointInterval) },
  { key: 'outputDir', label: 'Run directory', kind: 'path', description: describe(trainConfigSchema.shape.outputDir) },
];

/** The fields shown with `method`. */
export function visibleFields(method: MethodType): FormField[] {
  return FORM_FIELDS.filter((field) => field.methods === undefined || field.methods.includes(method));
}

/** What the form takes from outside it: the other screens' picks and where paths resolve. */
export interface FormContext {
  /** Relative paths (model, run directory) are resolved against it. */
  readonly cwd: string;
  /** The data file of the data screen. */
  readonly dataPath: string;
  /** The template of the prompts screen; undefined for the default. */
  readonly templateName: string | undefined;
}

/** Field values as typed: text for every key of {@link FORM_FIELDS}. */
export type FormValues = Readonly<Record<string, string>>;

function valueAt(source: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((current, part) => (typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[part] : undefined), source);
}

function toText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

/** The text of the `method.*` fields for `method`: the schema's defaults. */
export function methodDefaults(method: MethodType): Record<string, string> {
  const defaults = methodSchema.parse({ type: method });
  return Object.fromEntries(FORM_FIELDS.filter((field) => field.key.startsWith('method.')).map((field) => [field.key, toText(valueAt({ method: defaults }, field.key))]));
}

/** The first values of the form: the schema's defaults, with the model and run directory given. */
export function initialFormValues(options: { readonly modelPath: string; readonly outputDir: string; readonly method?: MethodType }): Record<string, string> {
  const method = options.method ?? 'lora';
  const defaults = trainConfigSchema.parse({ model: { path: options.modelPath }, data: { path: 'unused' }, outputDir: options.outputDir, method: { type: method } });
  return { ...Object.fromEntries(FORM_FIELDS.map((field) => [field.key, toText(valueAt(defaults, field.key))])), ...methodDefaults(method) };
}

type Converted = { readonly value: unknown } | { readonly error: string };

function convert(field: FormField, text: string, cwd: string): Converted {
  const raw = text.trim();
  if (raw === '') return field.optional === true ? { value: undefined } : { error: `${field.label} needs a value.` };
  switch (field.kind) {
    case 'integer':
      return /^[-+]?\d+$/.test(raw) ? { value: Number(raw) } : { error: `${field.label} must be a whole number, but got '${raw}'.` };
    case 'number': {
      const value = Number(raw);
      return Number.isFinite(value) ? { value } : { error: `${field.label} must be a number (like 3e-4 or 0.05), but got '${raw}'.` };
    }
    case 'boolean':
      return { value: raw === 'true' };
    case 'list':
      return { value: raw === 'all-linear' ? raw : raw.split(',').map((item) => item.trim()).filter((item) => item !== '') };
    case 'path':
      return { value: isAbsolute(raw) ? raw : resolve(cwd, raw) };
    case 'text':
    case 'choice':
      return { value: raw };
  }
}

function setAt(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let current = target;
  for (const part of parts.slice(0, -1)) {
    const next = current[part];
    if (typeof next !== 'object' || next === null) current[part] = {};
    current = current[part] as Record<string, unknown>;
  }
  current[parts[parts.length - 1] ?? key] = value;
}

/** The outcome of {@link validateMethodForm}. */
export type FormValidation =
  | { readonly ok: true; readonly config: TrainConfig; readonly errors: Readonly<Record<string, string>>; readonly formErrors: readonly string[] }
  | { readonly ok: false; readonly errors: Readonly<Record<string, string>>; readonly formErrors: readonly string[] };

/**
 * Builds the training config from the form and validates it with the trainer's
 * `trainConfigSchema`, reporting every problem at once: under the field's key when a field
 * holds the value, as a form error otherwise (the data file, the template).
 */
export function validateMethodForm(method: MethodType, values: FormValues, context: FormContext): FormValidation {
  const errors: Record<string, string> = {};
  const input: Record<string, unknown> = { data: { path: context.dataPath }, ...(context.templateName === undefined ? {} : { prompt: { template: context.templateName } }) };
  for (const field of visibleFields(method)) {
    const converted = convert(field, values[field.key] ?? '', context.cwd);
    if ('error' in converted) errors[field.key] = converted.error;
    else if (converted.value !== undefined) setAt(input, field.key, converted.value);
  }
  const parsed = trainConfigSchema.safeParse(input);
  const formErrors: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.join('.');
      const field = FORM_FIELDS.find((candidate) => candidate.key === key);
      if (field !== undefined) errors[key] ??= `${field.label}: ${issue.message}`;
      else formErrors.push(`${key === '' ? 'config' : key}: ${issue.message}`);
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors, formErrors };
  return { ok: true, config: parsed.data, errors, formErrors };
}
