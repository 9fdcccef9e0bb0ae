import { rename, rm } from 'node:fs/promises';
import { ToolkitError, isToolkitError } from '@causal-tune/core';

/**
 * Writes a directory so that readers see the old one or the new one, never a partial or empty
 * one (a disk that fills up half-way): `write` fills `<directory>.tmp`, which then replaces
 * `<directory>` with two renames. If `write` fails, the staging folder is removed and the old
 * directory stays as it was.
 */
export async function writeDirectoryAtomic(directory: string, write: (staging: string) => Promise<void>): Promise<void> {
  const staging = `${directory}.tmp`;
  const previous = `${directory}.old`;
  await rm(staging, { recursive: true, force: true });
  try {
    await write(staging);
    await rm(previous, { recursive: true, force: true });
    await rename(directory, previous).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    await rename(staging, directory);
    await rm(previous, { recursive: true, force: true });
  } catch (cause) {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    if (isToolkitError(cause)) throw cause;
    throw new ToolkitError('ARTIFACT_WRITE_FAILED', `Could not write '${directory}': ${(cause as Error)?.message ?? String(cause)}. Nothing partial was left behind.`, { details: { path: directory }, cause });
  }
}
