import { createCapturedContext } from '../__fixtures__/capture-context.js';
import { runCli } from '../cli.js';

describe('ctune worker', () => {
  it('is a usage error (exit 2) without a Redis URL or with one that is not redis://', async () => {
    const none = createCapturedContext();
    expect(await runCli(['worker', '--models', '.'], none)).toBe(2);
    expect(none.stderrText()).toMatch(/^USAGE_INVALID: ctune worker needs the jobs' Redis: pass --redis/);
    const bad = createCapturedContext();
    expect(await runCli(['worker', '--models', '.', '--redis', 'http://127.0.0.1:6379'], bad)).toBe(2);
    expect(bad.stderrText()).toContain('redis://');
  });

  it('is listed in the help', async () => {
    const context = createCapturedContext();
    expect(await runCli(['--help'], context)).toBe(0);
    expect(context.stdoutText()).toMatch(/worker .*prediction jobs/);
    expect(context.stdoutText()).toMatch(/job .*bulk prediction jobs/);
  });
});
