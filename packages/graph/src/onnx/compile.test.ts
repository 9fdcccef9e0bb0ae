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
    expect(model.ir_version).toBe(8);
    expect(model.opset_import[0]!.version).toBe(18);
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

  it('reports a provider whose libraries are not installed (CUDA: the install script that fetches them is off) with a coded error', async () => {
    await expect(createSession(compile(weightedSum()), { executionProvider: 'cuda' })).rejects.toMatchObject({ code: 'RUNTIME_PROVIDER_UNAVAILABLE' });
  });
});
