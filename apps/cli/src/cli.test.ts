import { createCapturedContext } from './__fixtures__/capture-context.js';
import { runCli } from './cli.js';
import { readCliVersion } from './version.js';

describe('runCli', () => {
  it('prints the help for a bare ctune and exits 0', async () => {
    const context = createCapturedContext();
    expect(await runCli([], context)).toBe(0);
    expect(context.stdoutText()).toContain('Usage: ctune');
    expect(context.stdoutText()).toContain('prep');
    expect(context.stdoutText()).toContain('prompts');
  });

  it('prints the version', async () => {
    const context = createCapturedContext();
    expect(await runCli(['--version'], context)).toBe(0);
    expect(context.stdoutText().trim()).toBe(readCliVersion());
  });

  it('exits 2 for an unknown flag, an unknown command and a missing option', async () => {
    const unknownFlag = createCapturedContext();
    expect(await runCli(['prep', '--data', 'x.csv', '--bogus'], unknownFlag)).toBe(2);
    expect(unknownFlag.stderrText()).toContain("unknown option '--bogus'");

    const unknownCommand = createCapturedContext();
    expect(await runCli(['frobnicate'], unknownCommand)).toBe(2);
    expect(unknownCommand.stderrText()).toContain("unknown command 'frobnicate'");

    const missing = createCapturedContext();
    expect(await runCli(['prep'], missing)).toBe(2);
    expect(missing.stderrText()).toContain("required option '--data <file>' not specified");
  });

  it('exits 1 for a missing file with CODE: message and no stack', async () => {
    const context = createCapturedContext();
    expect(await runCli(['prep', '--data', 'no/such/file.csv'], context)).toBe(1);
    const stderr = context.stderrText();
    expect(stderr).toMatch(/^DATA_FILE_NOT_FOUND: .*file\.csv/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('adds details and the stack with --verbose', async () => {
    const context = createCapturedContext();
    expect(await runCli(['prep', '--data', 'no/such/file.csv', '--verbose'], context)).toBe(1);
    expect(context.stderrText()).toMatch(/^DATA_FILE_NOT_FOUND: /);
    expect(context.stderrText()).toMatch(/\n\s+at /);
  });

  it('prints a JSON error object on stdout with --json', async () => {
    const context = createCapturedContext();
    expect(await runCli(['prep', '--data', 'no/such/file.csv', '--json'], context)).toBe(1);
    const parsed = JSON.parse(context.stdoutText()) as { error: { code: string; message: string } };
    expect(parsed.error.code).toBe('DATA_FILE_NOT_FOUND');
    expect(parsed.error.message).toContain('file.csv');
  });
});
