// Copies what `ctune demo` and the TUI need from the repository's fixtures/ into assets/, which
// the package ships (package.json `files`), so an installed `ctune` finds them beside itself
// (src/bundled-assets.ts). Run by `build`; assets/ is not committed (it is a copy).
// Only run-time files: stories260K's tokenizer_fixtures.json is test data and stays behind.
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const fixtures = new URL('../../../fixtures/', import.meta.url);
const assets = new URL('../assets/', import.meta.url);

/** [directory under fixtures/ and assets/, files to copy]; provenance notes travel with the data. */
const BUNDLE = [
  ['models/stories260K/', ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json', 'README.md', 'LICENSE']],
  ['dacon-court/', ['train-sample.csv', 'README.md']],
];

const README = `# Bundled data of @causal-tune/cli

Copied from the causal-tune repository's fixtures/ at build time, for \`ctune demo\` and the
terminal UI; each directory's README.md says where it comes from and under which terms.
- models/stories260K/: a 1 MB pretrained LLaMA-architecture model (MIT, see its LICENSE).
- dacon-court/train-sample.csv: 300 rows of the Dacon court judgment data.
`;

await rm(assets, { recursive: true, force: true });
for (const [directory, files] of BUNDLE) {
  await mkdir(new URL(directory, assets), { recursive: true });
  for (const file of files) await copyFile(new URL(directory + file, fixtures), new URL(directory + file, assets));
}
await writeFile(new URL('README.md', assets), README);
process.stdout.write(`bundled ${BUNDLE.reduce((count, [, files]) => count + files.length, 1)} files into ${fileURLToPath(assets)}\n`);
