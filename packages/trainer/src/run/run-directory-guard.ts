import { constants } from 'node:fs';
import { access, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ToolkitError, isToolkitError, writeJsonAtomic, type Logger } from '@causal-tune/core';
import { loadCheckpoint, type TrainingCheckpoint } from '../checkpoint/training-checkpoint.js';
import type { TrainConfig } from '../config/train-config.js';
import { RUN_ENTRIES, type RunPaths } from '@causal-tune/runs';
import { legacyResumeConfigHash, resumeConfigHash } from './resume-config-hash.js';


/** What a run directory is for this run (see {@link checkRunDirectory}). */
export interface CheckedRunDirectory {
  /** The hash this run's checkpoints keep ({@link resumeConfigHash}). */
  readonly configHash: string;
  /** The checkpoint to continue from (resume only). */
  readonly checkpoint: TrainingCheckpoint | undefined;
  /**
   * Makes the directory ready: with overwrite, removes the previous run's entries; removes what
   * a failed write left (disk full, kill) and says so; creates the directory and writes
   * config.json. Call it right before training, so that a run failing to load its model or data
   * leaves nothing behind.
   */
  initialize(logger: Logger): Promise<void>;
}

const exists = (path: string) => stat(path).then(() => true, () => false);

function writeFailed(paths: RunPaths, cause: unknown): ToolkitError {
  if (isToolkitError(cause) && cause.code === 'ARTIFACT_WRITE_FAILED') return cause;
  const reason = (cause as NodeJS.ErrnoException)?.code ?? (cause as Error)?.message ?? String(cause);
  return new ToolkitError('ARTIFACT_WRITE_FAILED', `Cannot create the run directory '${paths.root}' (${reason}): its parent is missing, read-only or not a directory. Choose a writable --out.`, { details: { path: paths.root, reason }, cause });
}

/** Fails early when the run directory cannot be created: its nearest existing ancestor is no writable directory. */
async function assertCreatable(paths: RunPaths): Promise<void> {
  let ancestor = paths.root;
  for (;;) {
    let info: Awaited<ReturnType<typeof stat>> | undefined;
    try {
      info = await stat(ancestor);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw writeFailed(paths, error);
    }
    if (info !== undefined) {
      if (!info.isDirectory()) throw writeFailed(paths, Object.assign(new Error(`'${ancestor}' is not a directory`), { code: 'ENOTDIR' }));
      await access(ancestor, constants.W_OK).catch((error: unknown) => {
        throw writeFailed(paths, error);
      });
      return;
    }
    const parent = dirname(ancestor);
    if (parent === ancestor) return;
    ancestor = parent;
  }
}

/**
 * Checks, before any work and without writing anything, that this run may use its directory:
 * - it can be created (ARTIFACT_WRITE_FAILED naming it otherwise);
 * - with `resume`, the directory's checkpoint exists and was made with the same config (apart
 *   from `outputDir`, `maxSteps` and `epochs`), else ARTIFACT_NOT_FOUND / ARTIFACT_INCOMPATIBLE
 *   and config.json stays as it was;
 * - without it, the directory holds no run ({@link RUN_ENTRIES}), else ARTIFACT_EXISTS, unless
 *   `overwrite` replaces that run.
 */
export async function checkRunDirectory(paths: RunPaths, config: TrainConfig, options: { readonly resume: boolean; readonly overwrite: boolean }): Promise<CheckedRunDirectory> {
  if (options.resume && options.overwrite) {
    throw new ToolkitError('CONFIG_INVALID', 'resume and overwrite cannot be used together: resume continues the run in the directory, overwrite replaces it. Pass one of them.', { details: { resume: true, overwrite: true } });
  }
  await assertCreatable(paths);
  const configHash = resumeConfigHash(config);
  const present: string[] = [];
  for (const entry of RUN_ENTRIES) if (await exists(join(paths.root, entry))) present.push(entry);
  let checkpoint: TrainingCheckpoint | undefined;
  if (options.resume) {
    checkpoint = await loadCheckpoint(paths.checkpoint);
    if (!checkpoint) {
      throw new ToolkitError('ARTIFACT_NOT_FOUND', `Cannot resume: '${paths.checkpoint}' holds no checkpoint. Start the run again with --overwrite, or choose another --out.`, { details: { runDir: paths.root } });
    }
    if (checkpoint.state.configHash !== configHash && checkpoint.state.configHash !== legacyResumeConfigHash(config)) {
      throw new ToolkitError('ARTIFACT_INCOMPATIBLE', `Cannot resume '${paths.root}': its checkpoint was made with another config (only maxSteps, epochs, the weight cache and the directory's place may change). Resume with the run's own settings (config.json), or start a new run with another --out. Nothing in the directory was changed.`, {
        details: { runDir: paths.root },
      });
    }
  } else if (present.length > 0 && !options.overwrite) {
    throw new ToolkitError('ARTIFACT_EXISTS', `'${paths.root}' already holds a run (${present.join(', ')}). Continue it with --resume, replace it with --overwrite, or choose another --out.`, { details: { runDir: paths.root, entries: present } });
  }
  return {
    configHash,
    checkpoint,
    async initialize(logger) {
      try {
        if (options.overwrite && present.length > 0) {
          for (const entry of [...RUN_ENTRIES, 'checkpoint.tmp']) await rm(join(paths.root, entry), { recursive: true, force: true });
          logger.info('run-directory-overwritten', { runDir: paths.root, removed: present });
        }
        const removed = await removeLeftovers(paths);
        if (removed.length > 0) logger.warn('run-directory-cleaned', { runDir: paths.root, removed, reason: 'left by a write that failed (disk full?) or a killed run' });
        await mkdir(paths.root, { recursive: true });
        await writeJsonAtomic(paths.config, config);
      } catch (cause) {
        throw writeFailed(paths, cause);
      }
    },
  };
}

const STAGED_DIRECTORIES = ['checkpoint', 'best', 'adapter', 'model'] as const;

/**
 * Removes what failed writes leave in a run directory and returns the names: staging folders
 * (`checkpoint.tmp/`, `best.tmp/`...), atomic-write temporaries (`*.tmp-<pid>-<hex>`), and an
 * empty `best/`. A `<dir>.old` whose `<dir>` is missing (a kill between the two renames of a
 * replacement) is put back; `checkpoint.old` is left to loadCheckpoint, which reads it.
 */
export async function removeLeftovers(paths: RunPaths): Promise<string[]> {
  const entries = await readdir(paths.root).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of entries) {
    const staging = STAGED_DIRECTORIES.some((directory) => name === `${directory}.tmp`);
    if (staging || /\.tmp-\d+-[0-9a-f]+$/.test(name)) {
      await rm(join(paths.root, name), { recursive: true, force: true });
      removed.push(name);
    }
  }
  for (const directory of ['best', 'adapter', 'model'] as const) {
    const old = join(paths.root, `${directory}.old`);
    if (!(await exists(old))) continue;
    if (await exists(join(paths.root, directory))) await rm(old, { recursive: true, force: true });
    else await rename(old, join(paths.root, directory));
    removed.push(`${directory}.old`);
  }
  const best = await readdir(paths.best).catch(() => undefined);
  if (best !== undefined && best.length === 0) {
    await rm(paths.best, { recursive: true, force: true });
    removed.push('best');
  }
  return removed;
}
