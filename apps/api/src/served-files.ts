import { lstat, readdir, realpath } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** Limits of {@link findEscapingLink}: a served model is a few directories of a few files. */
const MAX_DEPTH = 4;
const MAX_ENTRIES = 5000;

/** True when `path` (a real path) is `root` or lies inside it. */
export function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(`${root}${sep}`);
}

/**
 * The policy for files under the served directory: symbolic links are followed, and every link
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
