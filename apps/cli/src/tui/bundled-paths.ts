import { fileURLToPath } from 'node:url';

// src/tui/ and dist/tui/ both sit four levels below the repository root.
const fixtures = new URL('../../../../fixtures/', import.meta.url);

/** The court sample shipped in the repository (300 rows): the TUI's first data file. */
export const BUNDLED_DATA_PATH = fileURLToPath(new URL('dacon-court/train-sample.csv', fixtures));

/** The stories260K LLaMA shipped in the repository: the method form's first model. */
export const BUNDLED_MODEL_PATH = fileURLToPath(new URL('models/stories260K', fixtures));
