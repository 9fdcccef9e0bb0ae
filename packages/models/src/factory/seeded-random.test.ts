import { createSeededRandom } from './seeded-random.js';

describe('createSeededRandom', () => {
  it('repeats for the same seed and stream, and differs across seeds and streams', () => {
    const draw = (seed: number, stream: string): number[] => {
      const random = createSeededRandom(seed, stream);
      return Array.from({ length: 4 }, () => random.nextUint32());
    };
    expect(draw(1, 'a')).toEqual(draw(1, 'a'));
    expect(draw(1, 'a')).not.toEqual(draw(2, 'a'));
    expect(draw(1, 'a')).not.toEqual(draw(1, 'b'));
  });

  it('draws uniform floats in [0, 1) and standard normals', () => {
    const random = createSeededRandom(7);
    const count = 20000;
    let sum = 0;
    let sumSquares = 0;
    for (let index = 0; index < count; index += 1) {
      const value = random.nextNormal();
      sum += value;
      sumSquares += value * value;
      const uniform = random.nextFloat();
      expect(uniform >= 0 && uniform < 1).toBe(true);
    }
    const mean = sum / count;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(Math.sqrt(sumSquares / count - mean * mean) - 1)).toBeLessThan(0.03);
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
