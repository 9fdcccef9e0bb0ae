import { ToolkitError } from '@causal-tune/core';
import { CommanderError } from 'commander';
import { ExitCode, exitCodeFor, formatErrorLines, toToolkitError, withLenientHint } from './cli-error.js';

describe('exitCodeFor', () => {
  it('maps usage problems to 2, help and version to 0, everything else to 1', () => {
    expect(exitCodeFor(new CommanderError(1, 'commander.unknownOption', "error: unknown option '--x'"))).toBe(ExitCode.usage);
    expect(exitCodeFor(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'))).toBe(ExitCode.success);
    expect(exitCodeFor(new CommanderError(0, 'commander.version', '0.1.0'))).toBe(ExitCode.success);
    expect(exitCodeFor(new ToolkitError('USAGE_INVALID', 'bad flag'))).toBe(ExitCode.usage);
    expect(exitCodeFor(new ToolkitError('DATA_FILE_NOT_FOUND', 'no file'))).toBe(ExitCode.failure);
    expect(exitCodeFor(new TypeError('x is undefined'))).toBe(ExitCode.failure);
  });
});

describe('formatErrorLines', () => {
  it('prints CODE: message only, unless verbose', () => {
    const cause = new Error('EACCES: permission denied');
    const error = new ToolkitError('ARTIFACT_WRITE_FAILED', "Could not write 'out/x.svg'.", { details: { path: 'out/x.svg' }, cause });
    expect(formatErrorLines(error, { verbose: false })).toEqual(["ARTIFACT_WRITE_FAILED: Could not write 'out/x.svg'."]);
    const verbose = formatErrorLines(error, { verbose: true }).join('\n');
    expect(verbose).toContain('"path": "out/x.svg"');
    expect(verbose).toMatch(/\n\s+at /);
    expect(verbose).toContain('caused by: Error: EACCES: permission denied');
  });

  it('reports an unexpected error as a bug with its cause', () => {
    const wrapped = toToolkitError(new TypeError('x is undefined'));
    expect(wrapped.code).toBe('INTERNAL_ASSERTION');
    expect(wrapped.message).toMatch(/^Unexpected error: x is undefined\. This is a bug/);
    expect(wrapped.cause).toBeInstanceOf(TypeError);
  });
});

describe('withLenientHint', () => {
  it('adds --lenient to errors about records and keeps code and details', () => {
    const error = new ToolkitError('DATA_RECORD_INVALID', 'train.csv has 1 problem in 1 row.', { details: { issues: [] } });
    const hinted = withLenientHint(error) as ToolkitError;
    expect(hinted.code).toBe('DATA_RECORD_INVALID');
    expect(hinted.details).toEqual({ issues: [] });
    expect(hinted.message).toBe('train.csv has 1 problem in 1 row.\nWith ctune, pass --lenient to keep the good rows and list the others.');
    const other = new ToolkitError('DATA_FILE_NOT_FOUND', 'no file');
    expect(withLenientHint(other)).toBe(other);
  });
});
