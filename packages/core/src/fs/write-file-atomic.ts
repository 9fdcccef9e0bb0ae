import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ToolkitError } from '../errors/toolkit-error.js';

/**
 * Writes a file so that readers see the old content or the new one, never a torn one: the bytes
 * go to a temporary sibling, then a rename replaces the target (ARCHITECTURE.md: a killed run
 * loses nothing). Parent directories are created.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (cause) {
    await rm(temporary, { force: true });
    throw new ToolkitError('ARTIFACT_WRITE_FAILED', `Could not write '${path}': ${(cause as Error).message}`, {
      details: { path },
      cause,
    });
  }
}

/** {@link writeFileAtomic} for a JSON value, pretty-printed with a final newline. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}
