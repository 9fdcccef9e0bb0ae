// xoshiro128** (Blackman & Vigna, https://prng.di.unimi.it/xoshiro128starstar.c) seeded through
// splitmix32, with an FNV-1a hash of a stream name mixed into the seed: each tensor gets its own
// stream, so its values do not depend on which other tensors exist or in which order they are made.

/** A deterministic random source. */
export interface SeededRandom {
  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** A uniform float in [0, 1), 32 bits of resolution. */
  nextFloat(): number;
  /** A standard normal sample (Box-Muller). */
  nextNormal(): number;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}

function splitmix32(state: { value: number }): number {
  state.value = (state.value + 0x9e3779b9) >>> 0;
  let z = state.value;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * A xoshiro128** generator for `seed` and an optional `stream` name (e.g. a tensor name).
 *
 * @example
 * const random = createSeededRandom(42, 'wte.weight');
 * random.nextNormal(); // same value on every run
 */
export function createSeededRandom(seed: number, stream = ''): SeededRandom {
  const mixer = { value: (fnv1a(stream) ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0 };
  let s0 = splitmix32(mixer);
  let s1 = splitmix32(mixer);
  let s2 = splitmix32(mixer);
  let s3 = splitmix32(mixer);
  let spare: number | null = null;

  const nextUint32 = (): number => {
    const result = Math.imul(rotateLeft(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotateLeft(s3, 11);
    return result;
  };
  const nextFloat = (): number => nextUint32() / 4294967296;
  const nextNormal = (): number => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - nextFloat())); // 1 - u is in (0, 1]: log is finite
    const angle = 2 * Math.PI * nextFloat();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
  return { nextUint32, nextFloat, nextNormal };
}

function rotateLeft(value: number, bits: number): number {
  return ((value << bits) | (value >>> (32 - bits))) >>> 0;
}

/** Fisher–Yates shuffle of `items` (a copy) driven by `random`. */
export function shuffled<T>(items: readonly T[], random: SeededRandom): T[] {
  const result = [...items];
  for (let index = result.length - 1; index > 0; index -= 1) {
    const other = random.nextUint32() % (index + 1);
    [result[index], result[other]] = [result[other]!, result[index]!];
  }
  return result;
}
