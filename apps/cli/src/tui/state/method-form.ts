import { METHOD_NAMES, TUNING_METHODS } from '@causal-tune/models';
import {
  dataSectionSchema,
  lossSectionSchema,
  methodSchema,
  modelSectionSchema,
  optimizerSectionSchema,
  promptSectionSchema,
  runConfigSchema,
  scheduleSectionSchema,
  trainingSectionSchema,
  type RunConfig,
} from '@causal-tune/runs';
import { isAbsolute, resolve } from 'node:path';
import type { z } from 'zod';
import { baseSchema, enumValues, metaOf } from '../../commands/schema-flags.js';

/** The tuning methods, in the order the form cycles them: models' list. */
export const METHOD_TYPES = METHOD_NAMES;

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
  /** The run schema's description of the key. */
  readonly description: string;
  /** Shown only with these methods; every method when absent. */
  readonly methods?: readonly MethodType[];
  /** Empty text leaves the key out, so the schema's default (or none) applies. */
  readonly optional?: boolean;
}

type Field = z.ZodType;

/** `loraAlpha` -> `Lora alpha`, for fields whose schema gives no title. */
const humanize = (key: string) => key.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`).replace(/^./, (first) => first.toUpperCase());

/**
 * A form field from its schema: the kind from the zod type (a list where an array is allowed,
 * a choice from an enum's values), the label from `.meta({ title })`, the description from
 * `.describe()`, optional when it has no default. Descriptions and choices are never copied.
 */
function fieldOf(key: string, schema: Field, overrides: Partial<FormField> = {}): FormField {
  const base = baseSchema(schema);
  const choices = enumValues(schema);
  const type = base.def.type;
  const accepts = (kind: string) => type === kind || (type === 'union' && (base.def.options ?? []).some((option) => (option as { def: { type: string } }).def.type === kind));
  const kind: FieldKind = choices ? 'choice' : accepts('array') ? 'list' : type === 'boolean' ? 'boolean' : type === 'number' ? ((base as unknown as { isInt?: boolean }).isInt ? 'integer' : 'number') : 'text';
  const optional = schema.def.type === 'optional';
  return {
    key,
    label: metaOf(schema).title ?? humanize(key.split('.').at(-1)!),
    kind,
    ...(choices ? { choices } : {}),
    description: schema.description ?? '',
    ...(optional ? { optional } : {}),
    ...overrides,
  };
}

/** Every method's options, once each (in list order), shown with the methods that have them. */
function methodFields(): FormField[] {
  const fields = new Map<string, { schema: Field; methods: MethodType[] }>();
  for (const method of TUNING_METHODS) {
    for (const [key, schema] of Object.entries(method.options.shape as Record<string, Field>)) {
      const entry = fields.get(key);
      if (entry) entry.methods.push(method.name);
      else fields.set(key, { schema, methods: [method.name] });
    }
  }
  return [...fields].map(([key, { schema, methods }]) => fieldOf(`method.${key}`, schema, { methods }));
}

const field = (section: { readonly shape: Record<string, Field> }, prefix: string, key: string, label: string, overrides: Partial<FormField> = {}) => fieldOf(`${prefix}.${key}`, section.shape[key]!, { label, ...overrides });

/** Every field of the form, in display order: the method, its options (from the methods' schemas), then the run's settings. */
export const FORM_FIELDS: readonly FormField[] = [
  { key: 'method.type', label: 'Method', kind: 'choice', choices: METHOD_TYPES, description: `The tuning method. ${TUNING_METHODS.map((method) => method.summary).join(' ')}` },
  ...methodFields(),
  field(modelSectionSchema, 'model', 'path', 'Model', { kind: 'path' }),
  field(modelSectionSchema, 'model', 'device', 'Device'),
  field(trainingSectionSchema, 'training', 'maxSteps', 'Max steps'),
  field(trainingSectionSchema, 'training', 'epochs', 'Epochs'),
  field(trainingSectionSchema, 'training', 'batchSize', 'Batch size'),
  field(trainingSectionSchema, 'training', 'microBatchSize', 'Micro-batch size'),
  field(optimizerSectionSchema, 'optimizer', 'learningRate', 'Learning rate'),
  field(scheduleSectionSchema, 'schedule', 'type', 'Schedule'),
  field(lossSectionSchema, 'loss', 'type', 'Loss'),
  field(promptSectionSchema, 'prompt', 'cutoffLen', 'Cutoff length'),
  field(dataSectionSchema, 'data', 'maxRows', 'Max rows'),
  field(trainingSectionSchema, 'training', 'evalInterval', 'Eval interval'),
  field(trainingSectionSchema, 'training', 'checkpointInterval', 'Checkpoint interval'),
  fieldOf('outputDir', runConfigSchema.shape.outputDir, { label: 'Run directory', kind: 'path' }),
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
  const defaults = runConfigSchema.parse({ model: { path: options.modelPath }, data: { path: 'unused' }, outputDir: options.outputDir, method: { type: method } });
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
      // The schema reads it: a comma-separated list of names, one regex, or all-linear.
      return { value: raw };
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
  | { readonly ok: true; readonly config: RunConfig; readonly errors: Readonly<Record<string, string>>; readonly formErrors: readonly string[] }
  | { readonly ok: false; readonly errors: Readonly<Record<string, string>>; readonly formErrors: readonly string[] };

/**
 * Builds the training config from the form and validates it with the run schema
 * (`runConfigSchema`), reporting every problem at once: under the field's key when a field
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
  const parsed = runConfigSchema.safeParse(input);
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
