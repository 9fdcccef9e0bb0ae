import { fileURLToPath } from 'node:url';

/** The real stories260K LLaMA checkpoint shipped in the repository's fixtures (see fixtures/README.md). */
export const STORIES_260K_DIR = fileURLToPath(new URL('../../../../fixtures/models/stories260K', import.meta.url));

/** The real GPT-2 tokenizer (tokenizer.json + tokenizer_config.json only), shipped in fixtures. */
export const GPT2_TOKENIZER_DIR = fileURLToPath(new URL('../../../../fixtures/models/gpt2-tokenizer', import.meta.url));
