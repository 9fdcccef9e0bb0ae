import { render } from 'ink-testing-library';
import { createFakeTrainer } from './__fixtures__/fake-trainer.js';
import { KEYS, press, waitForFrame } from './__fixtures__/ink-keys.js';
import { createRunsFixture } from './__fixtures__/run-fixtures.js';
import { COURT_SAMPLE, STORIES_MODEL, servicesWith } from './__fixtures__/tui-fixtures.js';
import { App } from './app.js';
import type { TuiOptions } from './app.js';

async function renderApp(overrides: Partial<Parameters<typeof servicesWith>[0]> = {}) {
  const { runsDir } = await createRunsFixture();
  const options: TuiOptions = { cwd: runsDir, runsDir, dataPath: COURT_SAMPLE, modelPath: STORIES_MODEL, color: false, now: () => new Date(2026, 0, 2, 10, 30, 5).getTime() };
  const instance = render(<App options={options} services={servicesWith(overrides)} />);
  return { ...instance, runsDir };
}

describe('App', () => {
  it('opens on the data screen with the tabs and the key footer', async () => {
    const { lastFrame } = await renderApp();
    const frame = await waitForFrame(lastFrame, (text) => text.includes('Length of facts') && text.includes('recent: r'));
    const lines = frame.split('\n');
    expect(lines[0]).toBe('ctune  1 Data  2 Prompts  3 Method  4 Train  5 Evaluate  6 Predict  7 Runs');
    expect(lines.at(-1)).toBe('e edit the data file path · r pick a recent file · ↑↓ pgup pgdn scroll the statis… · ? help · q quit');
    // The data file of an earlier run is offered among the recent files.
    expect(frame).toContain('(2 recent: r)');
    expect(lines.length).toBeLessThanOrEqual(24);
  });

  it('moves through the screens with tab, shift+tab and the digits', async () => {
    const { lastFrame, stdin } = await renderApp();
    await press(stdin, KEYS.tab);
    expect(await waitForFrame(lastFrame, (text) => text.includes('Record 1 of'))).toContain('Template default');
    await press(stdin, KEYS.tab);
    expect(await waitForFrame(lastFrame, (text) => /› Method +‹ lora ›/.test(text))).toContain(`Data ${COURT_SAMPLE} · Template default`);
    await press(stdin, '4');
    await waitForFrame(lastFrame, (text) => text.includes('No training yet'));
    await press(stdin, '5');
    await waitForFrame(lastFrame, (text) => text.includes('No run yet'));
    await press(stdin, '7');
    expect(await waitForFrame(lastFrame, (text) => text.includes('prompt-b'))).toContain('Runs in');
    await press(stdin, KEYS.shiftTab);
    await waitForFrame(lastFrame, (text) => text.includes('Output –'));
    await press(stdin, KEYS.tab, KEYS.tab);
    await waitForFrame(lastFrame, (text) => text.includes('Data file'));
  });

  it('toggles the full help with ? on every screen', async () => {
    const { lastFrame, stdin } = await renderApp();
    for (const digit of ['1', '2', '3', '4', '5', '6', '7']) {
      await press(stdin, digit, '?');
      const frame = await waitForFrame(lastFrame, (text) => /Keys of the \w+ screen/.test(text));
      expect(frame).toContain('toggle this help');
      await press(stdin, '?');
      await waitForFrame(lastFrame, (text) => !text.includes('Keys of the'));
    }
  });

  it('lets a text field take q and the digits', async () => {
    const { lastFrame, stdin } = await renderApp();
    await press(stdin, 'e', KEYS.ctrlU, 'q', '2');
    const frame = await waitForFrame(lastFrame, (text) => text.includes('Data file q2'));
    expect(frame.split('\n').at(-1)).toBe('enter apply · esc cancel · ctrl+u clear');
    await press(stdin, KEYS.escape, '2');
    await waitForFrame(lastFrame, (text) => text.includes('Template default'));
  });

  it('trains from the method screen, keeps training on other screens, and cancels with c', async () => {
    const { lastFrame, stdin, runsDir } = await renderApp({ train: createFakeTrainer({ totalSteps: 1000, stepMs: 20 }) });
    await press(stdin, '3', 's');
    const training = await waitForFrame(lastFrame, (text) => /step [1-9]\d*\/1000/.test(text));
    expect(training).toContain('4 Train ●');
    expect(training).toContain('Run tui-20260102-103005 · lora · stories260K · train-sample.csv');
    await press(stdin, '7');
    await waitForFrame(lastFrame, (text) => text.includes('Runs in'));
    await press(stdin, '4', 'c');
    const cancelled = await waitForFrame(lastFrame, (text) => text.includes('Cancelled.'));
    expect(cancelled).toContain(`The checkpoint is in ${runsDir}/tui-20260102-103005/checkpoint`);
    expect(cancelled).not.toContain('4 Train ●');
  });
});
