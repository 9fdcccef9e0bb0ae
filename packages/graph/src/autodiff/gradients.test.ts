import { GraphBuilder } from '../builder/graph-builder.js';
import { compile } from '../onnx/compile.js';
import { createSession } from '../runtime/graph-session.js';
import { gradients } from './gradients.js';

describe('gradients', () => {
  it('computes d(sum((x·w)²))/dw and sums fan-out', async () => {
    const g = new GraphBuilder({ name: 'square' });
    const x = g.input('x', 'float32', [2, 2]);
    const w = g.input('w', 'float32', [2, 1]);
    const y = g.matMul(x, w);
    const loss = g.reduceSum(g.mul(y, y), [], false);
    const [dw] = gradients(g, loss, [w]);
    g.output(loss, 'loss');
    g.output(dw!);
    const session = await createSession(compile(g));
    const result = await session.run({
      x: { dtype: 'float32', dims: [2, 2], data: Float32Array.of(1, 2, 3, 4) },
      w: { dtype: 'float32', dims: [2, 1], data: Float32Array.of(0.5, -1) },
    });
    // y = [-1.5, -2.5]; dL/dw = 2 xᵀ y = 2·[1·-1.5 + 3·-2.5, 2·-1.5 + 4·-2.5] = [-18, -26]
    expect(Array.from(result.loss!.data as Float32Array)).toEqual([8.5]);
    expect(Array.from(result['grad/w']!.data as Float32Array)).toEqual([-18, -26]);
  });

  it('creates no gradient nodes for frozen tensors', () => {
    const g = new GraphBuilder();
    const x = g.input('x', 'float32', [4, 3]);
    const frozen = g.initializer('frozen', new Float32Array(6).fill(0.1), [3, 2]);
    const lora = g.input('lora', 'float32', [2, 2]);
    const loss = g.reduceSum(g.matMul(g.matMul(x, frozen), lora), [], false);
    gradients(g, loss, [lora]);
    const text = g.toText();
    // The only gradient matmuls are for lora (one Gemm of the flattened rows); none produce grad of 'frozen'.
    expect(text).not.toContain('grad/frozen');
    const gradNodes = g.records.filter((record) => record.node.name.startsWith('grad/'));
    expect(gradNodes.some((record) => record.node.inputs.includes('frozen'))).toBe(false);
  });

  it('sends nothing back through g.stopGradient (PyTorch detach)', async () => {
    const g = new GraphBuilder({ name: 'detach' });
    const w = g.input('w', 'float32', [2]);
    // loss = sum(w · stop(w)): d/dw = stop(w) = w, not 2w.
    const loss = g.reduceSum(g.mul(w, g.stopGradient(w)), [], false);
    const [dw] = gradients(g, loss, [w]);
    g.output(loss, 'loss');
    g.output(dw!);
    const session = await createSession(compile(g));
    const result = await session.run({ w: { dtype: 'float32', dims: [2], data: Float32Array.of(3, -2) } });
    expect(Array.from(result.loss!.data as Float32Array)).toEqual([13]);
    expect(Array.from(result['grad/w']!.data as Float32Array)).toEqual([3, -2]);
    await session.release();
  });
});
