import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { createTuiServices } from '../services/tui-services.js';
import type { TuiServices } from '../services/tui-services.js';

const repositoryFixtures = fileURLToPath(new URL('../../../../../fixtures/', import.meta.url));

/** The shipped court sample: 300 rows, 200 labelled 1 and 100 labelled 0. */
export const COURT_SAMPLE = join(repositoryFixtures, 'dacon-court', 'train-sample.csv');

/** The shipped stories260K LLaMA model. */
export const STORIES_MODEL = join(repositoryFixtures, 'models', 'stories260K');

/** The apps/cli test fixtures. */
export const CLI_FIXTURES = fileURLToPath(new URL('../../__fixtures__/', import.meta.url));

/** The real services with some replaced, for screen tests. */
export function servicesWith(overrides: Partial<TuiServices> = {}): TuiServices {
  return { ...createTuiServices(), ...overrides };
}
