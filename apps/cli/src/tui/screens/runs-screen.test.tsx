import { render } from 'ink-testing-library';
import { createRunsFixture } from '../__fixtures__/run-fixtures.js';
import { KEYS, plainFrame, press, waitForFrame } from '../__fixtures__/ink-keys.js';
import { servicesWith } from '../__fixtures__/tui-fixtures.js';
import { RunsScreen } from './runs-screen.js';

const services = servicesWith();

async function renderScreen() {
  const { runsDir } = await createRunsFixture();
  const selected: string[] = [];
  const instance = render(
    <RunsScreen active visited runsDir={runsDir} refreshKey={0} currentRunDir={undefined} cwd={runsDir} width={100} height={40} listRuns={services.listRuns} onSelectRun={(dir) => selected.push(dir)} />,
  );
  await waitForFrame(instance.lastFrame, (frame) => frame.includes('prompt-b'));
  return { ...instance, selected, runsDir };
}

describe('RunsScreen', () => {
  it('lists the runs newest first with their last loss and metrics, and the focused run curve', async () => {
    const { lastFrame } = await renderScreen();
    const frame = plainFrame(lastFrame);
    expect(frame).toContain('Runs in');
    expect(frame).toContain('(3)');
    const lines = frame.split('\n');
    const rows = lines.filter((line) => /^[› ] [○●] /.test(line));
    expect(rows.map((line) => line.slice(4, 16).trim())).toEqual(['prompt-b', 'lora-a', 'cancelled-c']);
    expect(rows[0]).toMatch(/› ○ prompt-b +prompt-tuning +4 +2\.5000 +65\.0% +0\.5000/);
    expect(rows[2]).toMatch(/cancelled-c +p-tuning +2 +2\.7000 +– +–/);
    expect(frame).toContain('prompt-b · model stories260K · data train-sample.csv · adapter saved');
    expect(frame).toContain('Training loss');
  });

  it('compares two marked runs side by side with overlaid loss curves', async () => {
    const { lastFrame, stdin } = await renderScreen();
    await press(stdin, 'c');
    expect(plainFrame(lastFrame)).toContain('Mark two runs with space to compare them (0 marked).');
    await press(stdin, KEYS.escape, KEYS.space, KEYS.down, KEYS.space, 'c');
    const frame = plainFrame(lastFrame);
    expect(frame).toMatch(/^ +prompt-b +lora-a$/m);
    expect(frame).toMatch(/^method +prompt-tuning +lora$/m);
    expect(frame).toMatch(/^accuracy +65\.00% +70\.00%$/m);
    expect(frame).toMatch(/^last train loss +2\.5000 +1\.4000$/m);
    expect(frame).toContain('━ prompt-b');
    expect(frame).toContain('━ lora-a');
    // A third mark replaces the oldest one.
    await press(stdin, KEYS.down, KEYS.space);
    expect(plainFrame(lastFrame)).toMatch(/^ +lora-a +cancelled-c$/m);
  });

  it('picks the focused run for evaluate and predict with enter', async () => {
    const { stdin, selected, runsDir } = await renderScreen();
    await press(stdin, KEYS.down, KEYS.enter);
    expect(selected).toEqual([`${runsDir}/lora-a`]);
  });

  it('says when there are no runs yet', async () => {
    const { lastFrame } = render(<RunsScreen active visited runsDir="/nonexistent/runs" refreshKey={0} currentRunDir={undefined} cwd="/" width={80} height={20} listRuns={services.listRuns} onSelectRun={() => undefined} />);
    expect(await waitForFrame(lastFrame, (frame) => frame.includes('No runs yet'))).toContain('(0)');
  });
});
