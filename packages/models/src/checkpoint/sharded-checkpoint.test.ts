import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAFETENSORS_INDEX_NAME, readCheckpointTensors, writeCheckpointTensors } from './sharded-checkpoint.js';
import { serializeSafetensors } from './safetensors-writer.js';

const tensors = new Map(
  ['a', 'b', 'c', 'd'].map((name, index) => [name, { shape: [4], data: Float32Array.from({ length: 4 }, (_, i) => index * 10 + i) }] as const),
);

describe('sharded checkpoints', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sharded-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('splits by size like huggingface_hub, writes the index, and reads it back', async () => {
    const files = await writeCheckpointTensors(dir, tensors, { maxShardSizeBytes: 40, metadata: { format: 'pt' } });
    expect(files).toEqual(['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors', SAFETENSORS_INDEX_NAME]);
    const index = JSON.parse(await readFile(join(dir, SAFETENSORS_INDEX_NAME), 'utf8'));
    expect(index).toEqual({
      metadata: { total_size: 64 },
      weight_map: { a: 'model-00001-of-00002.safetensors', b: 'model-00001-of-00002.safetensors', c: 'model-00002-of-00002.safetensors', d: 'model-00002-of-00002.safetensors' },
    });
    const read = await readCheckpointTensors(dir);
    expect([...read.tensors.keys()].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(read.tensors.get('d')!.data).toEqual(new Float32Array([30, 31, 32, 33]));
    expect(read.metadata).toEqual({ format: 'pt' });
  });

  it('writes one model.safetensors when everything fits, replacing a previous index', async () => {
    await writeCheckpointTensors(dir, tensors, { maxShardSizeBytes: 16 });
    expect(await writeCheckpointTensors(dir, tensors)).toEqual(['model.safetensors']);
    expect((await readdir(dir)).filter((name) => !name.startsWith('model-'))).toEqual(['model.safetensors']);
    expect((await readCheckpointTensors(dir)).tensors.size).toBe(4);
  });

  it('names a missing shard and a tensor its shard lacks', async () => {
    await writeCheckpointTensors(dir, tensors, { maxShardSizeBytes: 40 });
    await rm(join(dir, 'model-00002-of-00002.safetensors'));
    await expect(readCheckpointTensors(dir)).rejects.toMatchObject({ code: 'MODEL_FILE_NOT_FOUND', message: expect.stringContaining("Shard 'model-00002-of-00002.safetensors'") });
    await writeFile(join(dir, 'model-00002-of-00002.safetensors'), serializeSafetensors({ c: tensors.get('c')! }));
    await expect(readCheckpointTensors(dir)).rejects.toMatchObject({ code: 'MODEL_TENSOR_MISSING', message: expect.stringContaining("Tensor 'd' is listed") });
  });

  it('refuses shard names that leave the directory', async () => {
    await writeFile(join(dir, SAFETENSORS_INDEX_NAME), JSON.stringify({ weight_map: { a: '../x.safetensors' } }));
    await expect(readCheckpointTensors(dir)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('explains a directory without safetensors, mentioning pytorch_model.bin when present', async () => {
    await expect(readCheckpointTensors(dir)).rejects.toMatchObject({ code: 'MODEL_FILE_NOT_FOUND', message: expect.stringContaining('ctune model init') });
    await writeFile(join(dir, 'pytorch_model.bin'), '');
    await expect(readCheckpointTensors(dir)).rejects.toMatchObject({ message: expect.stringContaining('safe_serialization=True') });
  });
});
