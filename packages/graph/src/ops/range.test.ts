import { GraphBuilder } from '../builder/graph-builder.js';
import { compareTensors, tensor } from '../testing/reference.js';
import { runGraph } from '../testing/run-graph.js';

const scalar = (name: string, value: number, dtype?: 'int64') => ({ name, shape: [], data: [value], ...(dtype ? { dtype } : {}) });

describe('Range', () => {
  it.each([
    { start: 0, limit: 5, delta: 1, expected: [0, 1, 2, 3, 4] },
    { start: 1, limit: 8, delta: 3, expected: [1, 4, 7] },
    { start: 5, limit: 1, delta: -2, expected: [5, 3] },
    { start: 2, limit: 2, delta: 1, expected: [] },
  ])('counts int64 from $start below $limit by $delta', async ({ start, limit, delta, expected }) => {
    const [y] = await runGraph((g, [a, b, c]) => g.range(a!, b!, c!), [scalar('start', start, 'int64'), scalar('limit', limit, 'int64'), scalar('delta', delta, 'int64')]);
    expect(y!.dtype).toBe('int64');
    expect(compareTensors(y!, tensor([expected.length], expected), { atol: 0, rtol: 0 })).toEqual([]);
  });

  it('counts in floating point', async () => {
    const [y] = await runGraph((g, [a, b, c]) => g.range(a!, b!, c!), [scalar('start', 0.5), scalar('limit', 2), scalar('delta', 0.5)]);
    expect(y!.dtype).toBe('float32');
    expect(compareTensors(y!, tensor([3], [0.5, 1, 1.5]))).toEqual([]);
  });

  it("infers a vector of unknown length, or the given output shape, and declares gradient 'none'", () => {
    const g = new GraphBuilder();
    const [start, limit, delta] = [g.constant(0, 'int64', []), g.input('n', 'int64', []), g.constant(1, 'int64', [])];
    expect(g.range(start, limit, delta).shape).toEqual(['?']);
    expect(g.range(start, limit, delta, ['seq']).shape).toEqual(['seq']);
  });
});
