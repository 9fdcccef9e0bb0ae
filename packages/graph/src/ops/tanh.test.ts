import { checkGradient } from '../testing/check-gradient.js';
import { compareTensors, elementwise, randomInput } from '../testing/reference.js';
import { runGraph } from '../testing/run-graph.js';

describe('Tanh', () => {
  it.each([[[2, 3]], [[2, 1, 4]], [[]]])('matches the reference on shape %j', async (shape) => {
    const input = randomInput('x', shape, 1, { scale: 2 });
    const [y] = await runGraph((g, [x]) => g.tanh(x!), [input]);
    expect(compareTensors(y!, elementwise(Math.tanh, input))).toEqual([]);
  });

  it('has a float64 gradient', async () => {
    const result = await checkGradient((g, [x]) => g.tanh(x!), [randomInput('x', [2, 3], 2, { scale: 2 })]);
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
  });
});
