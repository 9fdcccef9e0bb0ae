import { fileURLToPath } from 'node:url';

/** The real stories260K LLaMA checkpoint shipped in the repository's fixtures (fixtures/README.md). */
export const STORIES_260K_DIR = fileURLToPath(new URL('../../../../fixtures/models/stories260K', import.meta.url));

/** The real GPT-2 tokenizer (no weights), shipped in fixtures. */
export const GPT2_TOKENIZER_DIR = fileURLToPath(new URL('../../../../fixtures/models/gpt2-tokenizer', import.meta.url));

/** The 300-row sample of the court training data shipped in fixtures. */
export const COURT_SAMPLE_CSV = fileURLToPath(new URL('../../../../fixtures/dacon-court/train-sample.csv', import.meta.url));
