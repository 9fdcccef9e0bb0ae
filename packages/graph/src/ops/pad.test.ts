import { isToolkitError } from '@causal-tune/core';
import { gradients } from '../autodiff/gradients.js';
import { GraphBuilder } from '../builder/graph-builder.js';
import { compareTensors, pad, randomInput } from '../testing/reference.js';
import { runGraph } from '../testing/run-graph.js';

describe('Pad', () => {
  it.each([
    { pads: [1, 0, 0, 2], shape: [3, 5] },
    { pads: [0, 0, 0, 0], shape: [2, 3] },
    { pads: [0, 3, 2, 0], shape: [4, 6] },
  ])('pads [2, 3] with zeros by $pads, giving $shape', async ({ pads, shape }) => {
    const input = randomInput('x', [2, 3], 1);
    const [y] = await runGraph((g, [x]) => {
      const padded = g.pad(x!, pads);
      expect(padded.shape).toEqual(shape);
      return padded;
    }, [input]);
    expect(compareTensors(y!, pad(input, pads))).toEqual([]);
  });

  it("is 'unsupported': asking for a gradient through it throws GRAPH_NO_GRADIENT naming the op", () => {
    const g = new GraphBuilder();
    const x = g.input('x', 'float32', [2, 3]);
    const loss = g.reduceSum(g.pad(x, [1, 0, 0, 2]), [], false);
    let error: unknown;
    try {
      gradients(g, loss, [x]);
    } catch (caught) {
      error = caught;
    }
    expect(isToolkitError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'GRAPH_NO_GRADIENT', details: { op: 'Pad' } });
    expect((error as Error).message).toContain('Pad');
  });

  it('is never asked for a gradient when it lies off the path from the trainable tensor', () => {
    const g = new GraphBuilder();
    const x = g.input('x', 'float32', [2, 3]);
    const frozen = g.input('frozen', 'float32', [2, 3]);
    const loss = g.reduceSum(g.mul(x, g.slice(g.pad(frozen, [0, 0, 0, 1]), [0], [3], [1])), [], false);
    expect(() => gradients(g, loss, [x])).not.toThrow();
  });
});
