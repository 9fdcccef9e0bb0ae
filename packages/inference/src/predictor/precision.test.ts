import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PreparedCourtRecord } from '@causal-tune/data-prep';
import { loadModel } from '@causal-tune/models';
import { courtSample } from '../__fixtures__/court-records.js';
import { STORIES_260K_DIR } from '../__fixtures__/paths.js';
import { writeRunDirectory } from '../testing/run-directory.js';
import { loadPredictor } from './load-predictor.js';

// Predictions at lower precisions stay near float32's, the run's precision is the default, and
// file-backed weights (external data, a weight cache) predict what in-memory ones predict.

let root: string;
let records: PreparedCourtRecord[];
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ctune-precision-'));
  records = await courtSample(6);
});
afterAll(() => rm(root, { recursive: true, force: true }));

const probabilitiesOf = async (predictor: Awaited<ReturnType<typeof loadPredictor>>) => (await predictor.classify(records)).items.map((item) => item.probabilities['1']!);

describe('prediction precision', () => {
  it.each(['fp16', 'bf16', 'q8', 'q4'] as const)('at %s classifies near float32, with the weights in memory or in files', async (dtype) => {
    const cacheDir = join(root, `cache-${dtype}`);
    const [reference, inMemory, fileBacked] = await Promise.all([
      loadPredictor({ modelDir: STORIES_260K_DIR }),
      loadPredictor({ modelDir: STORIES_260K_DIR }, { dtype }),
      loadPredictor({ modelDir: STORIES_260K_DIR }, { dtype, cacheDir, inMemoryLimitBytes: 0 }),
    ]);
    expect([reference.precision, inMemory.precision, fileBacked.precision]).toEqual(['fp32', dtype, dtype]);
    const [expected, memory, files] = [await probabilitiesOf(reference), await probabilitiesOf(inMemory), await probabilitiesOf(fileBacked)];
    files.forEach((probability, index) => expect(probability).toBeCloseTo(memory[index]!, 6));
    // stories260K is 64 wide: 4 bits cost it most (measured: |Δp| up to 0.20 at q4, 0.04 at q8, 0.003 at 16 bits).
    const bound = dtype === 'q4' ? 0.3 : dtype === 'q8' ? 0.06 : 0.01;
    memory.forEach((probability, index) => expect(Math.abs(probability - expected[index]!)).toBeLessThan(bound));
    expect((await readdir(cacheDir)).length).toBe(1);
    await Promise.all([reference.release(), inMemory.release(), fileBacked.release()]);
  });

  it("predicts in the precision its run trained in, unless told otherwise", async () => {
    const runDir = join(root, 'q8-run');
    await writeRunDirectory(runDir, { method: 'lora', modelPath: STORIES_260K_DIR, modelConfig: (await loadModel(STORIES_260K_DIR)).config, dtype: 'q8' });
    const fromRun = await loadPredictor({ runDir });
    expect(fromRun.precision).toBe('q8');
    const overridden = await loadPredictor({ runDir }, { dtype: 'fp32' });
    expect(overridden.precision).toBe('fp32');
    await Promise.all([fromRun.release(), overridden.release()]);
  });
});
