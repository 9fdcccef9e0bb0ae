// What a published tarball may and must contain (issue 12): built ESM with declarations and the
// sources its maps point to; README, LICENSE; no test, no fixture it does not need at run time,
// no path of the machine that built it; a manifest with real versions whose dependencies are
// exactly the packages its code imports.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, normalize, relative } from 'node:path';

/** Files that must never ship: tests, test fixtures, build and tool configuration. */
const FORBIDDEN = [
  [/(^|\/)__fixtures__\//, 'a test fixture directory'],
  [/(^|\/)(test|tests|__tests__)\//, 'a test directory'],
  [/\.(test|spec|int\.test|e2e\.test)\.(c|m)?(j|t)sx?(\.map)?$/, 'a test file'],
  [/\.(test|spec)\.d\.(c|m)?ts(\.map)?$/, 'the declarations of a test'],
  [/(^|\/)(tsconfig[^/]*\.json|jest\.config\.[cm]?js|eslint\.config\.[cm]?js|turbo\.json|\.npmrc|\.gitignore)$/, 'build or tool configuration'],
  [/\.tsbuildinfo$/, 'a TypeScript build cache'],
  [/(^|\/)(scripts|\.turbo|node_modules|coverage)\//, 'a development directory'],
];

/** Data a package needs at run time; every other data file is a fixture that must not ship. */
const RUNTIME_DATA = {
  '@causal-tune/cli': [
    'assets/README.md',
    'assets/models/stories260K/config.json',
    'assets/models/stories260K/model.safetensors',
    'assets/models/stories260K/tokenizer.json',
    'assets/models/stories260K/tokenizer_config.json',
    'assets/models/stories260K/README.md',
    'assets/models/stories260K/LICENSE',
    'assets/dacon-court/train-sample.csv',
    'assets/dacon-court/README.md',
  ],
};
const DATA_FILE = /(^|\/)assets\/|\.(csv|tsv|jsonl|safetensors|onnx|bin|pt|gguf|parquet)$/;

const BUILTINS = new Set(builtinModules);

/** The package a bare import specifier names (`@scope/name/sub` → `@scope/name`), or null. */
function packageOf(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:') || specifier.startsWith('#')) return null;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
  return BUILTINS.has(name) ? null : name;
}

/** Bare imports of a JavaScript or declaration file: static, side-effect and dynamic. */
function importsOf(text) {
  const found = new Set();
  const patterns = [/\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g, /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g];
  // Comments name packages without importing them (`@huggingface/transformers with ...`).
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  for (const pattern of patterns) for (const match of code.matchAll(pattern)) {
    const name = packageOf(match[1]);
    if (name !== null) found.add(name);
  }
  return found;
}

function walk(directory, base = directory) {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    return entry.isDirectory() ? walk(path, base) : [relative(base, path)];
  });
}

/**
 * Checks every .tgz in `tarballDir`, extracting each under `extractDir`. `machinePaths` are
 * strings no shipped file may contain (the repository root, the temporary directory, the home
 * directory). Returns `{ packages: [{ name, version, tarball, manifest, packedBytes,
 * unpackedBytes, files }], problems: string[] }`.
 */
export function checkTarballs({ tarballDir, extractDir, rootLicense, machinePaths }) {
  const problems = [];
  const packages = [];
  for (const file of readdirSync(tarballDir).filter((name) => name.endsWith('.tgz')).sort()) {
    const tarball = join(tarballDir, file);
    const target = join(extractDir, file.replace(/\.tgz$/, ''));
    mkdirSync(target, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', target]);
    const root = join(target, 'package');
    const files = walk(root).sort();
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const name = manifest.name ?? file;
    const problem = (message) => problems.push(`${name}: ${message}`);
    const has = new Set(files);

    // Required files.
    for (const required of ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']) if (!has.has(required)) problem(`has no ${required}`);
    if (has.has('LICENSE') && readFileSync(join(root, 'LICENSE'), 'utf8') !== rootLicense) problem('LICENSE differs from the repository LICENSE');

    // Tests, fixtures, configuration.
    for (const path of files) for (const [pattern, what] of FORBIDDEN) if (pattern.test(path)) problem(`ships ${what}: ${path}`);
    const allowed = new Set(RUNTIME_DATA[name] ?? []);
    for (const path of files) if (DATA_FILE.test(path) && !allowed.has(path)) problem(`ships a data file it does not need at run time: ${path}`);
    for (const path of allowed) if (!has.has(path)) problem(`lacks ${path}, which it needs at run time`);

    // Paths of the build machine, and source maps that point outside the package.
    for (const path of files) {
      if (/\.(safetensors|onnx|bin|png|gz)$/.test(path)) continue;
      const text = readFileSync(join(root, path), 'utf8');
      for (const machinePath of machinePaths) if (text.includes(machinePath)) problem(`${path} contains the build machine's path ${machinePath}`);
      if (!path.endsWith('.map')) continue;
      const map = JSON.parse(text);
      if (map.sourceRoot !== undefined && map.sourceRoot !== '') problem(`${path} has sourceRoot ${JSON.stringify(map.sourceRoot)}`);
      for (const source of map.sources ?? []) {
        const resolved = normalize(join(dirname(path), map.sourceRoot ?? '', source));
        if (source.startsWith('/') || source.includes(':') || resolved.startsWith('..')) problem(`${path} points outside the package: ${source}`);
        else if (!has.has(resolved)) problem(`${path} points at ${resolved}, which is not in the tarball`);
      }
    }

    // The manifest.
    if (manifest.private !== undefined) problem('package.json has "private"');
    if (manifest.license !== 'MIT') problem(`license is ${JSON.stringify(manifest.license)}, expected "MIT"`);
    for (const field of ['version', 'repository', 'files', 'exports', 'engines']) if (manifest[field] === undefined) problem(`package.json has no "${field}"`);
    if (manifest.scripts?.prepack !== undefined) problem('package.json keeps the prepack script');
    const declared = { ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies };
    for (const [dependency, range] of Object.entries({ ...declared, ...manifest.devDependencies })) {
      if (/^(workspace|catalog|file|link|portal):/.test(String(range))) problem(`dependency ${dependency} has the unpublishable range ${range}`);
    }
    const targets = [];
    const collect = (value) => (typeof value === 'string' ? targets.push(value) : value && typeof value === 'object' ? Object.values(value).forEach(collect) : undefined);
    collect(manifest.exports);
    collect(manifest.bin);
    for (const target of targets) if (!has.has(normalize(target))) problem(`package.json points at ${target}, which is not in the tarball`);
    for (const bin of Object.values(typeof manifest.bin === 'string' ? { bin: manifest.bin } : (manifest.bin ?? {}))) {
      if (has.has(normalize(bin)) && !readFileSync(join(root, bin), 'utf8').startsWith('#!/usr/bin/env node')) problem(`bin ${bin} has no node shebang`);
    }

    // Dependencies: exactly what the shipped code imports.
    const runtime = new Set();
    const types = new Set();
    for (const path of files.filter((path) => path.startsWith('dist/'))) {
      if (/\.d\.(c|m)?ts$/.test(path)) for (const dependency of importsOf(readFileSync(join(root, path), 'utf8'))) types.add(dependency);
      else if (/\.(c|m)?js$/.test(path)) for (const dependency of importsOf(readFileSync(join(root, path), 'utf8'))) runtime.add(dependency);
    }
    runtime.delete(name);
    types.delete(name);
    const typesPackage = (dependency) => `@types/${dependency.startsWith('@') ? dependency.slice(1).replace('/', '__') : dependency}`;
    for (const dependency of runtime) if (!(dependency in declared)) problem(`imports ${dependency} but does not declare it`);
    for (const dependency of types) if (!(dependency in declared) && !(typesPackage(dependency) in declared)) problem(`its declarations import ${dependency}, which it does not declare (nor ${typesPackage(dependency)})`);
    const used = new Set([...runtime, ...types, ...[...types].map(typesPackage)]);
    for (const dependency of Object.keys(declared)) if (!used.has(dependency)) problem(`declares ${dependency} but never imports it`);

    const unpackedBytes = files.reduce((total, path) => total + statSync(join(root, path)).size, 0);
    packages.push({ name, version: manifest.version, tarball, manifest, packedBytes: statSync(tarball).size, unpackedBytes, files });
  }
  return { packages, problems };
}
