import { readdirSync } from 'node:fs';

/** What a server path is replaced with in an answer. */
export const REDACTED_PATH = '<server path>';

let pattern: RegExp | undefined;

// An absolute path whose first segment is a top-level directory of this machine (/tmp/..., /etc,
// /home/...): routes such as /v1/predict never match, server paths always do.
function serverPathPattern(): RegExp {
  if (!pattern) {
    let names: string[] = [];
    try {
      names = readdirSync('/').filter((name) => /^[\w.-]+$/.test(name));
    } catch {
      names = ['tmp', 'etc', 'home', 'root', 'usr', 'var', 'opt', 'srv', 'mnt', 'work', 'proc', 'dev'];
    }
    const escaped = names.map((name) => name.replace(/[.]/g, '\\.')).join('|');
    pattern = new RegExp(`(?<![\\w.~-])/(?:${escaped})(?![\\w.-])(?:/[^\\s'"\`<>]*)?`, 'g');
  }
  return pattern;
}

/**
 * A value with every server path in its strings replaced by {@link REDACTED_PATH}. The last line
 * of defence of the error middleware: errors are written not to name files, and this makes sure.
 */
export function redactServerPaths<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return value.replace(serverPathPattern(), REDACTED_PATH) as T;
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactServerPaths(item, depth + 1)) as T;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [redactServerPaths(key, depth + 1), redactServerPaths(item, depth + 1)])) as T;
}
