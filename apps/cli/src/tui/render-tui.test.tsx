import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeTerminal, visibleText } from './__fixtures__/fake-terminal.js';
import { tick } from './__fixtures__/ink-keys.js';
import { BUNDLED } from '../bundled-assets.js';
import { defaultTuiOptions, renderTui } from './render-tui.js';

describe('renderTui', () => {
  it('points at the bundled sample, the bundled model and <cwd>/runs', () => {
    // apps/cli/assets/ once built, the repository's fixtures/ before.
    expect(BUNDLED.courtSample).toMatch(/(assets|fixtures)\/dacon-court\/train-sample\.csv$/);
    expect(BUNDLED.model).toMatch(/(assets|fixtures)\/models\/stories260K$/);
    expect(defaultTuiOptions({ cwd: '/work', env: { NO_COLOR: true, CI: false, CTUNE_VERBOSE: false } })).toEqual({
      cwd: '/work',
      runsDir: '/work/runs',
      dataPath: BUNDLED.courtSample,
      modelPath: BUNDLED.model,
      color: false,
    });
  });

  it('draws on the alternate screen and returns 0 when the user quits with q', async () => {
    const terminal = createFakeTerminal(await mkdtemp(join(tmpdir(), 'ctune-tui-render-')));
    const exited = renderTui(terminal);
    for (let attempt = 0; attempt < 100 && !visibleText(terminal.output()).includes('1 Data'); attempt += 1) await tick(20);
    terminal.type('?');
    for (let attempt = 0; attempt < 250 && !visibleText(terminal.output()).includes('Keys of the Data screen'); attempt += 1) await tick(20);
    expect(visibleText(terminal.output())).toContain('Keys of the Data screen');
    terminal.type('q');
    expect(await exited).toBe(0);
    const output = terminal.output();
    expect(output.startsWith('\u001B[?1049h')).toBe(true);
    expect(output.endsWith('\u001B[?1049l')).toBe(true);
  });
});
