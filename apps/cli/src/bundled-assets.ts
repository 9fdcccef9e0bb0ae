import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The package root: one level above both `src/` (Jest, tsx) and `dist/` (built or installed). */
const PACKAGE_ROOT = new URL('../', import.meta.url);

/**
 * The directory of the bundled model and sample. An installed package has them in its own
 * `assets/` (copied from the repository's fixtures/ by `scripts/bundle-assets.mjs` at build time
 * and shipped in the tarball), so `ctune demo` runs from any directory. In a checkout whose CLI
 * has not been built yet (Jest runs `src/`), it is the repository's fixtures/, which has the
 * same layout.
 */
function bundledAssetsRoot(): URL {
  const packaged = new URL('assets/', PACKAGE_ROOT);
  if (existsSync(new URL('models/stories260K/config.json', packaged))) return packaged;
  return new URL('../../fixtures/', PACKAGE_ROOT);
}

const ASSETS = bundledAssetsRoot();

/** The files `ctune demo`, the presets and the TUI start from, as absolute paths. */
export const BUNDLED = {
  /** Where relative paths in a preset point (`models/stories260K`, `dacon-court/train-sample.csv`). */
  assetsDir: fileURLToPath(ASSETS),
  /** stories260K, a 1 MB pretrained LLaMA (llama2.c, MIT). */
  model: fileURLToPath(new URL('models/stories260K', ASSETS)),
  /** 300 rows of the Dacon court train.csv. */
  courtSample: fileURLToPath(new URL('dacon-court/train-sample.csv', ASSETS)),
  /** The training presets (`--preset NAME` is `presets/NAME.json`). */
  presets: fileURLToPath(new URL('presets/', PACKAGE_ROOT)),
} as const;
