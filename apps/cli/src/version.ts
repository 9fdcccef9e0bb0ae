import { readFileSync } from 'node:fs';
import { z } from 'zod';

const packageJsonSchema = z.object({ version: z.string() });

/**
 * The version of `ctune`, read from apps/cli/package.json (one level above both `src/` and
 * `dist/`, so tests and the built binary read the same file).
 */
export function readCliVersion(): string {
  const text = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
  return packageJsonSchema.parse(JSON.parse(text)).version;
}
