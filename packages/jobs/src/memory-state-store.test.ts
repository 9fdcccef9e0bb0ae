import { MemoryStateStore } from './memory-state-store.js';
import type { ResultRow } from './result-rows.js';

const rows = (from: number, count: number): ResultRow[] => Array.from({ length: count }, (_, offset) => ({ index: from + offset, row: from + offset + 1, label: 1, word: 'yes', probabilities: { '1': 1 } }));

describe('MemoryStateStore', () => {
  it('writes a chunk once: a second write changes nothing and is not counted', async () => {
    const store = new MemoryStateStore();
    expect(await store.writeChunk('j', 0, rows(0, 3))).toBe('written');
    expect(await store.writeChunk('j', 0, rows(0, 3))).toBe('exists');
    expect(await store.progress('j')).toEqual({ rowsDone: 3, chunksDone: 1 });
  });

  it('finishes once, refuses rows after that, and forgets the job after its time to live', async () => {
    let now = 1000;
    const store = new MemoryStateStore({ now: () => now });
    expect(await store.finish('j', { state: 'cancelled' }, 10)).toBe('cancelled');
    expect(await store.finish('j', { state: 'completed', csv: 'x' }, 10)).toBe('cancelled');
    expect(await store.writeChunk('j', 0, rows(0, 1))).toBe('cancelled');
    expect((await store.progress('j')).finished).toBe('cancelled');
    now += 11_000;
    expect(store.prune()).toEqual(['j']);
    expect((await store.progress('j')).finished).toBeUndefined();
  });
});
