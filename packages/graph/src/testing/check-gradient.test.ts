import { defineOp } from '../builder/op-definition.js';
import { inferSame } from '../ops/shared/infer.js';
import { checkGradient } from './check-gradient.js';
import { randomInput } from './reference.js';

// The op tests expect `ok: true`; these prove that the checker can say no.
const negWithWrongSign = defineOp({
  opType: 'Neg', domain: '', sinceOpset: 13,
  inputs: ['x'], attributes: {},
  inferOutputs: inferSame,
  // Wrong on purpose: the gradient of −x is −dY.
  gradient: { build: (_g, { outputGrads: [dy] }) => [dy] },
});

describe('checkGradient', () => {
  it('reports every element of a wrong gradient as a failure', async () => {
    const result = await checkGradient((g, [x]) => g.apply(negWithWrongSign, [x!])[0]!, [randomInput('x', [2, 3], 1)]);
    expect(result).toMatchObject({ ok: false, dtype: 'float64', checked: 6 });
    expect(result.failures).toHaveLength(6);
    for (const failure of result.failures) expect(failure.analytic).toBeCloseTo(-failure.numeric, 6);
  });

  it('falls back to float32 where onnxruntime has no double kernel, and says so', async () => {
    const result = await checkGradient((g, [x]) => g.erf(x!), [randomInput('x', [3], 2)]);
    expect(result).toMatchObject({ ok: true, dtype: 'float32' });
  });

  it('gives integer inputs and inputs with requiresGrad false no gradient', async () => {
    const result = await checkGradient((g, [x, w, ids]) => g.mul(g.gather(x!, ids!), w!), [
      randomInput('x', [3, 2], 3),
      { ...randomInput('w', [2, 2], 4), requiresGrad: false },
      { name: 'ids', shape: [2], data: [2, 0], dtype: 'int64' },
    ]);
    expect(result).toMatchObject({ ok: true, checked: 6 });
  });
});
