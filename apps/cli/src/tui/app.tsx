import type { TrainConfig } from '@causal-tune/trainer';
import { Box, Text, useApp } from 'ink';
import type { Key } from 'ink';
import type { ReactNode } from 'react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { HelpFooter } from './components/help-footer.js';
import { HelpOverlay } from './components/help-overlay.js';
import { ScreenTabs } from './components/screen-tabs.js';
import { KeyRouterProvider } from './hooks/use-keys.js';
import { useLatestReducer } from './hooks/use-latest-reducer.js';
import { useNow } from './hooks/use-now.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { useTrainingRun } from './hooks/use-training-run.js';
import { EDITING_KEYS, GLOBAL_KEYS, SCREEN_KEYS } from './key-bindings.js';
import { SCREENS, screenTitle } from './screens.js';
import type { ScreenId } from './screens.js';
import { DataScreen } from './screens/data-screen.js';
import { EvaluateScreen } from './screens/evaluate-screen.js';
import { MethodScreen } from './screens/method-screen.js';
import { PredictScreen } from './screens/predict-screen.js';
import { PromptsScreen } from './screens/prompts-screen.js';
import { RunsScreen } from './screens/runs-screen.js';
import { TrainingScreen } from './screens/training-screen.js';
import type { TuiServices } from './services/tui-services.js';
import { appReducer, initialAppState } from './state/app-reducer.js';
import { initialFormValues } from './state/method-form.js';
import { isTrainingActive } from './state/training-run.js';
import { newRunDirectory } from './run-name.js';

/** Where the TUI works and what it starts with. */
export interface TuiOptions {
  /** Relative paths are resolved against it and shown relative to it. */
  readonly cwd: string;
  /** The directory of run directories (`<cwd>/runs`). */
  readonly runsDir: string;
  /** The first data file (the bundled court sample). */
  readonly dataPath: string;
  /** The first model of the method form (the bundled stories260K). */
  readonly modelPath: string;
  /** Colour the text charts. */
  readonly color: boolean;
  /** The clock (run names, elapsed time); `Date.now` by default. */
  readonly now?: () => number;
}

/** Props of {@link App}. */
export interface AppProps {
  readonly options: TuiOptions;
  /** The work behind the screens: the real packages, or stand-ins in tests. */
  readonly services: TuiServices;
}

/** One screen in the app's frame: shown when current, kept mounted (and its state) otherwise. */
function ScreenSlot({ shown, children }: { readonly shown: boolean; readonly children: ReactNode }) {
  return (
    // flexShrink 0: a screen taller than its slot is clipped at the bottom, never squeezed
    // (Yoga would otherwise shrink its lines to nothing and draw them over each other).
    <Box flexDirection="column" flexShrink={0} display={shown ? 'flex' : 'none'}>
      {children}
    </Box>
  );
}

/**
 * The `ctune` terminal UI: a tab bar, the seven screens and a key footer. Navigation and the
 * shared picks live in {@link appReducer}; the training run lives here, not on its screen, so
 * that it goes on while the user looks at other screens. `q` quits (a running training is
 * cancelled first so that it checkpoints); ctrl+c cancels a training, or quits.
 */
export function App({ options, services }: AppProps) {
  const { exit } = useApp();
  const now = options.now ?? Date.now;
  const [state, dispatch, currentState] = useLatestReducer(appReducer, () => initialAppState(options.dataPath));
  const training = useTrainingRun(services.train);
  const trainingActive = isTrainingActive(training.state);
  const size = useTerminalSize();
  const nowMs = useNow(1000, trainingActive, now);
  const [refreshKey, setRefreshKey] = useState(0);
  const forcedQuit = useRef(false);

  // Data files of earlier runs join the recent files.
  useEffect(() => {
    void services.listRuns(options.runsDir).then(
      (runs) => dispatch({ type: 'add-recent', paths: runs.flatMap((run) => (run.dataPath === undefined ? [] : [run.dataPath])) }),
      () => undefined,
    );
  }, [services, options.runsDir]);

  // A finished run: the runs list is read again, and a pending quit happens now.
  useEffect(() => {
    if (trainingActive) return;
    if (training.state.phase !== 'idle') setRefreshKey((value) => value + 1);
    if (state.quitPending) exit();
  }, [trainingActive, training.state.phase, state.quitPending, exit]);

  const quit = (): void => {
    if (!trainingActive) exit();
    else {
      dispatch({ type: 'request-quit' });
      training.cancel();
    }
  };

  // Global keys; true when the key was used (it then goes to no screen).
  const onKey = (input: string, key: Key): boolean => {
    if (key.ctrl && input === 'c') {
      if (trainingActive && !forcedQuit.current) {
        forcedQuit.current = true;
        training.cancel();
      } else exit();
      return true;
    }
    const current = currentState();
    if (current.editing) return false;
    if (input === '?') dispatch({ type: 'toggle-help' });
    else if (input === 'q') quit();
    else if (key.tab) dispatch({ type: 'cycle-screen', delta: key.shift ? -1 : 1 });
    else if (/^[1-7]$/.test(input)) dispatch({ type: 'navigate', screen: SCREENS[Number(input) - 1]?.id ?? current.screen });
    else if (key.escape && current.helpOpen) dispatch({ type: 'toggle-help' });
    else return false;
    return true;
  };

  const formContext = useMemo(() => ({ cwd: options.cwd, dataPath: state.dataPath, templateName: state.templateName }), [options.cwd, state.dataPath, state.templateName]);
  const initialValues = useMemo(
    () => initialFormValues({ modelPath: options.modelPath, outputDir: newRunDirectory(options.runsDir, options.cwd, now()) }),
    // Computed once: the form keeps its own values from then on.
    [],
  );
  const setEditing = (editing: boolean): void => dispatch({ type: 'set-editing', editing });
  const startTraining = (config: TrainConfig): void => {
    training.start(config);
    dispatch({ type: 'select-run', runDir: config.outputDir });
    dispatch({ type: 'navigate', screen: 'train' });
  };

  const screenHeight = Math.max(8, size.rows - 3);
  const width = size.columns;
  const isShown = (screen: ScreenId): boolean => state.screen === screen && !state.helpOpen;
  const hasKeys = (screen: ScreenId): boolean => isShown(screen) && !state.quitPending;
  const visited = (screen: ScreenId): boolean => state.visited.includes(screen);
  const footerBindings = state.editing ? EDITING_KEYS : SCREEN_KEYS[state.screen];

  return (
    <KeyRouterProvider onKey={onKey}>
      <Box flexDirection="column" width={width}>
        <ScreenTabs current={state.screen} training={trainingActive} />
        <Box flexDirection="column" height={screenHeight} overflow="hidden">
          {state.helpOpen ? <HelpOverlay title={screenTitle(state.screen)} screenBindings={SCREEN_KEYS[state.screen]} globalBindings={GLOBAL_KEYS} /> : null}
          <ScreenSlot shown={isShown('data')}>
            <DataScreen active={hasKeys('data')} visited={visited('data')} dataPath={state.dataPath} recentFiles={state.recentFiles} cwd={options.cwd} width={width} height={screenHeight} color={options.color} prep={services.prep} onSelectData={(path) => dispatch({ type: 'select-data', path })} onEditingChange={setEditing} />
          </ScreenSlot>
          <ScreenSlot shown={isShown('prompts')}>
            <PromptsScreen active={hasKeys('prompts')} visited={visited('prompts')} dataPath={state.dataPath} templateName={state.templateName} cwd={options.cwd} width={width} height={screenHeight} previewPrompts={services.previewPrompts} onSelectTemplate={(name) => dispatch({ type: 'select-template', name })} onEditingChange={setEditing} />
          </ScreenSlot>
          <ScreenSlot shown={isShown('method')}>
            {visited('method') ? (
              <MethodScreen active={hasKeys('method')} initialValues={initialValues} context={formContext} trainingActive={trainingActive} height={screenHeight} onStart={startTraining} newRunDir={() => newRunDirectory(options.runsDir, options.cwd, now())} onEditingChange={setEditing} />
            ) : null}
          </ScreenSlot>
          <ScreenSlot shown={isShown('train')}>
            <TrainingScreen active={hasKeys('train')} run={training.state} cwd={options.cwd} width={width} height={screenHeight} nowMs={nowMs} onCancel={training.cancel} onEvaluate={(runDir) => { dispatch({ type: 'select-run', runDir }); dispatch({ type: 'navigate', screen: 'evaluate' }); }} />
          </ScreenSlot>
          <ScreenSlot shown={isShown('evaluate')}>
            <EvaluateScreen active={hasKeys('evaluate')} visited={visited('evaluate')} runDir={state.runDir} dataPath={state.dataPath} cwd={options.cwd} evaluate={services.evaluate} readRun={services.readRun} onEditingChange={setEditing} />
          </ScreenSlot>
          <ScreenSlot shown={isShown('predict')}>
            <PredictScreen active={hasKeys('predict')} visited={visited('predict')} runDir={state.runDir} dataPath={state.dataPath} cwd={options.cwd} predict={services.predict} readRun={services.readRun} onEditingChange={setEditing} />
          </ScreenSlot>
          <ScreenSlot shown={isShown('runs')}>
            <RunsScreen active={hasKeys('runs')} visited={visited('runs')} runsDir={options.runsDir} refreshKey={refreshKey} currentRunDir={state.runDir} cwd={options.cwd} width={width} height={screenHeight} listRuns={services.listRuns} onSelectRun={(runDir) => { dispatch({ type: 'select-run', runDir }); dispatch({ type: 'navigate', screen: 'evaluate' }); }} />
          </ScreenSlot>
        </Box>
        {state.quitPending ? <Text color="yellow">Stopping the training (checkpoint first), then quitting…</Text> : <HelpFooter bindings={footerBindings} globalBindings={state.editing ? [] : GLOBAL_KEYS} width={width} />}
      </Box>
    </KeyRouterProvider>
  );
}
