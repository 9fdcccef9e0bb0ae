// The real server.ts in its own process (tsx runs the TypeScript), for what only a process shows:
// its exit code, its log lines, and what SIGTERM does.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('../src/server.ts', import.meta.url));
const API_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A spawned server. */
export interface SpawnedServer {
  readonly child: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  /** The pino log lines so far, parsed (other lines skipped). */
  logLines(): Record<string, unknown>[];
  /** Resolves on exit with the code, the signal and when (performance.now()). */
  readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly atMs: number }>;
  /** Resolves with the URL once `server-listening` is logged; rejects if the process exits first. */
  listening(timeoutMs?: number): Promise<string>;
}

const spawned = new Set<ChildProcess>();

/** Kills every spawned server still running (afterAll: a failed test must not leave one behind). */
export function killSpawnedServers(): void {
  for (const child of spawned) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  spawned.clear();
}

/** Spawns `node --import tsx src/server.ts` with `env` (on top of PATH only). */
export function spawnServer(env: Record<string, string>): SpawnedServer {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER], { cwd: API_ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  spawned.add(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; atMs: number }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, atMs: performance.now() })));
  const logLines = () =>
    output.split('\n').flatMap((line) => {
      try {
        const parsed = JSON.parse(line) as unknown;
        return typeof parsed === 'object' && parsed !== null ? [parsed as Record<string, unknown>] : [];
      } catch {
        return [];
      }
    });
  return {
    child,
    output: () => output,
    logLines,
    exited,
    listening: (timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const started = Date.now();
        const poll = setInterval(() => {
          const line = logLines().find((entry) => entry.msg === 'server-listening');
          if (line) {
            clearInterval(poll);
            resolve(String(line.url));
          } else if (child.exitCode !== null || Date.now() - started > timeoutMs) {
            clearInterval(poll);
            reject(new Error(`the server did not listen (exit ${child.exitCode}); output:\n${output}`));
          }
        }, 25);
      }),
  };
}
