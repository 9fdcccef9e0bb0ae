import { createServer } from 'node:net';
import { createCapturedContext } from '../__fixtures__/capture-context.js';
import { runCli } from '../cli.js';

describe('ctune serve', () => {
  it('serves on loopback until the signal aborts, answering /healthz', async () => {
    const controller = new AbortController();
    const context = { ...createCapturedContext(), signal: controller.signal };
    const running = runCli(['serve', '--port', '0', '--models', '.'], context);
    let url: string | undefined;
    for (let attempt = 0; attempt < 200 && !url; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      url = /at (http:\/\/\S+)/.exec(context.stderrText())?.[1];
    }
    if (!url) throw new Error(`no URL; stderr: ${context.stderrText()} stdout: ${context.stdoutText()}`);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
    controller.abort();
    expect(await running).toBe(0);
  });

  it('exits 1 with API_LISTEN_FAILED (EADDRINUSE) on a busy port, and never says it serves', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const context = { ...createCapturedContext(), signal: new AbortController().signal };
      expect(await runCli(['serve', '--port', String(port), '--models', '.'], context)).toBe(1);
      expect(context.stderrText()).toMatch(/^API_LISTEN_FAILED: Cannot listen on 127\.0\.0\.1:\d+: the address is already in use \(EADDRINUSE\)/);
      expect(context.stderrText()).not.toContain('serving');
      expect(context.stderrText()).not.toContain('null');
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });
});
