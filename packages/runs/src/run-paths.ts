import { join } from 'node:path';

/** The entries of a run directory (docs/architecture/run-directory.md), by role. */
export const RUN_FILES = {
  config: 'config.json',
  manifest: 'manifest.json',
  metrics: 'metrics.jsonl',
  evaluation: 'eval.json',
  adapter: 'adapter',
  model: 'model',
  best: 'best',
  checkpoint: 'checkpoint',
} as const;

/** Entries that make a directory a run: a fresh run into it would mix with them. */
export const RUN_ENTRIES = [...Object.values(RUN_FILES), 'checkpoint.old'] as const;

/** The files of a run directory, absolute (or relative to where `root` is). */
export type RunPaths = { readonly root: string } & { readonly [Role in keyof typeof RUN_FILES]: string };

/** Paths of the run directory `root`. */
export function runPaths(root: string): RunPaths {
  return { root, ...(Object.fromEntries(Object.entries(RUN_FILES).map(([role, name]) => [role, join(root, name)])) as { [Role in keyof typeof RUN_FILES]: string }) };
}
