/** The screens of the TUI, in the order `tab` walks them and the number keys name them. */
export const SCREENS = [
  { id: 'data', title: 'Data' },
  { id: 'prompts', title: 'Prompts' },
  { id: 'method', title: 'Method' },
  { id: 'train', title: 'Train' },
  { id: 'evaluate', title: 'Evaluate' },
  { id: 'predict', title: 'Predict' },
  { id: 'runs', title: 'Runs' },
] as const;

/** One screen of the TUI. */
export type ScreenId = (typeof SCREENS)[number]['id'];

/** The title of a screen, as the tab bar shows it. */
export function screenTitle(screen: ScreenId): string {
  return SCREENS.find((entry) => entry.id === screen)?.title ?? screen;
}

/** The screen `delta` places after `screen`, wrapping around (tab, shift+tab). */
export function screenAfter(screen: ScreenId, delta: number): ScreenId {
  const index = SCREENS.findIndex((entry) => entry.id === screen);
  const next = (((index + delta) % SCREENS.length) + SCREENS.length) % SCREENS.length;
  return SCREENS[next]?.id ?? screen;
}
