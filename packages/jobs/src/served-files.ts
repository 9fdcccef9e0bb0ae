import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';

/** Limits of {@link findEscapingLink}: a served model is a few directories of a few files. */
const MAX_DEPTH = 4;
const MAX_ENTRIES = 5000;

/** A served name is one path segment of ordinary characters: never '..', a slash or absolute. */
export const SERVED_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/** True when `path` (a real path) is `root` or lies inside it. */
export function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(`${root}${sep}`);
}

/**
 * The policy for files under a served directory: symbolic links are followed, and every link
 * must resolve (its real path) inside `realRoot`. Walks `directory` (at most {@link MAX_DEPTH}
 * levels, {@link MAX_ENTRIES} entries) and returns the path, relative to `realRoot`, of the first
 * link that leads out of it or cannot be resolved, or of the walk's limit when it is reached; or
 * undefined when everything stays inside. A model that has such a link is not served at all.
 */
export async function findEscapingLink(directory: string, realRoot: string): Promise<string | undefined> {
  let seen = 0;
  const walk = async (current: string, depth: number): Promise<string | undefined> => {
    const entries = await readdir(current).catch(() => undefined);
    if (!entries) return relative(realRoot, current) || '.';
    for (const name of entries) {
      seen += 1;
      const path = join(current, name);
      if (seen > MAX_ENTRIES) return relative(realRoot, path);
      const info = await lstat(path).catch(() => undefined);
      if (!info) continue; // removed while walking
      let target = path;
      if (info.isSymbolicLink()) {
        const real = await realpath(path).catch(() => undefined);
        if (!real || !isInside(realRoot, real)) return relative(realRoot, path);
        target = real;
      }
      const isDirectory = info.isDirectory() || (info.isSymbolicLink() && (await lstat(target).then((entry) => entry.isDirectory(), () => false)));
      if (isDirectory) {
        if (depth >= MAX_DEPTH) return relative(realRoot, path);
        const found = await walk(target, depth + 1);
        if (found) return found;
      }
    }
    return undefined;
  };
  return walk(directory, 1);
}

/** One served model: a run directory (config.json + adapter/ or model/) or a model directory. */
export interface ServedModel {
  readonly name: string;
  readonly kind: 'run' | 'model';
  /** Its real path; never sent to clients. */
  readonly directory: string;
}

/** What {@link describeServedModel} found: a model, a model refused for a link out of the root, or nothing. */
export type ServedModelLookup = { readonly model: ServedModel } | { readonly refused: string } | undefined;

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((info) => info.isFile(), () => false);
}

/**
 * Looks up the served model `name` under `root`: a direct child directory, by a name that is
 * one plain segment ({@link SERVED_NAME}), holding config.json and either model.safetensors
 * (a model) or adapter/adapter_config.json or model/config.json (a run), with no file that
 * links out of the root ({@link findEscapingLink}). The API and `ctune worker` share this.
 */
export async function describeServedModel(root: string, name: string): Promise<ServedModelLookup> {
  if (!SERVED_NAME.test(name)) return undefined;
  const realRoot = await realpath(resolve(root)).catch(() => undefined);
  const directory = realRoot && (await realpath(join(realRoot, name)).catch(() => undefined));
  if (!realRoot || !directory || directory === realRoot || !isInside(realRoot, directory)) return undefined;
  if (!(await stat(directory).then((info) => info.isDirectory(), () => false))) return undefined;
  if (!(await isFile(join(directory, 'config.json')))) return undefined;
  let kind: ServedModel['kind'];
  if (await isFile(join(directory, 'model.safetensors'))) kind = 'model';
  else if ((await isFile(join(directory, 'adapter', 'adapter_config.json'))) || (await isFile(join(directory, 'model', 'config.json')))) kind = 'run';
  else return undefined;
  const escaping = await findEscapingLink(directory, realRoot);
  if (escaping !== undefined) return { refused: escaping };
  return { model: { name, kind, directory } };
}

/** A data file name: up to four plain segments joined by `/` (`test.csv`, `court/2024/test.csv`). */
export const DATA_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}(?:\/[A-Za-z0-9][A-Za-z0-9._-]{0,199}){0,3}$/;

/**
 * The real path of the data file `name` under `root`, or undefined when the name is not plain
 * ({@link DATA_FILE_NAME}: no `..`, no absolute path), the file does not exist, is not a regular
 * file, or resolves (links followed) outside the root: the same link policy as served models.
 */
export async function resolveServedFile(root: string, name: string): Promise<string | undefined> {
  if (!DATA_FILE_NAME.test(name) || name.split('/').some((segment) => segment === '..' || segment === '.')) return undefined;
  const realRoot = await realpath(resolve(root)).catch(() => undefined);
  const path = realRoot && (await realpath(join(realRoot, name)).catch(() => undefined));
  if (!realRoot || !path || !isInside(realRoot, path) || path === realRoot) return undefined;
  return (await isFile(path)) ? path : undefined;
}
