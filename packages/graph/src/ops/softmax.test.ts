import { checkGradient } from '../testing/check-gradient.js';
import { compareTensors, softmax, randomInput } from '../testing/reference.js';
import { runGraph } from '../testing/run-graph.js';

describe('Softmax', () => {
  it.each([0, 1, 2, -1, -2])('matches the reference along axis %i of a [2, 3, 4] tensor', async (axis) => {
    const input = randomInput('x', [2, 3, 4], 1, { scale: 3 });
    const [y] = await runGraph((g, [x]) => g.softmax(x!, axis), [input]);
    expect(compareTensors(y!, softmax(input, axis))).toEqual([]);
  });

  it('defaults to the last axis and is stable for large logits', async () => {
    const input = { ...randomInput('x', [2, 3], 2), data: [1000, 1001, 1002, -1000, 0, 1000] };
    const [y] = await runGraph((g, [x]) => g.softmax(x!), [input]);
    expect(compareTensors(y!, softmax(input, -1))).toEqual([]);
  });

  it.each([0, 1, 2, -1])('has a float64 gradient along axis %i', async (axis) => {
    const result = await checkGradient((g, [x]) => g.softmax(x!, axis), [randomInput('x', [2, 3, 2], 3, { scale: 2 })]);
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
  });
});
