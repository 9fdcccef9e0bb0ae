// End to end: the real, built `ctune` binary in a real terminal (tmux). A bare `ctune` opens
// the TUI; the test walks the screens, starts a short LoRA training of stories260K on the
// bundled court sample, sees the progress bar move, cancels it, and finds the checkpoint the
// trainer wrote on abort in the run directory. Needs tmux (`apt-get install -y tmux`); without
// it the test is skipped and says so.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { visibleFields } from '../src/tui/state/method-form.js';
import { TmuxTerminal, hasTmux } from './tmux-terminal.js';

const cliRoot = fileURLToPath(new URL('../', import.meta.url));
const repositoryRoot = join(cliRoot, '..', '..');
const bin = join(cliRoot, 'dist', 'bin.js');
const TMUX = hasTmux();
const STEPS = 200;

function newestMtime(directory: string): number {
  let newest = 0;
  for (const entry of execFileSync('find', [directory, '-type', 'f', '-name', '*.ts*', '-not', '-name', '*.test.*', '-not', '-path', '*__fixtures__*'], { encoding: 'utf8' }).split('\n')) {
    if (entry !== '') newest = Math.max(newest, statSync(entry).mtimeMs);
  }
  return newest;
}

/** Builds the CLI when dist/ is older than its sources (turbo's `test` builds only the dependencies). */
function ensureBuilt(): void {
  for (const dependency of ['core', 'data-prep', 'prompts', 'graph', 'models', 'trainer', 'inference']) {
    if (!existsSync(join(repositoryRoot, 'packages', dependency, 'dist', 'index.js'))) {
      throw new Error(`packages/${dependency}/dist is missing: run 'pnpm build' (or 'pnpm test', which builds the dependencies first).`);
    }
  }
  if (!existsSync(bin) || statSync(bin).mtimeMs < newestMtime(join(cliRoot, 'src'))) {
    execFileSync(join(cliRoot, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { cwd: cliRoot, stdio: 'inherit' });
  }
}

const stepOf = (screen: string): number => Number(new RegExp(`step (\\d+)/${STEPS}`).exec(screen)?.[1] ?? -1);
const barOf = (screen: string): string => screen.split('\n').find((line) => line.includes(`/${STEPS}`)) ?? '';

let workDir: string;
let terminal: TmuxTerminal;

beforeAll(async () => {
  if (!TMUX) return;
  ensureBuilt();
  workDir = await mkdtemp(join(tmpdir(), 'ctune-tui-e2e-'));
  terminal = new TmuxTerminal(`ctune-e2e-${process.pid}`);
  // CI is unset for the pane only: the TUI rightly refuses to open in CI, but this pane is a
  // real terminal. The exit code is printed when ctune ends.
  terminal.start({ command: `env -u CI -u NO_COLOR TERM=xterm-256color node ${bin}; echo "ctune exited with $?"; sleep 60`, cwd: workDir, columns: 110, rows: 32 });
}, 120_000);

afterAll(async () => {
  if (!TMUX) return;
  terminal.kill();
  await rm(workDir, { recursive: true, force: true });
});

const tmuxTest = TMUX ? it : it.skip;
if (!TMUX) {
  // Printed once so that a skipped run says why; .ci/run installs tmux.
  process.stderr.write('tui.e2e.test.ts: SKIPPED, tmux is not installed (apt-get install -y tmux).\n');
}

describe('ctune TUI in a real terminal (tmux)', () => {
  tmuxTest(
    TMUX ? 'walks the screens, trains, sees progress, cancels and finds the checkpoint' : 'SKIPPED: tmux is not installed (apt-get install -y tmux)',
    async () => {
      // 1 Data: the bundled sample's statistics.
      const data = await terminal.waitFor((screen) => screen.includes('Length of facts in characters'), 20_000, 'the data screen with statistics');
      expect(data).toContain('ctune  1 Data  2 Prompts  3 Method  4 Train  5 Evaluate  6 Predict  7 Runs');
      expect(data).toContain('300 rows | label 1: 200 (66.7%) | label 0: 100 (33.3%)');
      expect(data).toContain('? help · q quit');

      // ? toggles the full help.
      await terminal.keys('?');
      await terminal.waitFor((screen) => screen.includes('Keys of the Data screen'), 5_000, 'the help');
      await terminal.keys('?');

      // 2 Prompts: the court prompts and their answers.
      await terminal.keys('2');
      await terminal.waitFor((screen) => screen.includes('Record 1 of 100') && screen.includes('### Instruction:'), 10_000, 'the prompts screen');
      await terminal.keys('Right');
      await terminal.waitFor((screen) => screen.includes('Record 2 of 100'), 5_000, 'the next record');

      // 3 Method: LoRA with 200 steps.
      await terminal.keys('3');
      await terminal.waitFor((screen) => /› Method +‹ lora ›/.test(screen), 10_000, 'the method form');
      // Down to Max steps: how far depends on LoRA's options, which come from models' list.
      const maxStepsRow = visibleFields('lora').findIndex((field) => field.key === 'training.maxSteps');
      await terminal.keys(...Array.from({ length: maxStepsRow }, () => 'Down'), 'Enter');
      await terminal.type(String(STEPS));
      await terminal.keys('Enter');
      await terminal.waitFor((screen) => new RegExp(`› Max steps +${STEPS}`).test(screen), 5_000, `max steps set to ${STEPS}`);

      // 4 Train: start, and see the progress bar move.
      await terminal.keys('s');
      const first = await terminal.waitFor((screen) => stepOf(screen) >= 1, 30_000, 'the first step');
      expect(first).toContain('4 Train ●');
      expect(first).toMatch(/loss \d+\.\d{4} · lr \d\.\d\de-\d · [\d.]+k? tok\/s · ETA /);
      expect(first).toContain('Training loss');
      const later = await terminal.waitFor((screen) => stepOf(screen) >= stepOf(first) + 4, 30_000, 'four more steps');
      expect(barOf(later)).not.toBe(barOf(first));
      expect(barOf(later)).toMatch(/█/);

      // Cancel: the trainer writes a checkpoint, and the screen says where.
      await terminal.keys('c');
      const cancelled = await terminal.waitFor((screen) => screen.includes('Cancelled.'), 30_000, 'the cancelled run');
      const stoppedAt = stepOf(cancelled);
      expect(stoppedAt).toBeGreaterThanOrEqual(stepOf(later));
      expect(stoppedAt).toBeLessThan(STEPS);
      const checkpoint = /The checkpoint is in (\S+);/.exec(cancelled.replace(/\n/g, ''))?.[1];
      expect(checkpoint).toBeDefined();
      const runDir = join(checkpoint ?? '', '..');
      expect(runDir.startsWith(join(workDir, 'runs'))).toBe(true);
      expect((await readdir(checkpoint ?? '')).sort()).toEqual(['optimizer.safetensors', 'state.json', 'trainable.safetensors']);
      const state = JSON.parse(await readFile(join(checkpoint ?? '', 'state.json'), 'utf8')) as { step: number };
      expect(state.step).toBe(stoppedAt);
      expect(JSON.parse(await readFile(join(runDir, 'config.json'), 'utf8'))).toMatchObject({ method: { type: 'lora' }, training: { maxSteps: STEPS } });
      // An aborted run saves no adapter: it is resumed from the checkpoint instead.
      expect(existsSync(join(runDir, 'adapter'))).toBe(false);

      // 7 Runs: the cancelled run is listed; q quits with exit code 0.
      await terminal.keys('7');
      await terminal.waitFor((screen) => screen.includes('Runs in runs (1)') && screen.includes('checkpoint only'), 10_000, 'the run in the runs list');
      await terminal.keys('q');
      await terminal.waitFor((screen) => screen.includes('ctune exited with 0'), 10_000, 'ctune to exit');
    },
    90_000,
  );
});
