#!/usr/bin/env node
// The consumer test (issue 12): uses causal-tune the way another team would, from outside the
// workspace. It packs every published package (`pnpm release --dry-run`), checks what the
// tarballs hold, serves them from a local registry for the @causal-tune scope, and in fresh
// projects under a temporary directory:
//   1. runs the example at the top of each package README with plain Node ESM, in a project
//      that installed only the README's install line (data-prep reads the court sample and
//      reports its statistics, prompts renders a court prompt, models loads stories260K,
//      trainer runs 2 LoRA steps, inference classifies 4 records, jobs runs an in-process job of
//      120 rows in 3 chunks; core, graph and api too);
//   2. type-checks those examples and a typed consumer (ts/consumer.ts) against the shipped
//      declarations (module/moduleResolution nodenext, strict, skipLibCheck off);
//   3. installs the CLI globally into a prefix in the temporary directory and runs
//      `ctune --help` and `ctune demo` from an empty directory.
// Ends with one line, `consumer test: PASS ...` or `consumer test: FAIL ...`, and exit 0 or 1.
//
// node tooling/consumer-test/run.mjs [--keep]   (--keep leaves the temporary directory)
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkTarballs } from './check-tarballs.mjs';
import { startScopedRegistry } from './registry.mjs';

const root = realpathSync(fileURLToPath(new URL('../../', import.meta.url))).replace(/\/$/, '');
const keep = process.argv.includes('--keep');
const started = performance.now();
const work = realpathSync(mkdtempSync(join(tmpdir(), 'ctune-consumer-')));
const problems = [];
const passed = [];
let checkedCount = 0;

const log = (message) => process.stdout.write(`[consumer] ${message}\n`);
const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/**
 * Runs a command; resolves `{ code, output }` (stdout and stderr together). Async, not spawnSync:
 * the registry answers npm from this same process.
 */
function run(command, args, { cwd, env = {}, timeoutMs = 10 * 60_000 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), output });
    });
  });
}

/** Runs a step; a failure is recorded with the last lines of its output, and the test goes on. */
async function step(name, command, args, options) {
  const since = performance.now();
  const result = await run(command, args, options);
  if (result.code === 0) {
    log(`${name}: ok (${seconds(since)})`);
  } else {
    problems.push(`${name}: exit ${result.code}`);
    log(`${name}: FAILED, exit ${result.code} (${seconds(since)})\n${result.output.trim().split('\n').slice(-40).join('\n')}`);
  }
  return result;
}

// onnxruntime-node's postinstall script downloads CUDA libraries from NuGet (unreachable here,
// and useless on CPU: the CPU and WebGPU providers are in its npm tarball). npm 11 still runs
// unreviewed install scripts, so each project denies it (`allowScripts`), and the environment
// asks the script itself to skip (its documented switch), which also covers the global install,
// where no project package.json applies. No other install script of the tree needs to run:
// protobufjs's only checks versions; sharp has none.
const NPM_ENV = { ONNXRUNTIME_NODE_INSTALL: 'skip', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' };
const ALLOW_SCRIPTS = { 'onnxruntime-node': false, protobufjs: false };

/** The README examples: the `npm install` line and the first ```js block of each README. */
const EXAMPLES = [
  { directory: 'packages/core', expect: [/^CONFIG_INVALID \{ rank: -4 \}$/m] },
  { directory: 'packages/data-prep', expect: [/^300 \{ '0': 100, '1': 200 \}$/m, /^240 60$/m], light: true },
  { directory: 'packages/prompts', expect: [/### Instruction:\nDoes .+ win\?\n/, /### Response:\n(yes|no)\n/], light: true },
  { directory: 'packages/models', expect: [/^llama 5 64 260032$/m, /^\[ 1, 403, 407, 261, 378 \]$/m] },
  { directory: 'packages/graph', expect: [/\[ 21 \].*\[ 5, 7, 9 \]/] },
  { directory: 'packages/runs', expect: [/^lora 8 true alpaca$/m, /^lora prompt-tuning p-tuning prefix-tuning full ia3$/m, /^runs\/court-dora\/metrics\.jsonl$/m] },
  { directory: 'packages/trainer', expect: [/^step 2\/2 \| loss \d+\.\d{4}$/m, /^2 runs\/court-lora /m], files: ['runs/court-lora/adapter/adapter_model.safetensors', 'runs/court-lora/adapter/adapter_config.json'] },
  { directory: 'packages/inference', expect: [/^(TRAIN_\d{4} (yes|no) \{.*\} [01]\n){4}/m] },
  { directory: 'packages/jobs', expect: [/^completed 120 120 3$/m, /^ID,first_party_winner\nTRAIN_\d{4},[01]$/m] },
  { directory: 'apps/api', expect: [/"name":"stories260K","kind":"model"/, /^200 \{"model":"stories260K","items":\[\{/m] },
];

function readmeParts(directory) {
  const readme = readFileSync(join(root, directory, 'README.md'), 'utf8');
  const install = /```sh\n(npm install [^\n]+)\n```/.exec(readme)?.[1];
  const example = /```js\n([\s\S]*?)\n```/.exec(readme)?.[1];
  if (install === undefined || example === undefined) throw new Error(`${directory}/README.md has no \`npm install\` line or no \`\`\`js example`);
  return { packages: install.replace(/^npm install /, '').split(/\s+/), example };
}

/** A fresh npm project with the court sample and stories260K, as a team would have them. */
function createProject(name, extra = {}) {
  const directory = join(work, name);
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, 'package.json'), `${JSON.stringify({ name: `consumer-${name}`, version: '1.0.0', private: true, type: 'module', allowScripts: ALLOW_SCRIPTS, ...extra }, null, 2)}\n`);
  cpSync(join(root, 'fixtures/dacon-court/train-sample.csv'), join(directory, 'train-sample.csv'));
  for (const target of ['stories260K', 'models/stories260K']) {
    mkdirSync(join(directory, target), { recursive: true });
    for (const file of ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json']) cpSync(join(root, 'fixtures/models/stories260K', file), join(directory, target, file));
  }
  return directory;
}

let registry;
try {
  log(`repository ${root}, temporary directory ${work}`);

  // 0. Pack every published package, then check the tarballs.
  const tarballDir = join(work, 'tarballs');
  const pack = await step('pack (pnpm release --dry-run)', process.execPath, [join(root, 'tooling/release/release.mjs'), '--dry-run', '--out', tarballDir], { cwd: root });
  if (pack.code !== 0) throw new Error('packing failed');
  const checked = checkTarballs({
    tarballDir,
    extractDir: join(work, 'extracted'),
    rootLicense: readFileSync(join(root, 'LICENSE'), 'utf8'),
    machinePaths: [...new Set([root, work, `${homedir()}/`, '/work/'])].filter((path) => path.length > 1),
  });
  checkedCount = checked.packages.length;
  log('tarballs:');
  log('  package                   version   packed KiB  unpacked KiB  files');
  for (const { name, version, packedBytes, unpackedBytes, files } of checked.packages) {
    log(`  ${name.padEnd(26)}${version.padEnd(10)}${(packedBytes / 1024).toFixed(1).padStart(10)}${(unpackedBytes / 1024).toFixed(1).padStart(14)}${String(files.length).padStart(7)}`);
  }
  if (checked.problems.length === 0) log(`tarball contents: ok (no tests, no fixtures beyond the CLI's assets, no build-machine paths; maps resolve inside each package; dependencies are exactly the imports)`);
  else for (const problem of checked.problems) problems.push(`tarball contents: ${problem}`);
  for (const problem of checked.problems) log(`tarball contents: ${problem}`);

  registry = await startScopedRegistry(checked.packages.map(({ manifest, tarball }) => ({ manifest, tarball })));
  const scope = `--@causal-tune:registry=${registry.url}`;
  const npmInstall = (cwd, args) => run('npm', ['install', scope, ...args], { cwd, env: NPM_ENV });

  // 1. The README examples, each in its own project with only its README's install line.
  for (const { directory, expect, light, files = [] } of EXAMPLES) {
    const name = directory.split('/').pop();
    const since = performance.now();
    const { packages, example } = readmeParts(directory);
    const project = createProject(`esm-${name}`);
    writeFileSync(join(project, 'example.mjs'), `${example}\n`);
    const installed = await npmInstall(project, packages);
    if (installed.code !== 0) {
      problems.push(`${name}: npm install ${packages.join(' ')} failed`);
      log(`${name}: npm install ${packages.join(' ')} FAILED\n${installed.output.trim().split('\n').slice(-30).join('\n')}`);
      continue;
    }
    const result = await run(process.execPath, ['example.mjs'], { cwd: project });
    const missing = expect.filter((pattern) => !pattern.test(result.output));
    const absent = files.filter((file) => !existsSync(join(project, file)));
    // data-prep and prompts must not bring onnxruntime (the NER model's runtime is an optional peer).
    const heavy = light === true && existsSync(join(project, 'node_modules/onnxruntime-node'));
    if (result.code !== 0 || missing.length > 0 || absent.length > 0 || heavy) {
      problems.push(`${name}: README example ${result.code === 0 ? '' : `exit ${result.code}`}${missing.map((pattern) => ` no output matching ${pattern}`).join('')}${absent.map((file) => ` no ${file}`).join('')}${heavy ? ' installed onnxruntime-node' : ''}`);
      log(`${name}: README example FAILED (${seconds(since)})\n${result.output.trim().split('\n').slice(-30).join('\n')}`);
    } else {
      passed.push(name);
      log(`${name}: npm install ${packages.join(' ')} + README example ok (${seconds(since)})`);
      for (const line of result.output.trim().split('\n').slice(0, 6)) log(`    ${line.length > 150 ? `${line.slice(0, 150)}…` : line}`);
    }
  }

  // 2. TypeScript: the examples and a typed consumer against the shipped declarations.
  {
    const since = performance.now();
    const project = createProject('typescript');
    const typescriptVersion = JSON.parse(readFileSync(join(root, 'node_modules/typescript/package.json'), 'utf8')).version;
    mkdirSync(join(project, 'src'));
    for (const { directory } of EXAMPLES) writeFileSync(join(project, 'src', `readme-${directory.split('/').pop()}.ts`), `${readmeParts(directory).example}\n`);
    cpSync(join(root, 'tooling/consumer-test/ts/consumer.ts'), join(project, 'src/consumer.ts'));
    // lib DOM: onnxruntime-common's declarations name browser types (ImageData, WebGLTexture);
    // with skipLibCheck off a Node project needs them too (graph's README says so).
    writeFileSync(
      join(project, 'tsconfig.json'),
      `${JSON.stringify({ compilerOptions: { target: 'ES2022', lib: ['ES2023', 'DOM'], module: 'nodenext', moduleResolution: 'nodenext', strict: true, skipLibCheck: false, noEmit: true, types: ['node'] }, include: ['src'] }, null, 2)}\n`,
    );
    const libraries = checked.packages.map(({ name }) => name).filter((name) => name !== '@causal-tune/cli');
    const installed = await npmInstall(project, [...libraries, `typescript@${typescriptVersion}`, '@types/node@20']);
    if (installed.code !== 0) {
      problems.push('typescript: npm install failed');
      log(`typescript: npm install FAILED\n${installed.output.trim().split('\n').slice(-30).join('\n')}`);
    } else {
      const result = await step(`typescript: tsc (nodenext, strict, skipLibCheck off; ${libraries.length} packages, ${EXAMPLES.length} README examples + consumer.ts)`, process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', '.'], { cwd: project });
      if (result.code === 0) passed.push('typescript');
      log(`typescript done (${seconds(since)})`);
    }
  }

  // 3. The CLI installed globally (into a prefix here, not the machine's), run from an empty directory.
  {
    const since = performance.now();
    const prefix = join(work, 'global');
    const empty = join(work, 'empty');
    mkdirSync(empty, { recursive: true });
    const installed = await step('cli: npm install --global @causal-tune/cli', 'npm', ['install', '--global', '--prefix', prefix, scope, '@causal-tune/cli'], { cwd: empty, env: NPM_ENV });
    if (installed.code === 0) {
      const ctune = join(prefix, 'bin', 'ctune');
      const env = { PATH: `${join(prefix, 'bin')}:${process.env.PATH ?? ''}`, CI: 'true' };
      const help = await step('cli: ctune --help', ctune, ['--help'], { cwd: empty, env });
      const version = await run(ctune, ['--version'], { cwd: empty, env });
      const demo = await step('cli: ctune demo (from an empty directory)', ctune, ['demo'], { cwd: empty, env });
      const runs = existsSync(join(empty, 'runs')) ? readdirSync(join(empty, 'runs')) : [];
      const submission = runs.length === 1 ? join(empty, 'runs', runs[0], 'demo', 'submission.csv') : '';
      const helpOk = help.code === 0 && /\bdemo\b/.test(help.output) && /\btrain\b/.test(help.output);
      const versionOk = version.output.trim() === checked.packages.find(({ name }) => name === '@causal-tune/cli')?.version;
      const demoOk = demo.code === 0 && submission !== '' && existsSync(submission) && readFileSync(submission, 'utf8').split('\n').length === 122;
      if (!helpOk) problems.push('cli: ctune --help does not list the commands');
      if (!versionOk) problems.push(`cli: ctune --version printed ${JSON.stringify(version.output.trim())}`);
      if (demo.code === 0 && !demoOk) problems.push(`cli: ctune demo left no runs/<run>/demo/submission.csv of 121 rows in the empty directory (runs: ${runs.join(', ') || 'none'})`);
      if (helpOk && versionOk && demoOk) passed.push('cli');
      for (const line of demo.output.trim().split('\n').slice(-8)) log(`    ${line}`);
      log(`cli done (${seconds(since)})`);
    }
  }
} catch (error) {
  problems.push(`aborted: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await registry?.close();
  if (keep || problems.length > 0) log(`kept ${work}`);
  else {
    const since = performance.now();
    rmSync(work, { recursive: true, force: true }); // ten projects' node_modules: seconds of its own
    log(`removed ${work} (${seconds(since)})`);
  }
}

for (const problem of problems) log(`problem: ${problem}`);
process.stdout.write(
  problems.length === 0
    ? `consumer test: PASS (${checkedCount} tarballs checked; ${passed.join(', ')}) in ${seconds(started)}\n`
    : `consumer test: FAIL (${problems.length} problem${problems.length === 1 ? '' : 's'}, listed above) in ${seconds(started)}\n`,
);
process.exit(problems.length === 0 ? 0 : 1);
