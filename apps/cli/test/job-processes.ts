// Real processes for the job end-to-end test: the API's built server (apps/api/dist/server.js)
// and `ctune worker` (apps/cli/dist/bin.js), each with its log lines parsed as they come.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cliRoot = fileURLToPath(new URL('../', import.meta.url));
const repositoryRoot = join(cliRoot, '..', '..');
/** The built `ctune` binary. */
export const CTUNE_BIN = join(cliRoot, 'dist', 'bin.js');
/** The built API server. */
export const API_SERVER = join(repositoryRoot, 'apps', 'api', 'dist', 'server.js');

function newestSource(directory: string): number {
  let newest = 0;
  for (const entry of execFileSync('find', [directory, '-type', 'f', '-name', '*.ts*', '-not', '-name', '*.test.*', '-not', '-path', '*__fixtures__*'], { encoding: 'utf8' }).split('\n')) {
    if (entry !== '') newest = Math.max(newest, statSync(entry).mtimeMs);
  }
  return newest;
}

/** Builds the CLI when its dist/ is older than its sources (turbo's `test` builds only the dependencies); the API and packages must be built. */
export function ensureBuilt(): void {
  for (const dependency of ['packages/core', 'packages/inference', 'packages/jobs', 'apps/api']) {
    if (!existsSync(join(repositoryRoot, dependency, 'dist', 'index.js'))) throw new Error(`${dependency}/dist is missing: run 'pnpm build' (or 'pnpm test', which builds the dependencies first).`);
  }
  if (!existsSync(CTUNE_BIN) || statSync(CTUNE_BIN).mtimeMs < newestSource(join(cliRoot, 'src'))) {
    execFileSync(join(cliRoot, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { cwd: cliRoot, stdio: 'inherit' });
  }
}

/** A log line: pino's (`msg`) or ctune worker --json's (`event`), as one shape. */
export interface LogLine {
  readonly event: string;
  readonly atMs: number;
  readonly [field: string]: unknown;
}

/** A spawned process and its parsed log. */
export interface Spawned {
  readonly name: string;
  readonly child: ChildProcess;
  readonly lines: LogLine[];
  output(): string;
  readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;
  /** Resolves with the first line (from now on, or already seen) that `match` accepts. */
  waitFor(match: (line: LogLine) => boolean, timeoutMs?: number, what?: string): Promise<LogLine>;
  /** SIGTERM, then the exit. */
  stop(): Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();

/** SIGKILLs every process still running (afterAll: a failed test leaves none behind). */
export function killAll(): void {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  running.clear();
}

/** Spawns `node script args` with `env` on top of PATH and HOME only. */
export function spawnNode(name: string, script: string, args: readonly string[], env: Record<string, string>): Spawned {
  const child = spawn(process.execPath, [script, ...args], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const lines: LogLine[] = [];
  let output = '';
  let pending = '';
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    pending += text;
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    for (const part of parts) {
      try {
        const parsed = JSON.parse(part) as Record<string, unknown>;
        const event = (parsed.event ?? parsed.msg) as string | undefined;
        if (typeof event === 'string') lines.push({ ...parsed, event, atMs: typeof parsed.at === 'string' ? Date.parse(parsed.at) : typeof parsed.time === 'number' ? parsed.time : Date.now() });
      } catch {
        // a text line
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  const waitFor = (match: (line: LogLine) => boolean, timeoutMs = 60_000, what = 'a log line') =>
    new Promise<LogLine>((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        const found = lines.find(match);
        if (found) {
          clearInterval(poll);
          resolve(found);
        } else if (child.exitCode !== null || child.signalCode !== null || Date.now() - started > timeoutMs) {
          clearInterval(poll);
          reject(new Error(`${name}: no ${what} (exit ${child.exitCode ?? child.signalCode}); output:\n${output.slice(-4000)}`));
        }
      }, 10);
    });
  return {
    name,
    child,
    lines,
    output: () => output,
    exited,
    waitFor,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
