import { loadEnv } from '../env.js';
import { resolveOutputSettings } from './output-mode.js';

const tty = { write: () => true, isTTY: true, columns: 100 };
const pipe = { write: () => true };

describe('resolveOutputSettings', () => {
  it('is rich and coloured on a terminal', () => {
    expect(resolveOutputSettings({}, { stdout: tty, env: loadEnv({}) })).toEqual({ mode: 'rich', color: true, width: 100 });
  });

  it('is plain off a TTY, in CI and on a dumb terminal', () => {
    expect(resolveOutputSettings({}, { stdout: pipe, env: loadEnv({}) })).toMatchObject({ mode: 'plain', color: false });
    expect(resolveOutputSettings({}, { stdout: tty, env: loadEnv({ CI: 'true' }) })).toMatchObject({ mode: 'plain', color: false });
    expect(resolveOutputSettings({}, { stdout: tty, env: loadEnv({ TERM: 'dumb' }) })).toMatchObject({ mode: 'plain' });
  });

  it('honours --json, NO_COLOR and --no-color', () => {
    expect(resolveOutputSettings({ json: true }, { stdout: tty, env: loadEnv({}) })).toMatchObject({ mode: 'json', color: false });
    expect(resolveOutputSettings({}, { stdout: tty, env: loadEnv({ NO_COLOR: '1' }) })).toMatchObject({ mode: 'rich', color: false });
    expect(resolveOutputSettings({ color: false }, { stdout: tty, env: loadEnv({}) })).toMatchObject({ color: false });
  });

  it('treats CI=false as not CI', () => {
    expect(resolveOutputSettings({}, { stdout: tty, env: loadEnv({ CI: 'false' }) })).toMatchObject({ mode: 'rich' });
  });
});
