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
});
