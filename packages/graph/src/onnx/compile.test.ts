import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraphBuilder } from '../builder/graph-builder.js';
import { createSession } from '../runtime/graph-session.js';
import { compile, decodeModel } from './compile.js';

function weightedSum(): GraphBuilder {
  const g = new GraphBuilder({ name: 'weighted' });
  const x = g.input('x', 'float32', ['batch', 4]);
  const weight = g.initializer('weight', Float32Array.from({ length: 4 * 3 }, (_v, index) => index / 10), [4, 3]);
  g.output(g.matMul(x, weight), 'y');
  return g;
}

describe('compile', () => {
  it('writes an ONNX model with named dynamic dims, opset and initializers', () => {
    const model = decodeModel(compile(weightedSum()).model) as { ir_version: number; opset_import: { version: number }[]; graph: { input: { name: string; type: { tensor_type: { shape: { dim: { dim_param?: string; dim_value?: number }[] } } } }[]; initializer: { name: string; dims: number[] }[] } };
    expect(model.ir_version).toBe(10);
    expect(model.opset_import[0]!.version).toBe(21);
    expect(model.graph.input[0]!.type.tensor_type.shape.dim).toEqual([{ dim_param: 'batch' }, { dim_value: 4 }]);
    expect(model.graph.initializer.map((init) => [init.name, init.dims])).toEqual([['weight', [4, 3]]]);
  });

  it('stores large initializers as ONNX external data that onnxruntime loads back', async () => {
    const compiled = compile(weightedSum(), { externalDataThresholdBytes: 16, externalDataPath: 'weights.bin' });
    expect(compiled.externalData?.path).toBe('weights.bin');
    expect(compiled.externalData?.sizeBytes).toBeGreaterThanOrEqual(48);
    const inline = await createSession(compile(weightedSum()));
    const external = await createSession(compiled);
    const feeds = { x: { dtype: 'float32' as const, dims: [1, 4], data: Float32Array.of(1, 2, 3, 4) } };
    expect(Array.from((await external.run(feeds)).y!.data as Float32Array)).toEqual(Array.from((await inline.run(feeds)).y!.data as Float32Array));
    await Promise.all([inline.release(), external.release()]);
  });

  it('refers to file-backed initializers at their offsets, and onnxruntime reads them from that folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'compile-external-'));
    try {
      // 13 bytes of header, then 12 float32 weights: an unaligned offset, as in safetensors files.
      const weights = Float32Array.from({ length: 12 }, (_v, index) => index / 10);
      await writeFile(join(dir, 'shard.bin'), Buffer.concat([Buffer.alloc(13, 7), Buffer.from(weights.buffer)]));
      const g = new GraphBuilder({ name: 'file-backed' });
      const x = g.input('x', 'float32', ['batch', 4]);
      g.output(g.matMul(x, g.externalInitializer('weight', 'float32', [4, 3], { path: join(dir, 'shard.bin'), offset: 13, length: 48 })), 'y');
      const compiled = compile(g);
      expect(compiled.externalDataFolder).toBe(dir);
      const session = await createSession(compiled);
      const feeds = { x: { dtype: 'float32' as const, dims: [1, 4], data: Float32Array.of(1, 2, 3, 4) } };
      const inline = await createSession(compile(weightedSum()));
      expect(Array.from((await session.run(feeds)).y!.data as Float32Array)).toEqual(Array.from((await inline.run(feeds)).y!.data as Float32Array));
      await Promise.all([session.release(), inline.release()]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses file-backed initializers in two folders, and a length that does not fit the shape', () => {
    const g = new GraphBuilder({ name: 'two-folders' });
    const x = g.input('x', 'float32', [1, 2]);
    const a = g.externalInitializer('a', 'float32', [2], { path: '/one/a.bin', offset: 0, length: 8 });
    const b = g.externalInitializer('b', 'float32', [2], { path: '/two/b.bin', offset: 0, length: 8 });
    g.output(g.add(g.add(x, a), b), 'y');
    expect(() => compile(g)).toThrow(expect.objectContaining({ code: 'GRAPH_INVALID', message: expect.stringContaining('2 folders') }));
    expect(() => g.externalInitializer('c', 'float16', [3], { path: '/one/c.bin', offset: 0, length: 8 })).toThrow(expect.objectContaining({ code: 'GRAPH_SHAPE_MISMATCH' }));
  });

  it('leaves out nodes and initializers that no output depends on', () => {
    const g = new GraphBuilder({ name: 'dead-code' });
    const x = g.input('x', 'float32', [2]);
    g.mul(x, g.initializer('unused', Float32Array.of(1, 2), [2]));
    g.output(g.neg(x), 'y');
    const model = decodeModel(compile(g).model) as { graph: { node: { op_type: string }[]; initializer?: unknown[] } };
    expect(model.graph.node.map((node) => node.op_type)).toEqual(['Neg', 'Identity']);
    expect(model.graph.initializer ?? []).toEqual([]);
  });

  it('reports a provider whose libraries are not installed (CUDA: the install script that fetches them is off) with a coded error', async () => {
    await expect(createSession(compile(weightedSum()), { executionProvider: 'cuda' })).rejects.toMatchObject({ code: 'RUNTIME_PROVIDER_UNAVAILABLE' });
  });
});
