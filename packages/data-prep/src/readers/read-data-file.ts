import { readFile, stat } from 'node:fs/promises';
import { ToolkitError } from '@causal-tune/core';
import { findInvalidUtf8 } from './utf8-validation.js';
import type { InvalidUtf8Byte } from './utf8-validation.js';

/** A data file's bytes, its text and the offsets of any bytes that are not UTF-8. */
export interface DataFileContent {
  readonly path: string;
  readonly bytes: Uint8Array;
  /** Decoded text, BOM removed; invalid bytes appear as U+FFFD. */
  readonly text: string;
  readonly invalidUtf8: readonly InvalidUtf8Byte[];
}

/**
 * Reads a data file. Throws `DATA_FILE_NOT_FOUND` when `path` does not exist or is not a file;
 * invalid UTF-8 is not thrown here but returned, so that callers can name the rows it is in.
 */
export async function readDataFile(path: string): Promise<DataFileContent> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined || !info.isFile()) {
    throw new ToolkitError(
      'DATA_FILE_NOT_FOUND',
      info === undefined
        ? `Data file '${path}' does not exist. Check the path (relative paths start from ${process.cwd()}).`
        : `Data file '${path}' is not a file. Pass the path of a .csv, .json or .jsonl file.`,
      { details: { path } },
    );
  }
  const bytes = new Uint8Array(await readFile(path));
  let text: string;
  let invalidUtf8: InvalidUtf8Byte[] = [];
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    invalidUtf8 = findInvalidUtf8(bytes);
    text = new TextDecoder('utf-8').decode(bytes);
  }
  return { path, bytes, text, invalidUtf8 };
}

/** 1-based line number of a byte offset. */
export function lineOfByte(bytes: Uint8Array, byteOffset: number): number {
  let line = 1;
  for (let index = 0; index < byteOffset && index < bytes.length; index += 1) if (bytes[index] === 0x0a) line += 1;
  return line;
}

/** "invalid UTF-8 byte 0xFF at byte offset 1234" */
export function describeInvalidByte(invalid: InvalidUtf8Byte): string {
  return `invalid UTF-8 byte 0x${invalid.byte.toString(16).toUpperCase().padStart(2, '0')} at byte offset ${invalid.byteOffset}`;
}
