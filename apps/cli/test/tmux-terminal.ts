import { execFileSync, spawnSync } from 'node:child_process';

/** True when the tmux binary can be run. */
export function hasTmux(): boolean {
  return spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
}

/** Options of {@link TmuxTerminal.start}. */
export interface TmuxStartOptions {
  /** The shell command run in the pane. */
  readonly command: string;
  readonly cwd: string;
  readonly columns: number;
  readonly rows: number;
}

/**
 * A real terminal for end-to-end tests: one tmux session on a private server socket (so that a
 * developer's own tmux is never touched), driven with `send-keys` and read with `capture-pane`.
 */
export class TmuxTerminal {
  readonly #socket: string;
  readonly #session = 'ctune';

  constructor(socket: string) {
    this.#socket = socket;
  }

  #tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.#socket, ...args], { encoding: 'utf8' });
  }

  /** Opens the session running `command` in a `columns` × `rows` window. */
  start({ command, cwd, columns, rows }: TmuxStartOptions): void {
    this.#tmux('new-session', '-d', '-s', this.#session, '-x', String(columns), '-y', String(rows), '-c', cwd, command);
  }

  /** Sends tmux key names (`Down`, `Enter`, `Escape`) or single characters, one by one. */
  async keys(...keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      this.#tmux('send-keys', '-t', this.#session, key);
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
  }

  /** Types text literally. */
  async type(text: string): Promise<void> {
    this.#tmux('send-keys', '-t', this.#session, '-l', text);
    await new Promise((resolve) => setTimeout(resolve, 60));
  }

  /** The visible screen as text. */
  screen(): string {
    return this.#tmux('capture-pane', '-p', '-t', this.#session);
  }

  /** Polls the screen until `condition` holds; throws with the last screen after `timeoutMs`. */
  async waitFor(condition: (screen: string) => boolean, timeoutMs: number, what: string): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (condition(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`Waited ${timeoutMs} ms for ${what}. The screen:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Ends the session and its private server. */
  kill(): void {
    spawnSync('tmux', ['-L', this.#socket, 'kill-server'], { stdio: 'ignore' });
  }
}
