import { SCREENS, screenAfter } from '../screens.js';
import type { ScreenId } from '../screens.js';

/** The state the screens share: where the user is and what they picked. */
export interface AppState {
  readonly screen: ScreenId;
  /** Screens shown at least once: they load their data from then on and stay mounted. */
  readonly visited: readonly ScreenId[];
  /** The full keyboard help is open over the screen. */
  readonly helpOpen: boolean;
  /** A text field has the keyboard: global keys (q, tab, digits) type into it instead. */
  readonly editing: boolean;
  /** The data file every screen works on. */
  readonly dataPath: string;
  /** Data files picked before, most recent first (the current one included). */
  readonly recentFiles: readonly string[];
  /** A built-in template name, or undefined for the default per record (alpaca with or without input). */
  readonly templateName: string | undefined;
  /** The run that evaluate and predict use: the last one trained, or one picked on the runs screen. */
  readonly runDir: string | undefined;
  /** Quit was asked for while a training ran: the app exits once it has stopped. */
  readonly quitPending: boolean;
}

/** Everything that changes {@link AppState}. */
export type AppAction =
  | { readonly type: 'navigate'; readonly screen: ScreenId }
  | { readonly type: 'cycle-screen'; readonly delta: number }
  | { readonly type: 'toggle-help' }
  | { readonly type: 'set-editing'; readonly editing: boolean }
  | { readonly type: 'select-data'; readonly path: string }
  | { readonly type: 'add-recent'; readonly paths: readonly string[] }
  | { readonly type: 'select-template'; readonly name: string | undefined }
  | { readonly type: 'select-run'; readonly runDir: string }
  | { readonly type: 'request-quit' };

/** How many recent files the data screen lists. */
export const MAX_RECENT_FILES = 8;

/** The first state: the data screen on `dataPath`, with `recentFiles` after it. */
export function initialAppState(dataPath: string, recentFiles: readonly string[] = []): AppState {
  return {
    screen: 'data',
    visited: ['data'],
    helpOpen: false,
    editing: false,
    dataPath,
    recentFiles: withRecent([dataPath], recentFiles),
    templateName: undefined,
    runDir: undefined,
    quitPending: false,
  };
}

function withRecent(first: readonly string[], rest: readonly string[]): string[] {
  return [...new Set([...first, ...rest])].slice(0, MAX_RECENT_FILES);
}

function show(state: AppState, screen: ScreenId): AppState {
  return { ...state, screen, visited: state.visited.includes(screen) ? state.visited : [...state.visited, screen], helpOpen: false, editing: false };
}

/** The app's reducer: pure, so navigation is tested without rendering. */
export function appReducer(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'navigate':
      return SCREENS.some((entry) => entry.id === action.screen) ? show(state, action.screen) : state;
    case 'cycle-screen':
      return show(state, screenAfter(state.screen, action.delta));
    case 'toggle-help':
      return { ...state, helpOpen: !state.helpOpen };
    case 'set-editing':
      return state.editing === action.editing ? state : { ...state, editing: action.editing };
    case 'select-data':
      return { ...state, dataPath: action.path, recentFiles: withRecent([action.path], state.recentFiles) };
    case 'add-recent':
      // Files of earlier runs come after the ones picked in this session.
      return { ...state, recentFiles: withRecent(state.recentFiles, action.paths) };
    case 'select-template':
      return { ...state, templateName: action.name };
    case 'select-run':
      return { ...state, runDir: action.runDir };
    case 'request-quit':
      return { ...state, quitPending: true };
  }
}
