import type { Command } from 'commander';
import { z } from 'zod';

// Command-line flags are declared once, as a zod object: each field is one flag, named by
// `.meta({ flag })` or the kebab-case of its key, described by its `.describe()`, with its enum
// values listed; commander's options are made from it and its values parsed by it.

/** What a flag is made of. */
export interface SchemaFlag {
  /** The key of commander's `opts()` (camelCase of the flag) and of the flags schema. */
  readonly key: string;
  /** The flag without dashes (`lora-r`). */
  readonly flag: string;
  /** A switch (`--resume`) rather than a flag with a value. */
  readonly boolean: boolean;
  /** The value's name in help (`<n>`, `<dir>`). */
  readonly placeholder: string;
  readonly description: string;
  /** commander's default value, if any. */
  readonly defaultValue?: string;
}

type AnySchema = z.ZodType & { readonly def: { readonly type: string; readonly innerType?: z.ZodType; readonly out?: z.ZodType; readonly in?: z.ZodType; readonly options?: readonly z.ZodType[]; readonly entries?: Readonly<Record<string, string>>; readonly defaultValue?: unknown } };

/** The schema under optional, default, nullable and pipes (a preprocess reads its output type). */
export function baseSchema(schema: z.ZodType): AnySchema {
  let current = schema as AnySchema;
  for (;;) {
    const { type, innerType, out } = current.def;
    if ((type === 'optional' || type === 'default' || type === 'prefault' || type === 'nullable' || type === 'readonly') && innerType) current = innerType as AnySchema;
    else if (type === 'pipe' && out) current = ((out.def as { type: string }).type === 'transform' ? current.def.in! : out) as AnySchema;
    else return current;
  }
}

/** The values of an enum field, or undefined. */
export function enumValues(schema: z.ZodType): readonly string[] | undefined {
  const base = baseSchema(schema);
  return base.def.type === 'enum' && base.def.entries ? Object.values(base.def.entries) : undefined;
}

/** `learningRate` -> `learning-rate`. */
export function kebabCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** `learning-rate` -> `learningRate` (commander's key of a flag). */
export function camelCase(flag: string): string {
  return flag.replace(/-([a-z0-9])/g, (_dash, letter: string) => letter.toUpperCase());
}

/** The meta of a field (`title`, `flag`, `placeholder`). */
export function metaOf(schema: z.ZodType): { readonly title?: string; readonly flag?: string; readonly placeholder?: string } {
  return (schema.meta() ?? {}) as { title?: string; flag?: string; placeholder?: string };
}

/** The flags of a zod object, in field order. */
export function flagsOf(schema: z.ZodObject<z.ZodRawShape>): SchemaFlag[] {
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([key, field]) => {
    const meta = metaOf(field);
    const base = baseSchema(field);
    const values = enumValues(field);
    const description = [field.description ?? '', values ? `(${values.join(', ')})` : ''].filter(Boolean).join(' ');
    const kind = base.def.type;
    const placeholder = meta.placeholder ?? (values ? 'name' : kind === 'number' ? 'n' : 'value');
    const defaultValue = field.def.type === 'default' && kind !== 'boolean' ? String((field as AnySchema).def.defaultValue) : undefined;
    return { key, flag: meta.flag ?? kebabCase(key), boolean: kind === 'boolean', placeholder, description, ...(defaultValue === undefined ? {} : { defaultValue }) };
  });
}

/** Declares `flags` on a command. */
export function addFlags(command: Command, flags: readonly SchemaFlag[]): Command {
  for (const { flag, boolean, placeholder, description, defaultValue } of flags) {
    const spelled = boolean ? `--${flag}` : `--${flag} <${placeholder}>`;
    if (defaultValue === undefined) command.option(spelled, description);
    else command.option(spelled, description, defaultValue);
  }
  return command;
}

/** The schema without its default (so an absent flag stays absent), optional. */
function withoutDefault(schema: z.ZodType): z.ZodType {
  let current = schema as AnySchema;
  while ((current.def.type === 'default' || current.def.type === 'prefault' || current.def.type === 'optional') && current.def.innerType) current = current.def.innerType as AnySchema;
  return current.optional();
}

/**
 * The schema a flag's value is parsed with: the field's own (its checks and messages), without
 * its default; numbers are read from the command line's strings.
 */
export function flagValueSchema(field: z.ZodType): z.ZodType {
  const bare = withoutDefault(field);
  if (baseSchema(field).def.type !== 'number') return bare;
  return z.preprocess((value) => (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value), bare);
}
