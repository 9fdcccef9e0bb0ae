import { isAbsolute, relative } from 'node:path';

/** `path` relative to `cwd` when it lies inside it, as given otherwise: shorter on screen. */
export function displayPath(path: string, cwd: string): string {
  if (path === '') return path;
  const inside = relative(cwd, path);
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
}
