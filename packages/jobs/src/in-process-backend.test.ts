import { courtRecords, expectedCsv, fakePredictors, waitFor } from './__fixtures__/fake-predictor.js';
import { InProcessBackend } from './in-process-backend.js';
import { jobOptionsSchema } from './job-spec.js';
import { JobService } from './job-service.js';

const options = jobOptionsSchema.parse({});

function serviceWith(predictors: ReturnType<typeof fakePredictors>, settings: { attempts?: number; backoffMs?: number } = {}) {
  const backend = new InProcessBackend({ predictors, settings: { attempts: settings.attempts ?? 3, backoffMs: settings.backoffMs ?? 5 }, cancelPollMs: 20 });
  return new JobService(backend, { chunkSize: 7 });
}

describe('in-process jobs', () => {
  it('runs every chunk and assembles the CSV in input order, each row once, the model loaded once', async () => {
    const predictors = fakePredictors();
    const service = serviceWith(predictors);
    const records = courtRecords(50);
    const submitted = await service.submit({ model: 'm', file: 'test.csv', data: { kind: 'court', records }, options });
    expect(submitted).toMatchObject({ state: 'queued', rowsDone: 0, rowsTotal: 50, chunks: { total: 8, done: 0, size: 7 } });
    await waitFor(async () => (await service.status(submitted.id)).state === 'completed', 10_000, 'completion');
    const status = await service.status(submitted.id);
    expect(status).toMatchObject({ rowsDone: 50, chunks: { total: 8, done: 8 }, etaSeconds: 0, errors: [] });
    expect(status.rowsPerSecond).toBeGreaterThan(0);
    expect(await service.csv(submitted.id)).toBe(expectedCsv(records));
    const lines = [];
    for await (const part of await service.jsonLines(submitted.id)) lines.push(...part.trim().split('\n'));
    expect(lines.map((line) => JSON.parse(line).id)).toEqual(records.map((record) => record.id));
    expect(predictors.loads).toEqual(['m']);
    await service.close();
  });

  it('retries a failed chunk with backoff, lists the error under its chunk, and still completes', async () => {
    const predictors = fakePredictors({ failWhen: (firstId, attempt) => firstId === 'TEST_0014' && attempt === 1 });
    const service = serviceWith(predictors);
    const records = courtRecords(21);
    const { id } = await service.submit({ model: 'm', file: 'test.csv', data: { kind: 'court', records }, options });
    await waitFor(async () => (await service.status(id)).state === 'completed');
    const status = await service.status(id);
    expect(status.errors).toEqual([expect.objectContaining({ chunk: 2, attempt: 1, code: 'RUNTIME_SESSION_FAILED' })]);
    expect(await service.csv(id)).toBe(expectedCsv(records));
    await service.close();
  });

  it('fails the job with JOB_CHUNK_FAILED when a chunk is out of attempts, and refuses its results', async () => {
    const predictors = fakePredictors({ failWhen: (firstId) => firstId === 'TEST_0007' });
    const service = serviceWith(predictors, { attempts: 2 });
    const { id } = await service.submit({ model: 'm', file: 'test.csv', data: { kind: 'court', records: courtRecords(21) }, options });
    await waitFor(async () => (await service.status(id)).state === 'failed');
    const status = await service.status(id);
    expect(status.error).toMatchObject({ code: 'JOB_CHUNK_FAILED', details: { chunk: 1, attempts: 2 } });
    expect(status.errors.map((error) => [error.chunk, error.attempt])).toEqual([
      [1, 1],
      [1, 2],
    ]);
    await expect(service.csv(id)).rejects.toMatchObject({ code: 'JOB_NOT_COMPLETED', details: { state: 'failed' } });
    await expect(service.cancel(id)).rejects.toMatchObject({ code: 'JOB_ALREADY_FINISHED' });
    await service.close();
  });

  it('cancels: the running chunk stops, no chunk starts afterwards, and nothing more is written', async () => {
    const predictors = fakePredictors({ msPerRow: 15 });
    const service = serviceWith(predictors);
    const { id } = await service.submit({ model: 'm', file: 'test.csv', data: { kind: 'court', records: courtRecords(70) }, options });
    await waitFor(() => predictors.calls.length >= 2, 10_000, 'the second chunk');
    const cancelled = await service.cancel(id);
    const cancelledAt = Date.now();
    expect(cancelled.state).toBe('cancelled');
    await waitFor(() => predictors.calls.every((call) => call.endedAt !== undefined), 2000, 'the running chunk to stop');
    const rowsAtCancel = cancelled.rowsDone;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(predictors.calls.filter((call) => call.startedAt > cancelledAt)).toEqual([]);
    expect(predictors.calls.at(-1)!.endedAt! - cancelledAt).toBeLessThan(200);
    expect((await service.status(id)).rowsDone).toBe(rowsAtCancel);
    expect((service.backend as InProcessBackend).pending).toEqual({ waiting: 0, active: 0 });
    await expect(service.cancel(id)).rejects.toMatchObject({ code: 'JOB_ALREADY_FINISHED', details: { state: 'cancelled' } });
    await service.close();
  });

  it('answers JOB_NOT_FOUND for unknown and malformed ids, and JOB_NOT_COMPLETED before the end', async () => {
    const service = serviceWith(fakePredictors({ msPerRow: 20 }));
    await expect(service.status('00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({ code: 'JOB_NOT_FOUND' });
    await expect(service.status('../../etc')).rejects.toMatchObject({ code: 'JOB_NOT_FOUND' });
    const { id } = await service.submit({ model: 'm', file: 'test.csv', data: { kind: 'court', records: courtRecords(30) }, options });
    await expect(service.csv(id)).rejects.toMatchObject({ code: 'JOB_NOT_COMPLETED' });
    await service.close();
  });
});
