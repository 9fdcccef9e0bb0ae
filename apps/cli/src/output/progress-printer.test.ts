import { createProgressPrinter } from './progress-printer.js';
import { ANSI_PATTERN } from './text-style.js';

function capture(): { write(text: string): void; text(): string } {
  const chunks: string[] = [];
  return { write: (text) => void chunks.push(text), text: () => chunks.join('') };
}

describe('createProgressPrinter', () => {
  it('prints one plain line per event off a TTY and thins per-record progress', () => {
    const stream = capture();
    let time = 0;
    const print = createProgressPrinter(stream, { mode: 'plain' }, { now: () => time, minIntervalMs: 1000 });
    print({ type: 'task-start', task: 'prepare', total: 4 });
    for (let completed = 1; completed <= 4; completed += 1) {
      time += 600;
      print({ type: 'task-progress', task: 'prepare', completed, total: 4 });
    }
    print({ type: 'task-end', task: 'prepare', durationMs: 2400 });
    expect(stream.text().split('\n')).toEqual([
      'prepare start | 4 items',
      'prepare 2/4 (50%)',
      'prepare 4/4 (100%)',
      'prepare end | 2.4 s',
      '',
    ]);
    expect(stream.text()).not.toMatch(ANSI_PATTERN);
  });

  it('redraws one status line on a TTY', () => {
    const stream = capture();
    const print = createProgressPrinter(stream, { mode: 'rich' });
    print({ type: 'task-progress', task: 'prepare', completed: 1, total: 2 });
    print({ type: 'task-progress', task: 'prepare', completed: 2, total: 2 });
    print({ type: 'task-end', task: 'prepare', durationMs: 10 });
    expect(stream.text()).toBe('\r\u001b[2Kprepare 1/2 (50%)\r\u001b[2Kprepare 2/2 (100%)\r\u001b[2Kprepare end | 10 ms\n');
  });
});
