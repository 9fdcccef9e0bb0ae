import { checkGradient } from '../testing/check-gradient.js';
import { compareTensors, elementwise, randomInput } from '../testing/reference.js';
import { runGraph } from '../testing/run-graph.js';

describe('Identity', () => {
  it.each([[[2, 3]], [[2, 1, 4]], [[]]])('matches the reference on shape %j', async (shape) => {
    const input = randomInput('x', shape, 1);
    const [y] = await runGraph((g, [x]) => g.identity(x!), [input]);
    expect(compareTensors(y!, elementwise((v) => v, input))).toEqual([]);
  });

  it('has a float64 gradient', async () => {
    const result = await checkGradient((g, [x]) => g.identity(x!), [randomInput('x', [2, 3], 2)]);
    expect(result).toMatchObject({ ok: true, dtype: 'float64', failures: [] });
  });
});

describe('Identity with a name', () => {
  it('names its output', async () => {
    const [y] = await runGraph((g, [x]) => {
      const named = g.identity(x!, 'renamed');
      expect(named.name).toBe('renamed');
      return named;
    }, [randomInput('x', [2], 3)]);
    expect(y!.dims).toEqual([2]);
  });
});
