import { EventEmitter } from 'node:events';
import { loadEnv } from '../../env.js';
import { stripAnsi } from '../../output/text-style.js';
import type { TuiTerminal } from '../render-tui.js';

/** A terminal in memory for `renderTui`: TTY streams that record output and take keys. */
export interface FakeTerminal extends TuiTerminal {
  /** Everything written to stdout, escape codes included. */
  output(): string;
  /** Types keys, as a user would. */
  type(keys: string): void;
}

class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  #queue: string[] = [];
  setRawMode(): this {
    return this;
  }
  setEncoding(): this {
    return this;
  }
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  read(): string | null {
    return this.#queue.shift() ?? null;
  }
  push(data: string): void {
    this.#queue.push(data);
    this.emit('readable');
  }
}

class FakeStdout extends EventEmitter {
  readonly isTTY = true;
  readonly columns = 100;
  readonly rows = 30;
  readonly chunks: string[] = [];
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }
}

/** Builds a {@link FakeTerminal} working in `cwd`. */
export function createFakeTerminal(cwd: string): FakeTerminal {
  const stdin = new FakeStdin();
  const stdout = new FakeStdout();
  const stderr = new FakeStdout();
  return {
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    env: loadEnv({ TERM: 'xterm-256color' }),
    cwd,
    output: () => stdout.chunks.join(''),
    type: (keys) => stdin.push(keys),
  };
}

/** The last screenful of a recorded output, without escape codes (roughly: the text after the last clear). */
export function visibleText(output: string): string {
  return stripAnsi(output);
}
