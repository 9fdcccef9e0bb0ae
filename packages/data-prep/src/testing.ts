/**
 * Fixtures for tests of data-prep and of the packages that read its output
 * (`@causal-tune/data-prep/testing`). Paths are absolute, found from this file, so they work from
 * `src/` in tests and from `dist/` alike.
 */
import { fileURLToPath } from 'node:url';

/** 300 rows of the Dacon court train.csv (see fixtures/dacon-court/README.md for provenance). */
export const COURT_SAMPLE_PATH = fileURLToPath(new URL('../../../fixtures/dacon-court/train-sample.csv', import.meta.url));
