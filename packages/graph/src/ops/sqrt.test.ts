import { checkGradient } from '../testing/check-gradient.js';
import { compareTensors, elementwise, randomInput } from '../testing/reference.js';
import { runGraph } from '../testing/run-graph.js';

describe('Sqrt', () => {
  it.each([[[2, 3]], [[2, 1, 4]], [[]]])('matches the reference on shape %j', async (shape) => {
    const input = randomInput('x', shape, 1, { offset: 1.5, scale: 1 });
    const [y] = await runGraph((g, [x]) => g.sqrt(x!), [input]);
    expect(compareTensors(y!, elementwise(Math.sqrt, input))).toEqual([]);
  });

  it('has a float64 gradient', async () => {
    const result = await checkGradient((g, [x]) => g.sqrt(x!), [randomInput('x', [2, 3], 2, { offset: 1.5, scale: 1 })]);
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
  });
});
