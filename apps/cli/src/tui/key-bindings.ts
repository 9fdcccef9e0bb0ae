import type { ScreenId } from './screens.js';

/** One key (or key group) and what it does, for the footer and the full help. */
export interface KeyBinding {
  /** How the key is written: `enter`, `↑↓`, `ctrl+c`. */
  readonly keys: string;
  /** What it does, in a few words. */
  readonly description: string;
  /** Shown in the one-line footer as well as in the full help. */
  readonly footer?: boolean;
  /** The footer's words, when shorter than the description. */
  readonly short?: string;
}

/** Keys that work on every screen (while no text field is being edited). */
export const GLOBAL_KEYS: readonly KeyBinding[] = [
  { keys: 'tab / shift+tab', description: 'next / previous screen' },
  { keys: '1-7', description: 'jump to a screen' },
  { keys: '?', description: 'toggle this help', footer: true, short: 'help' },
  { keys: 'q', description: 'quit (asks a running training to stop first)', footer: true, short: 'quit' },
  { keys: 'ctrl+c', description: 'cancel the training, or quit' },
];

/** The keys of each screen. */
export const SCREEN_KEYS: Readonly<Record<ScreenId, readonly KeyBinding[]>> = {
  data: [
    { keys: 'e', description: 'edit the data file path (enter loads, esc cancels)', footer: true },
    { keys: 'r', description: 'pick a recent file (↑↓, enter, esc)', footer: true },
    { keys: '↑↓ pgup pgdn', description: 'scroll the statistics', footer: true },
  ],
  prompts: [
    { keys: '←→', description: 'previous / next record', footer: true },
    { keys: 't', description: 'next built-in template', footer: true },
    { keys: 'e', description: 'type a template name (enter applies, esc cancels)' },
    { keys: '↑↓', description: 'scroll the prompt', footer: true },
  ],
  method: [
    { keys: '↑↓', description: 'move between fields', footer: true },
    { keys: '←→', description: 'change a choice (method, device, ...)', footer: true },
    { keys: 'enter', description: 'edit the field (enter keeps, esc cancels); on "Start training": start', footer: true },
    { keys: 's', description: 'start training with this config', footer: true },
  ],
  train: [
    { keys: 'c / esc', description: 'cancel: the trainer writes a checkpoint first', footer: true },
    { keys: 'e', description: 'evaluate the finished run', footer: true },
  ],
  evaluate: [
    { keys: 'enter', description: 'evaluate the run on the data file', footer: true },
    { keys: 'e', description: 'edit the data file path', footer: true },
  ],
  predict: [
    { keys: 'enter', description: 'write the submission', footer: true },
    { keys: 'e', description: 'edit the data file path', footer: true },
    { keys: 'o', description: 'edit the output path', footer: true },
  ],
  runs: [
    { keys: '↑↓', description: 'move', footer: true },
    { keys: 'space', description: 'mark for comparison (two at most)', footer: true },
    { keys: 'c', description: 'compare the two marked runs', footer: true },
    { keys: 'enter', description: 'use the run for evaluate and predict', footer: true },
    { keys: 'r', description: 'reload the list' },
  ],
};

/** Keys shown while a text field has the keyboard. */
export const EDITING_KEYS: readonly KeyBinding[] = [
  { keys: 'enter', description: 'apply', footer: true },
  { keys: 'esc', description: 'cancel', footer: true },
  { keys: 'ctrl+u', description: 'clear', footer: true },
];
