import { checkGradient } from '../testing/check-gradient.js';
import { compareTensors, elementwise, erf, randomInput } from '../testing/reference.js';
import { runGraph } from '../testing/run-graph.js';

// onnxruntime 1.30 has no float64 Erf kernel on the CPU ("Could not find an implementation for
// Erf(13)"), so the gradient check runs in float32, as STYLE.md prescribes where doubles are missing.
describe('Erf', () => {
  it.each([[[2, 3]], [[2, 1, 4]], [[]]])('matches the reference on shape %j', async (shape) => {
    const input = randomInput('x', shape, 1, { scale: 2 });
    const [y] = await runGraph((g, [x]) => g.erf(x!), [input]);
    expect(compareTensors(y!, elementwise(erf, input))).toEqual([]);
  });

  it('has a float32 gradient', async () => {
    const result = await checkGradient((g, [x]) => g.erf(x!), [randomInput('x', [2, 3], 2, { scale: 2 })]);
    expect(result).toMatchObject({ ok: true, dtype: 'float32', failures: [] });
  });
});

describe('Erf in float64', () => {
  it('is missing from onnxruntime, which the gradient checker reports by falling back', async () => {
    // If this starts failing, onnxruntime gained a double Erf: assert 'float64' above instead.
    await expect(runGraph((g, [x]) => g.erf(x!), [randomInput('x', [2], 3)], 'float64')).rejects.toMatchObject({ message: expect.stringContaining('Erf') });
  });
});
