import { loadEnv } from './env.js';

describe('loadEnv', () => {
  it('reads flags the way NO_COLOR and CI services set them', () => {
    expect(loadEnv({})).toEqual({ NO_COLOR: false, CI: false, CTUNE_VERBOSE: false });
    expect(loadEnv({ NO_COLOR: '1', CI: 'true', CTUNE_VERBOSE: 'yes', TERM: 'xterm-256color' })).toEqual({
      NO_COLOR: true,
      CI: true,
      CTUNE_VERBOSE: true,
      TERM: 'xterm-256color',
    });
    expect(loadEnv({ NO_COLOR: '', CI: 'false', CTUNE_VERBOSE: '0' })).toMatchObject({ NO_COLOR: false, CI: false, CTUNE_VERBOSE: false });
  });

  it('ignores variables it does not know', () => {
    expect(loadEnv({ HOME: '/root', PATH: '/usr/bin' })).toEqual({ NO_COLOR: false, CI: false, CTUNE_VERBOSE: false });
  });
});
