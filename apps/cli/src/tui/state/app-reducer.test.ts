import { MAX_RECENT_FILES, appReducer, initialAppState } from './app-reducer.js';
import type { AppAction, AppState } from './app-reducer.js';

const run = (state: AppState, ...actions: AppAction[]): AppState => actions.reduce(appReducer, state);

describe('appReducer', () => {
  const start = initialAppState('/data/a.csv', ['/data/b.csv', '/data/a.csv']);

  it('starts on the data screen with the data file first among the recent files', () => {
    expect(start).toMatchObject({ screen: 'data', helpOpen: false, editing: false, dataPath: '/data/a.csv', recentFiles: ['/data/a.csv', '/data/b.csv'] });
  });

  it('walks the screens with tab and shift+tab, wrapping around', () => {
    expect(run(start, { type: 'cycle-screen', delta: 1 }).screen).toBe('prompts');
    expect(run(start, { type: 'cycle-screen', delta: -1 }).screen).toBe('runs');
    expect(run(start, { type: 'navigate', screen: 'train' }, { type: 'cycle-screen', delta: 1 }).screen).toBe('evaluate');
  });

  it('remembers the screens shown, so that they load once and stay mounted', () => {
    expect(start.visited).toEqual(['data']);
    expect(run(start, { type: 'navigate', screen: 'runs' }, { type: 'navigate', screen: 'data' }, { type: 'cycle-screen', delta: 1 }).visited).toEqual(['data', 'runs', 'prompts']);
  });

  it('closes the help and any edit when the screen changes', () => {
    const state = run(start, { type: 'toggle-help' }, { type: 'set-editing', editing: true });
    expect(state).toMatchObject({ helpOpen: true, editing: true });
    expect(run(state, { type: 'navigate', screen: 'runs' })).toMatchObject({ screen: 'runs', helpOpen: false, editing: false });
    expect(run(start, { type: 'toggle-help' }, { type: 'toggle-help' }).helpOpen).toBe(false);
  });

  it('moves a picked file to the front of the recent files and keeps a few', () => {
    let state = run(start, { type: 'select-data', path: '/data/b.csv' });
    expect(state.recentFiles).toEqual(['/data/b.csv', '/data/a.csv']);
    for (let index = 0; index < 20; index += 1) state = run(state, { type: 'select-data', path: `/data/${index}.csv` });
    expect(state.recentFiles).toHaveLength(MAX_RECENT_FILES);
    expect(state.recentFiles[0]).toBe('/data/19.csv');
    expect(run(start, { type: 'add-recent', paths: ['/runs/x.csv', '/data/a.csv'] }).recentFiles).toEqual(['/data/a.csv', '/data/b.csv', '/runs/x.csv']);
  });

  it('remembers the template, the run and a pending quit', () => {
    const state = run(start, { type: 'select-template', name: 'alpaca' }, { type: 'select-run', runDir: '/runs/a' }, { type: 'request-quit' });
    expect(state).toMatchObject({ templateName: 'alpaca', runDir: '/runs/a', quitPending: true });
  });
});
