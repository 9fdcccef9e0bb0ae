import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** True when a `redis-server` binary can be run (Debian's `redis-server` package), looked up on `env`'s PATH. */
export function hasRedisServer(env: Readonly<Record<string, string | undefined>>): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore', env }).status === 0;
}

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** True when a Redis server on 127.0.0.1:`port` answers PING. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      reply += data.toString();
      if (reply.includes('\r\n')) finish(reply.startsWith('+PONG'));
    });
  });
}

/** A redis-server of a test, on 127.0.0.1 only. */
export interface TestRedisServer {
  readonly url: string;
  readonly port: number;
  /** Stops it with SIGKILL (Redis down in the middle of a job). */
  kill(): Promise<void>;
  /** Starts it again on the same port and directory (with `persistent`, its data come back). */
  restart(): Promise<void>;
  /** Stops it and removes its directory. */
  stop(): Promise<void>;
}

/** Options of {@link startRedisServer}. */
export interface StartRedisOptions {
  /** Append-only file with fsync on every write, so that a killed server restarts with every write; default false (no persistence). */
  readonly persistent?: boolean;
}

/**
 * Starts a real redis-server for a test: a free port on 127.0.0.1, its own temporary directory,
 * no RDB snapshots, and `persistent` an AOF fsynced on every write. Resolves once it answers.
 */
export async function startRedisServer(options: StartRedisOptions = {}): Promise<TestRedisServer> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'ctune-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--protected-mode', 'yes', '--loglevel', 'warning', ...(options.persistent === true ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'])];
  let child: ChildProcess | undefined;
  const launch = async () => {
    const started = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child = started;
    let output = '';
    let exited = false;
    started.stderr!.on('data', (data: Buffer) => (output += data.toString()));
    started.once('exit', () => (exited = true));
    const deadline = Date.now() + 10_000;
    while (!(await answersPing(port))) {
      if (exited) throw new Error(`redis-server exited before answering on port ${port}:\n${output}`);
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${port} within 10 s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const halt = async (signal: NodeJS.Signals) => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill(signal);
    });
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill: () => halt('SIGKILL'),
    restart: async () => {
      await halt('SIGTERM');
      await launch();
    },
    stop: async () => {
      await halt('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
