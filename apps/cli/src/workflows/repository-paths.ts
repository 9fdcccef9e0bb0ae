import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

/** The repository root (the same from src/ under tsx and from dist/ when built). */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** The bundled fixtures a fresh clone runs on. */
export const BUNDLED = {
  model: resolve(REPOSITORY_ROOT, 'fixtures/models/stories260K'),
  courtSample: resolve(REPOSITORY_ROOT, 'fixtures/dacon-court/train-sample.csv'),
  presets: resolve(REPOSITORY_ROOT, 'apps/cli/presets'),
} as const;
