import { createCapturedContext } from '../__fixtures__/capture-context.js';
import { runCli } from '../cli.js';
import { ANSI_PATTERN } from '../output/text-style.js';
import { shouldOpenTui } from './should-open-tui.js';

const tty = { isTTY: true };
const env = { CI: false, TERM: 'xterm-256color' };

describe('shouldOpenTui', () => {
  it('opens only for a bare ctune with a terminal on both ends, outside CI', () => {
    expect(shouldOpenTui({ argv: [], stdin: tty, stdout: tty, env })).toBe(true);
    expect(shouldOpenTui({ argv: ['prep'], stdin: tty, stdout: tty, env })).toBe(false);
    expect(shouldOpenTui({ argv: [], stdin: {}, stdout: tty, env })).toBe(false);
    expect(shouldOpenTui({ argv: [], stdin: tty, stdout: { isTTY: false }, env })).toBe(false);
    expect(shouldOpenTui({ argv: [], stdin: tty, stdout: tty, env: { ...env, CI: true } })).toBe(false);
    expect(shouldOpenTui({ argv: [], stdin: tty, stdout: tty, env: { ...env, TERM: 'dumb' } })).toBe(false);
  });
});

// The CI / non-TTY fixture (ink's test/fixtures/ci.tsx): off a terminal a bare ctune prints
// its help as plain text, without an escape code.
describe('bare ctune off a terminal', () => {
  it('prints the plain help', async () => {
    for (const context of [createCapturedContext(), createCapturedContext({ env: { CI: '1' } }), createCapturedContext({ tty: true, env: { TERM: 'dumb' } })]) {
      expect(await runCli([], context)).toBe(0);
      const text = context.stdoutText();
      expect(text).toContain('Usage: ctune [options] [command]');
      expect(text).toContain('prep');
      expect(text + context.stderrText()).not.toMatch(ANSI_PATTERN);
      expect(text).not.toContain('\u001B[?1049h');
    }
  });
});
