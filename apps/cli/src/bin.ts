#!/usr/bin/env node
// The `ctune` executable: builds the real context from the process and runs the CLI.
import { runCli } from './cli.js';
import { formatErrorLines } from './errors/cli-error.js';
import { loadEnv } from './env.js';
import type { CliEnv } from './env.js';
import { shouldOpenTui } from './tui/should-open-tui.js';

const controller = new AbortController();
// The first Ctrl-C (or SIGTERM) asks long work to stop cleanly: training writes a checkpoint,
// `ctune serve` drains its requests. A second one kills.
process.once('SIGINT', () => controller.abort());
process.once('SIGTERM', () => controller.abort());

let env: CliEnv | undefined;
try {
  env = loadEnv();
} catch (error) {
  process.stderr.write(`${formatErrorLines(error, { verbose: false }).join('\n')}\n`);
  process.exitCode = 1;
}

const argv = process.argv.slice(2);
if (env !== undefined && shouldOpenTui({ argv, stdin: process.stdin, stdout: process.stdout, env })) {
  // A bare `ctune` on a terminal: the Ink TUI (issue 8), loaded only here.
  const { renderTui } = await import('./tui/render-tui.js');
  process.exitCode = await renderTui({ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env, cwd: process.cwd() });
} else if (env !== undefined) {
  process.exitCode = await runCli(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    env,
    cwd: process.cwd(),
    signal: controller.signal,
  });
}
