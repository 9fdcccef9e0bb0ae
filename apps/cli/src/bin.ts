#!/usr/bin/env node
// The `ctune` executable: builds the real context from the process and runs the CLI.
import { runCli } from './cli.js';
import { formatErrorLines } from './errors/cli-error.js';
import { loadEnv } from './env.js';
import type { CliEnv } from './env.js';

const controller = new AbortController();
// The first Ctrl-C asks long work to stop cleanly (checkpoint first); a second one kills.
process.once('SIGINT', () => controller.abort());

let env: CliEnv | undefined;
try {
  env = loadEnv();
} catch (error) {
  process.stderr.write(`${formatErrorLines(error, { verbose: false }).join('\n')}\n`);
  process.exitCode = 1;
}

if (env !== undefined) {
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env,
    cwd: process.cwd(),
    signal: controller.signal,
  });
}
