import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { ToolkitError, parseWithSchema } from '@causal-tune/core';
import { parse as parseYaml } from 'yaml';
import { trainConfigSchema, type TrainConfig, type TrainConfigInput } from './train-config.js';

/** A partial config: any section, any subset of its fields (command-line flags, presets). */
export type TrainConfigOverrides = { readonly [Section in keyof TrainConfigInput]?: TrainConfigInput[Section] extends object ? Partial<TrainConfigInput[Section]> : TrainConfigInput[Section] };

/** Reads a JSON or YAML config file (by extension; JSON otherwise) without validating it yet. */
export async function readTrainConfigFile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new ToolkitError('DATA_FILE_NOT_FOUND', `The config file '${path}' cannot be read: ${(cause as Error).message}`, { cause });
  }
  try {
    const value: unknown = ['.yaml', '.yml'].includes(extname(path).toLowerCase()) ? parseYaml(text) : JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('the top level must be an object');
    return value as Record<string, unknown>;
  } catch (cause) {
    throw new ToolkitError('CONFIG_INVALID', `The config file '${path}' is not valid ${extname(path) === '.json' ? 'JSON' : 'JSON or YAML'}: ${(cause as Error).message}`, { cause });
  }
}

/**
 * Layers configs (STYLE.md, Config): schema defaults, then each layer in order (a preset or
 * config file, then command-line flags), merged section by section; `method` is replaced
 * whole when its type changes. Validates once at the end, reporting every problem.
 */
export function resolveTrainConfig(...layers: readonly (Record<string, unknown> | TrainConfigOverrides | undefined)[]): TrainConfig {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      const previous = merged[key];
      const sameMethod = key !== 'method' || (previous as { type?: string } | undefined)?.type === (value as { type?: string }).type || (value as { type?: string }).type === undefined;
      merged[key] = isPlainObject(previous) && isPlainObject(value) && sameMethod ? { ...previous, ...withoutUndefined(value) } : value;
    }
  }
  return Object.freeze(parseWithSchema(trainConfigSchema, merged, 'The training config'));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withoutUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined));
}
