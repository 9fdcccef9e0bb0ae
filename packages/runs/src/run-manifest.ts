import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { writeJsonAtomic, type ArtifactManifest } from '@causal-tune/core';
import type { RunConfig } from './run-config.js';
import type { RunPaths } from './run-paths.js';

/** Writes manifest.json last: a run directory with a manifest is complete. */
export async function writeRunManifest(paths: RunPaths, config: RunConfig, architecture: string): Promise<void> {
  const files: { path: string; sizeBytes: number }[] = [];
  const walk = async (directory: string): Promise<void> => {
    for (const entry of await readdir(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.name !== 'manifest.json') files.push({ path: relative(paths.root, path), sizeBytes: (await stat(path)).size });
    }
  };
  await walk(paths.root);
  const manifest: ArtifactManifest = {
    kind: 'run',
    formatVersion: 1,
    createdAt: new Date().toISOString(),
    producer: { name: 'causal-tune', version: '0.1.0', command: 'train' },
    baseModel: { path: config.model.path, architecture },
    files: files.sort((a, b) => a.path.localeCompare(b.path)),
  };
  await writeJsonAtomic(paths.manifest, manifest);
}
