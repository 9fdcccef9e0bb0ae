import { newRunDirectory, runName } from './run-name.js';

describe('run names', () => {
  it('stamp the local time and sit under the runs directory', () => {
    const time = new Date(2026, 0, 2, 10, 30, 5).getTime();
    expect(runName(time)).toBe('tui-20260102-103005');
    expect(newRunDirectory('/work/runs', '/work', time)).toBe('runs/tui-20260102-103005');
    expect(newRunDirectory('/elsewhere/runs', '/work', time)).toBe('/elsewhere/runs/tui-20260102-103005');
  });
});
