import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPinoLogger, loadApiEnv, startServer, type RunningServer } from '@causal-tune/api';
import { writeRunDirectory } from '@causal-tune/inference/testing';
import { loadModelConfig } from '@causal-tune/models';
import { createCapturedContext } from '../__fixtures__/capture-context.js';
import { runCli } from '../cli.js';

const stories260K = fileURLToPath(new URL('../../../../fixtures/models/stories260K', import.meta.url));
const courtTest = fileURLToPath(new URL('../__fixtures__/court-test-tiny.csv', import.meta.url));

let root: string;
let server: RunningServer;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ctune-cli-job-'));
  await writeRunDirectory(join(root, 'models', 'court-lora'), { method: 'lora', modelPath: stories260K, modelConfig: await loadModelConfig(stories260K) });
  // The API with its in-process job worker (no CTUNE_REDIS_URL).
  server = await startServer(loadApiEnv({ CTUNE_MODELS_DIR: join(root, 'models'), CTUNE_API_PORT: '0', CTUNE_API_DRAIN_TIMEOUT_MS: '1000', CTUNE_JOBS_CHUNK_SIZE: '2' }), createPinoLogger({ level: 'error' }));
});
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

describe('ctune job', () => {
  it('submits a file, follows it, and writes what ctune predict writes', async () => {
    const out = join(root, 'job.csv');
    const context = createCapturedContext();
    expect(await runCli(['job', 'submit', '--api', server.url, '--model', 'court-lora', '--data', courtTest, '--batch-size', '1', '--wait', '--out', out], context)).toBe(0);
    expect(context.stdoutText()).toMatch(/^job [\w-]+: completed (\d+)\/\1 rows/);
    expect(context.stderrText()).toMatch(/job [\w-]+: (queued|running|completed)/);
    const reference = join(root, 'predict.csv');
    expect(await runCli(['predict', '--run', join(root, 'models', 'court-lora'), '--data', courtTest, '--out', reference, '--batch-size', '1'], createCapturedContext())).toBe(0);
    expect(await readFile(out, 'utf8')).toBe(await readFile(reference, 'utf8'));
  });

  it('prints the status and writes the results of a job by id, as JSON too', async () => {
    const submitted = createCapturedContext();
    expect(await runCli(['job', 'submit', '--api', server.url, '--model', 'court-lora', '--data', courtTest, '--json'], submitted)).toBe(0);
    const { id } = JSON.parse(submitted.stdoutText()) as { id: string };
    let state = '';
    for (let attempt = 0; attempt < 300 && state !== 'completed'; attempt += 1) {
      const status = createCapturedContext();
      expect(await runCli(['job', 'status', id, '--api', server.url, '--json'], status)).toBe(0);
      state = (JSON.parse(status.stdoutText()) as { state: string }).state;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(state).toBe('completed');
    const out = join(root, 'results.jsonl');
    expect(await runCli(['job', 'results', id, '--api', server.url, '--out', out, '--format', 'jsonl'], createCapturedContext())).toBe(0);
    expect((await readFile(out, 'utf8')).trim().split('\n')[0]).toMatch(/^\{"id":"TEST_\d+","first_party_winner":[01],"probability":/);
    const cancel = createCapturedContext();
    expect(await runCli(['job', 'cancel', id, '--api', server.url], cancel)).toBe(1);
    expect(cancel.stderrText()).toMatch(/^JOB_ALREADY_FINISHED: /);
  });

  it('exits 1 with the API’s code for an unknown job, and API_UNREACHABLE where nothing listens', async () => {
    const unknown = createCapturedContext();
    expect(await runCli(['job', 'status', '00000000-0000-4000-8000-000000000000', '--api', server.url], unknown)).toBe(1);
    expect(unknown.stderrText()).toMatch(/^JOB_NOT_FOUND: /);
    const free = createServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const port = (free.address() as { port: number }).port;
    await new Promise((resolve) => free.close(resolve));
    const unreachable = createCapturedContext();
    expect(await runCli(['job', 'status', 'x', '--api', `http://127.0.0.1:${port}`], unreachable)).toBe(1);
    expect(unreachable.stderrText()).toMatch(/^API_UNREACHABLE: Cannot reach the API at http:\/\/127\.0\.0\.1:\d+/);
  });
});
