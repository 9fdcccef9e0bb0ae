import { checkGradient } from '../testing/check-gradient.js';
import { compareTensors, randomInput, trilu } from '../testing/reference.js';
import { runGraph } from '../testing/run-graph.js';

const CASES = [
  { upper: true, k: undefined },
  { upper: false, k: undefined },
  { upper: true, k: 1 },
  { upper: false, k: -1 },
  { upper: false, k: 2 },
];

describe('Trilu', () => {
  it.each(CASES)('keeps the triangle upper=$upper k=$k of the last two axes', async ({ upper, k }) => {
    const input = randomInput('x', [2, 3, 4], 1);
    const [y] = await runGraph((g, [x]) => g.trilu(x!, upper, k), [input]);
    expect(compareTensors(y!, trilu(input, upper, k ?? 0))).toEqual([]);
  });

  it.each(CASES)('has a float64 gradient for upper=$upper k=$k', async ({ upper, k }) => {
    const result = await checkGradient((g, [x]) => g.trilu(x!, upper, k), [randomInput('x', [2, 3, 3], 2)]);
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
  });

  it('takes a computed k', async () => {
    const input = randomInput('x', [3, 3], 3);
    const [y] = await runGraph((g, [x, k]) => g.trilu(x!, false, k!), [input, { name: 'k', shape: [], data: [-1], dtype: 'int64' }]);
    expect(compareTensors(y!, trilu(input, false, -1))).toEqual([]);
  });
});
