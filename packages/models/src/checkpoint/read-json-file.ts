import { readFile } from 'node:fs/promises';
import { ToolkitError } from '@causal-tune/core';
import type { ErrorCode } from '@causal-tune/core';

/**
 * Reads and parses a JSON file. A missing file throws `notFoundCode` (default
 * `MODEL_FILE_NOT_FOUND`) with `hint` as the fix; malformed JSON throws `CONFIG_INVALID`.
 */
export async function readJsonFile(path: string, hint: string, notFoundCode: ErrorCode = 'MODEL_FILE_NOT_FOUND'): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    throw new ToolkitError(notFoundCode, missing ? `'${path}' does not exist. ${hint}` : `Could not read '${path}': ${(cause as Error).message}`, {
      details: { path },
      cause,
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new ToolkitError('CONFIG_INVALID', `'${path}' is not valid JSON: ${(cause as Error).message}. Fix or regenerate the file.`, {
      details: { path },
      cause,
    });
  }
}

/**
 * JSON laid out as Python's `json.dumps(value, indent=2, sort_keys=True)` (how PEFT and
 * transformers write their JSON files), plus a final newline. Keys are sorted by code unit and
 * written by hand, since a plain object would move integer-like keys first.
 */
export function stableJson(value: unknown): string {
  return `${stringify(value, '')}\n`;
}

function stringify(value: unknown, indent: string): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => inner + stringify(item, inner)).join(',\n')}\n${indent}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort();
    if (keys.length === 0) return '{}';
    const members = keys.map((key) => `${inner}${JSON.stringify(key)}: ${stringify((value as Record<string, unknown>)[key], inner)}`);
    return `{\n${members.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
