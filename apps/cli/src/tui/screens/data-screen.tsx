import { Box, Text } from 'ink';
import { resolve } from 'node:path';
import { useMemo, useState } from 'react';
import { renderPrepText } from '../../output/prep-text.js';
import { createTextStyle } from '../../output/text-style.js';
import { ScrollView, scrollBy } from '../components/scroll-view.js';
import { TaskStatus } from '../components/task-status.js';
import { TextInput, applyTextInput } from '../components/text-input.js';
import { displayPath } from '../display-path.js';
import { useAsyncTask } from '../hooks/use-async-task.js';
import { useKeys } from '../hooks/use-keys.js';
import { useRefState } from '../hooks/use-ref-state.js';
import type { TuiServices } from '../services/tui-services.js';

/** Props of {@link DataScreen}. */
export interface DataScreenProps {
  /** The screen has the keyboard (shown, help closed). */
  readonly active: boolean;
  /** The screen has been shown: statistics load from then on. */
  readonly visited: boolean;
  /** The data file whose statistics are shown. */
  readonly dataPath: string;
  /** Files to pick from, most recent first. */
  readonly recentFiles: readonly string[];
  /** Paths inside it are shown relative to it; typed paths resolve against it. */
  readonly cwd: string;
  readonly width: number;
  /** Rows available to the screen. */
  readonly height: number;
  /** Colour the charts. */
  readonly color: boolean;
  readonly prep: TuiServices['prep'];
  /** A file was typed or picked. */
  onSelectData(path: string): void;
  /** A text field took (true) or gave back (false) the keyboard. */
  onEditingChange(editing: boolean): void;
}

type Mode = { readonly type: 'view' } | { readonly type: 'edit'; readonly draft: string } | { readonly type: 'recent'; readonly index: number };

/**
 * Screen 1: the data file (typed, or picked among recent files) and its statistics from
 * `runPrep`: histograms of fact lengths, label balance, NER tags and matching cases, the
 * terminal charts of `ctune prep`, scrolled with ↑↓.
 */
export function DataScreen(props: DataScreenProps) {
  const { active, visited, dataPath, recentFiles, cwd, width, height, color, prep, onSelectData, onEditingChange } = props;
  const [mode, setMode, currentMode] = useRefState<Mode>({ type: 'view' });
  const [offset, setOffset] = useState(0);
  const task = useAsyncTask((options) => prep(dataPath, options), visited ? dataPath : undefined);
  const lines = useMemo(
    () => (task.state.status === 'done' ? renderPrepText(task.state.value, { width: Math.max(40, width - 2), style: createTextStyle(color) }) : []),
    [task.state, width, color],
  );
  const recentHeight = recentFiles.length;
  const statisticsHeight = Math.max(3, height - 3 - (mode.type === 'recent' ? recentHeight + 1 : 0));

  const setModeAndFocus = (next: Mode): void => {
    setMode(next);
    onEditingChange(next.type !== 'view');
  };
  const pick = (path: string): void => {
    setModeAndFocus({ type: 'view' });
    setOffset(0);
    onSelectData(path);
  };

  useKeys(
    (input, key) => {
      const mode = currentMode();
      if (mode.type === 'edit') {
        const edit = applyTextInput(mode.draft, input, key);
        if (edit.type === 'change') setMode({ type: 'edit', draft: edit.value });
        else if (edit.type === 'cancel' || (edit.type === 'submit' && mode.draft.trim() === '')) setModeAndFocus({ type: 'view' });
        else if (edit.type === 'submit') pick(resolve(cwd, mode.draft.trim()));
        return;
      }
      if (mode.type === 'recent') {
        if (key.escape) setModeAndFocus({ type: 'view' });
        else if (key.upArrow) setMode({ type: 'recent', index: Math.max(0, mode.index - 1) });
        else if (key.downArrow) setMode({ type: 'recent', index: Math.min(recentFiles.length - 1, mode.index + 1) });
        else if (key.return) {
          const path = recentFiles[mode.index];
          if (path !== undefined) pick(path);
        }
        return;
      }
      if (input === 'e') setModeAndFocus({ type: 'edit', draft: displayPath(dataPath, cwd) });
      else if (input === 'r' && recentFiles.length > 0) setModeAndFocus({ type: 'recent', index: 0 });
      else if (key.upArrow || input === 'k') setOffset((value) => scrollBy(value, -1, lines.length, statisticsHeight - 1));
      else if (key.downArrow || input === 'j') setOffset((value) => scrollBy(value, 1, lines.length, statisticsHeight - 1));
      else if (key.pageUp) setOffset((value) => scrollBy(value, -(statisticsHeight - 2), lines.length, statisticsHeight - 1));
      else if (key.pageDown || input === ' ') setOffset((value) => scrollBy(value, statisticsHeight - 2, lines.length, statisticsHeight - 1));
    },
    active,
  );

  return (
    <Box flexDirection="column">
      {mode.type === 'edit' ? (
        <TextInput label="Data file" value={mode.draft} isActive={active} />
      ) : (
        <Box>
          <Text bold>Data file </Text>
          <Text color="cyan">{displayPath(dataPath, cwd)}</Text>
          <Text dimColor>{recentFiles.length > 1 ? `  (${recentFiles.length} recent: r)` : ''}</Text>
        </Box>
      )}
      {mode.type === 'recent' ? (
        <Box flexDirection="column">
          <Text bold>Recent files</Text>
          {recentFiles.slice(0, recentHeight).map((path, index) => (
            <Text key={path} {...(index === mode.index ? { color: 'cyan' } : {})}>
              {index === mode.index ? '› ' : '  '}
              {displayPath(path, cwd)}
            </Text>
          ))}
        </Box>
      ) : null}
      <TaskStatus state={task.state} label={`Preparing ${displayPath(dataPath, cwd)}`} />
      {task.state.status === 'done' ? <ScrollView lines={lines} offset={offset} height={statisticsHeight} /> : null}
    </Box>
  );
}
