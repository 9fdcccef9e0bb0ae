import { ErrorCode } from './codes.js';
import { ToolkitError, isToolkitError } from './toolkit-error.js';

describe('ToolkitError', () => {
  it('carries code, details and cause', () => {
    const cause = new Error('disk full');
    const error = new ToolkitError('ARTIFACT_WRITE_FAILED', 'Could not write x.', { details: { path: 'x' }, cause });
    expect(error.code).toBe('ARTIFACT_WRITE_FAILED');
    expect(error.details).toEqual({ path: 'x' });
    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(Error);
    expect(error.toJSON()).toEqual({ code: 'ARTIFACT_WRITE_FAILED', message: 'Could not write x.', details: { path: 'x' } });
  });

  it('is recognised by its marker, not by class identity', () => {
    expect(isToolkitError(new ToolkitError('CONFIG_INVALID', 'bad'))).toBe(true);
    expect(isToolkitError(new Error('bad'))).toBe(false);
    expect(isToolkitError({ [Symbol.for('causal-tune.error')]: true })).toBe(true);
    expect(isToolkitError(null)).toBe(false);
  });

  it('has every code equal to its key', () => {
    for (const [key, value] of Object.entries(ErrorCode)) expect(value).toBe(key);
  });
});
