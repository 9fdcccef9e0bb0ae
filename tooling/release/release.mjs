#!/usr/bin/env node
// `pnpm release [--dry-run] [--out DIR]`: builds every published package from clean, packs each
// with pnpm (which turns `workspace:*` and `catalog:` into real versions and applies
// `publishConfig`), and prints the tarballs. Without --dry-run it then publishes the versions
// the registry does not have yet, with `changeset publish`.
// Published packages are the workspace packages under packages/ and apps/ without "private".
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const args = process.argv.slice(2).filter((arg) => arg !== '--');
const dryRun = args.includes('--dry-run');
const outIndex = args.indexOf('--out');
const outDir = resolve(outIndex === -1 ? join(root, 'release') : (args[outIndex + 1] ?? ''));
const unknown = args.filter((arg, index) => arg !== '--dry-run' && arg !== '--out' && args[index - 1] !== '--out');
if (unknown.length > 0 || (outIndex !== -1 && args[outIndex + 1] === undefined)) {
  process.stderr.write(`usage: pnpm release [--dry-run] [--out DIR]   (got: ${process.argv.slice(2).join(' ')})\n`);
  process.exit(2);
}

/** Runs a command in the repository (or `cwd`), echoing it; exits on failure. */
function run(command, commandArgs, cwd = root) {
  process.stderr.write(`$ ${cwd === root ? '' : `(${cwd.slice(root.length)}) `}${command} ${commandArgs.join(' ')}\n`);
  const result = spawnSync(command, commandArgs, { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`release: '${command} ${commandArgs.join(' ')}' failed (exit ${result.status ?? result.signal}).\n`);
    process.exit(1);
  }
}

const published = ['packages', 'apps']
  .flatMap((group) => readdirSync(join(root, group)).map((name) => join(root, group, name)))
  .filter((directory) => statSync(join(directory, 'package.json'), { throwIfNoEntry: false })?.isFile())
  .map((directory) => ({ directory, manifest: JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => manifest.private !== true);

// A clean build: what was left in dist/ by an older build (a deleted source, a test compiled by
// an old config) must not reach a tarball. --force: turbo's cache could hold such leftovers too.
for (const { directory } of published) {
  rmSync(join(directory, 'dist'), { recursive: true, force: true });
  rmSync(join(directory, 'assets'), { recursive: true, force: true });
}
run('pnpm', ['exec', 'turbo', 'run', 'build', '--force', '--output-logs=errors-only', ...published.map(({ manifest }) => `--filter=${manifest.name}`)]);

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
for (const { directory } of published) run('pnpm', ['pack', '--silent', '--pack-destination', outDir], directory);

const tarballs = readdirSync(outDir).filter((file) => file.endsWith('.tgz')).sort();
for (const file of tarballs) process.stdout.write(`${(statSync(join(outDir, file)).size / 1024).toFixed(1).padStart(8)} KiB  ${file}\n`);
process.stdout.write(`${tarballs.length} tarballs in ${outDir}\n`);
if (tarballs.length !== published.length) {
  process.stderr.write(`release: expected ${published.length} tarballs, found ${tarballs.length}.\n`);
  process.exit(1);
}

if (!dryRun) run('pnpm', ['exec', 'changeset', 'publish']);
