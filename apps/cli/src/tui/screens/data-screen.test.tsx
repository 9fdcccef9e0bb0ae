import { render } from 'ink-testing-library';
import { join } from 'node:path';
import { KEYS, plainFrame, press, waitForFrame } from '../__fixtures__/ink-keys.js';
import { CLI_FIXTURES, COURT_SAMPLE, servicesWith } from '../__fixtures__/tui-fixtures.js';
import { DataScreen } from './data-screen.js';
import type { DataScreenProps } from './data-screen.js';

const services = servicesWith();
const tiny = join(CLI_FIXTURES, 'court-train-tiny.csv');

function renderScreen(overrides: Partial<DataScreenProps> = {}) {
  const selected: string[] = [];
  const editing: boolean[] = [];
  const props: DataScreenProps = {
    active: true,
    visited: true,
    dataPath: COURT_SAMPLE,
    recentFiles: [COURT_SAMPLE, tiny],
    cwd: '/nowhere',
    width: 100,
    height: 20,
    color: false,
    prep: services.prep,
    onSelectData: (path) => selected.push(path),
    onEditingChange: (value) => editing.push(value),
    ...overrides,
  };
  return { ...render(<DataScreen {...props} />), selected, editing, props };
}

describe('DataScreen', () => {
  it('shows the statistics of the bundled sample and scrolls them', async () => {
    const { lastFrame, stdin } = renderScreen();
    const frame = await waitForFrame(lastFrame, (text) => text.includes('Length of facts in characters'));
    expect(frame).toContain(`Data file ${COURT_SAMPLE}  (2 recent: r)`);
    expect(frame).toContain('300 rows | label 1: 200 (66.7%) | label 0: 100 (33.3%)');
    expect(frame).toMatch(/lines 1–\d+ of \d+/);
    await press(stdin, KEYS.pageDown, KEYS.pageDown, KEYS.pageDown);
    const scrolled = plainFrame(lastFrame);
    expect(scrolled).not.toContain('300 rows | label 1');
    expect(scrolled).toMatch(/Label balance|NER tags|Matching cases/);
    expect(scrolled).toMatch(/│█/);
  });

  it('picks a recent file with r, the arrows and enter', async () => {
    const { lastFrame, stdin, selected, editing } = renderScreen();
    await press(stdin, 'r');
    expect(plainFrame(lastFrame)).toContain(`› ${COURT_SAMPLE}`);
    await press(stdin, KEYS.down, KEYS.enter);
    expect(selected).toEqual([tiny]);
    expect(editing).toEqual([true, false]);
  });

  it('takes a typed path, relative to the working directory', async () => {
    const { lastFrame, stdin, selected } = renderScreen({ cwd: CLI_FIXTURES, dataPath: tiny, recentFiles: [tiny] });
    await waitForFrame(lastFrame, (text) => text.includes('rows'));
    await press(stdin, 'e');
    expect(plainFrame(lastFrame)).toContain('Data file court-train-tiny.csv');
    await press(stdin, KEYS.ctrlU);
    stdin.write('court-test-tiny.csv');
    await press(stdin, KEYS.enter);
    expect(selected).toEqual([join(CLI_FIXTURES, 'court-test-tiny.csv')]);
  });

  it('reports a missing file with its code', async () => {
    const { lastFrame } = renderScreen({ dataPath: '/nowhere/missing.csv' });
    const frame = await waitForFrame(lastFrame, (text) => text.includes('DATA_FILE_NOT_FOUND'));
    expect(frame).toContain('missing.csv');
  });

  it('loads nothing before the screen is first shown', async () => {
    let calls = 0;
    const { lastFrame } = renderScreen({ visited: false, prep: async () => { calls += 1; throw new Error('not called'); } });
    await press({ write: () => undefined });
    expect(calls).toBe(0);
    expect(plainFrame(lastFrame)).toContain('Data file');
  });
});
