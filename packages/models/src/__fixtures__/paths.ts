import { fileURLToPath } from 'node:url';

/** The real stories260K LLaMA checkpoint shipped in the repository's fixtures (see fixtures/README.md). */
export const STORIES_260K_DIR = fileURLToPath(new URL('../../../../fixtures/models/stories260K', import.meta.url));

/** The real GPT-2 tokenizer (tokenizer.json + tokenizer_config.json only), shipped in fixtures. */
export const GPT2_TOKENIZER_DIR = fileURLToPath(new URL('../../../../fixtures/models/gpt2-tokenizer', import.meta.url));

/** A seeded tiny GPT-2 with perturbed norms and biases (packages/models/scripts/reference/make-parity-fixtures.ts). */
export const TINY_GPT2_DIR = fileURLToPath(new URL('../../../../fixtures/models/tiny-gpt2', import.meta.url));

/** A seeded tiny Gemma with perturbed norms (packages/models/scripts/reference/make-parity-fixtures.ts). */
export const TINY_GEMMA_DIR = fileURLToPath(new URL('../../../../fixtures/models/tiny-gemma', import.meta.url));

/** The base model of each parity case's architecture (parity/cases.json). */
export const PARITY_MODEL_DIRS = { llama: STORIES_260K_DIR, gpt2: TINY_GPT2_DIR, gemma: TINY_GEMMA_DIR } as const;
