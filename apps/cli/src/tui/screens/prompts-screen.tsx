import { BUILTIN_TEMPLATES } from '@causal-tune/prompts';
import { Box, Text } from 'ink';
import { useMemo, useState } from 'react';
import { ScrollView, scrollBy, wrapLines } from '../components/scroll-view.js';
import { TaskStatus } from '../components/task-status.js';
import { TextInput, applyTextInput } from '../components/text-input.js';
import { displayPath } from '../display-path.js';
import { useAsyncTask } from '../hooks/use-async-task.js';
import { useKeys } from '../hooks/use-keys.js';
import { useRefState } from '../hooks/use-ref-state.js';
import type { TuiServices } from '../services/tui-services.js';

/** Props of {@link PromptsScreen}. */
export interface PromptsScreenProps {
  /** The screen has the keyboard. */
  readonly active: boolean;
  /** The screen has been shown: prompts load from then on. */
  readonly visited: boolean;
  readonly dataPath: string;
  /** A built-in template name; undefined for the default per record. */
  readonly templateName: string | undefined;
  readonly cwd: string;
  readonly width: number;
  /** Rows available to the screen. */
  readonly height: number;
  readonly previewPrompts: TuiServices['previewPrompts'];
  /** A template was picked (undefined: back to the default). */
  onSelectTemplate(name: string | undefined): void;
  /** A text field took (true) or gave back (false) the keyboard. */
  onEditingChange(editing: boolean): void;
}

/** How many records the screen renders to page through. */
export const PREVIEW_LIMIT = 100;

/** The templates `t` cycles through: the default per record, then each built-in. */
export const TEMPLATE_CHOICES: readonly (string | undefined)[] = [undefined, ...BUILTIN_TEMPLATES.map((template) => template.name)];

/** The template after `current` in {@link TEMPLATE_CHOICES}. */
export function nextTemplate(current: string | undefined): string | undefined {
  const index = TEMPLATE_CHOICES.indexOf(current);
  return TEMPLATE_CHOICES[(index + 1) % TEMPLATE_CHOICES.length];
}

function countsText(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .filter(([, count]) => count > 0)
    .map(([name, count]) => `${name} ${count}`)
    .join(' · ');
}

type EditState = { readonly draft: string; readonly error?: string } | undefined;

/**
 * Screen 2: the template (cycled with `t` or typed) and the prompts and answers it makes from
 * the data file (`runPromptsPreview`), one record at a time with ←→.
 */
export function PromptsScreen(props: PromptsScreenProps) {
  const { active, visited, dataPath, templateName, cwd, width, height, previewPrompts, onSelectTemplate, onEditingChange } = props;
  const [index, setIndex] = useState(0);
  const [offset, setOffset] = useState(0);
  const [edit, setEdit, currentEdit] = useRefState<EditState>(undefined);
  const key = visited ? `${dataPath}\u0000${templateName ?? ''}` : undefined;
  const task = useAsyncTask((options) => previewPrompts({ dataPath, show: PREVIEW_LIMIT, ...(templateName === undefined ? {} : { templateName }) }, options), key);
  const result = task.state.status === 'done' ? task.state.value : undefined;
  const previews = result?.preview.previews ?? [];
  const current = previews[Math.min(index, Math.max(0, previews.length - 1))];
  const textHeight = Math.max(3, height - 5);
  const lines = useMemo(() => (current === undefined ? [] : wrapLines(current.prompt, Math.max(20, width - 2))), [current, width]);

  const show = (next: number): void => {
    setIndex(Math.min(Math.max(0, previews.length - 1), Math.max(0, next)));
    setOffset(0);
  };
  const endEdit = (): void => {
    setEdit(undefined);
    onEditingChange(false);
  };

  useKeys(
    (input, inputKey) => {
      const editing = currentEdit();
      if (editing !== undefined) {
        const change = applyTextInput(editing.draft, input, inputKey);
        if (change.type === 'change') setEdit({ draft: change.value });
        else if (change.type === 'cancel') endEdit();
        else if (change.type === 'submit') {
          const name = editing.draft.trim();
          if (name === '' || name === 'default') {
            onSelectTemplate(undefined);
            endEdit();
          } else if (TEMPLATE_CHOICES.includes(name)) {
            onSelectTemplate(name);
            endEdit();
          } else setEdit({ draft: editing.draft, error: `Unknown template '${name}'. Built-in templates: ${TEMPLATE_CHOICES.filter(Boolean).join(', ')}.` });
        }
        return;
      }
      if (inputKey.rightArrow || input === 'n') show(index + 1);
      else if (inputKey.leftArrow || input === 'p') show(index - 1);
      else if (input === 't') {
        onSelectTemplate(nextTemplate(templateName));
        setOffset(0);
      } else if (input === 'e') {
        setEdit({ draft: templateName ?? '' });
        onEditingChange(true);
      } else if (inputKey.upArrow || input === 'k') setOffset((value) => scrollBy(value, -1, lines.length, textHeight - 1));
      else if (inputKey.downArrow || input === 'j') setOffset((value) => scrollBy(value, 1, lines.length, textHeight - 1));
    },
    active,
  );

  const templateLabel = templateName ?? 'default (alpaca, or alpaca-no-input for records without input)';
  return (
    <Box flexDirection="column">
      {edit === undefined ? (
        <Box>
          <Text bold>Template </Text>
          <Text color="cyan">{templateLabel}</Text>
        </Box>
      ) : (
        <TextInput label="Template" value={edit.draft} isActive={active} />
      )}
      {edit?.error === undefined ? null : <Text color="red">{edit.error}</Text>}
      <TaskStatus state={task.state} label={`Rendering the prompts of ${displayPath(dataPath, cwd)}`} />
      {result !== undefined && current !== undefined ? (
        <Box flexDirection="column">
          <Text dimColor>
            {result.preview.total} {result.kind} records · answers: {countsText(result.preview.summary.answers)}
            {result.kind === 'court' ? ` · asked about: ${countsText(result.preview.summary.askedAbout)}` : ''}
            {result.preview.summary.unlabelled > 0 ? ` · ${result.preview.summary.unlabelled} unlabelled` : ''}
          </Text>
          <Box>
            <Text bold>
              Record {index + 1} of {previews.length}
            </Text>
            <Text>
              {' '}
              · row {current.row}
              {current.id === undefined ? '' : ` · ${current.id}`} · template {current.template}
              {current.askedAbout === undefined ? '' : ` · asks about ${current.askedAbout}`}
            </Text>
          </Box>
          <ScrollView lines={lines} offset={offset} height={textHeight} />
          <Box>
            <Text bold>Answer </Text>
            {current.answer === undefined ? <Text dimColor>(unlabelled)</Text> : <Text color="green">{current.answer}</Text>}
          </Box>
        </Box>
      ) : null}
      {result !== undefined && current === undefined ? <Text dimColor>The file has no records.</Text> : null}
    </Box>
  );
}
