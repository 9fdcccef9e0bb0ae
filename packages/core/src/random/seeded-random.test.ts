import { createSeededRandom, shuffled } from './seeded-random.js';

describe('createSeededRandom', () => {
  it('repeats for a seed and stream, and differs across streams', () => {
    const a = createSeededRandom(42, 'x');
    const b = createSeededRandom(42, 'x');
    const c = createSeededRandom(42, 'y');
    const first = [a.nextUint32(), a.nextUint32()];
    expect([b.nextUint32(), b.nextUint32()]).toEqual(first);
    expect([c.nextUint32(), c.nextUint32()]).not.toEqual(first);
  });

  it('draws floats in [0, 1) with mean near 1/2 and normals with unit variance', () => {
    const random = createSeededRandom(7);
    const floats = Array.from({ length: 20000 }, () => random.nextFloat());
    expect(Math.min(...floats)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...floats)).toBeLessThan(1);
    expect(Math.abs(floats.reduce((a, b) => a + b) / floats.length - 0.5)).toBeLessThan(0.01);
    const normals = Array.from({ length: 20000 }, () => random.nextNormal());
    const variance = normals.reduce((sum, value) => sum + value * value, 0) / normals.length;
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it('shuffles into a permutation, the same one for the same seed', () => {
    const items = Array.from({ length: 50 }, (_v, index) => index);
    const once = shuffled(items, createSeededRandom(3));
    expect([...once].sort((a, b) => a - b)).toEqual(items);
    expect(shuffled(items, createSeededRandom(3))).toEqual(once);
    expect(once).not.toEqual(items);
  });
  it('fills arrays with exactly the values of nextNormal() * std', () => {
    for (const length of [0, 1, 6, 7]) {
      const loop = createSeededRandom(3, 'x');
      loop.nextNormal(); // leave a spare behind, as a previous odd fill would
      const expected = Float32Array.from({ length }, () => loop.nextNormal() * 0.02);
      const fill = createSeededRandom(3, 'x');
      fill.nextNormal();
      const actual = new Float32Array(length);
      fill.fillNormal(actual, 0.02);
      expect(actual).toEqual(expected);
      expect(fill.nextUint32()).toBe(loop.nextUint32());
    }
  });
});
