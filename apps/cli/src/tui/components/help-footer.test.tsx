import { render } from 'ink-testing-library';
import { plainFrame } from '../__fixtures__/ink-keys.js';
import { EDITING_KEYS, GLOBAL_KEYS, SCREEN_KEYS } from '../key-bindings.js';
import { HelpFooter, footerText } from './help-footer.js';
import { HelpOverlay } from './help-overlay.js';

describe('footerText', () => {
  it('lists the footer keys with the short form of their description, global keys last', () => {
    expect(footerText(SCREEN_KEYS.train, GLOBAL_KEYS, 200)).toBe('c / esc cancel · e evaluate the finished run · ? help · q quit');
    expect(footerText([], GLOBAL_KEYS, 200)).toBe('? help · q quit');
    expect(footerText(EDITING_KEYS, [], 200)).toBe('enter apply · esc cancel · ctrl+u clear');
  });

  it('cuts the screen keys, never the global ones', () => {
    const text = footerText(SCREEN_KEYS.method, GLOBAL_KEYS, 50);
    expect(text).toHaveLength(50);
    expect(text.endsWith('… · ? help · q quit')).toBe(true);
  });
});

describe('HelpFooter and HelpOverlay', () => {
  it('renders the footer as one line', () => {
    const { lastFrame } = render(<HelpFooter bindings={SCREEN_KEYS.runs} globalBindings={GLOBAL_KEYS} width={100} />);
    expect(plainFrame(lastFrame)).toBe('↑↓ move · space mark for comparison · c compare the two marked runs · enter use t… · ? help · q quit');
  });

  it('lists every key of the screen and the global keys', () => {
    const { lastFrame } = render(<HelpOverlay title="Runs" screenBindings={SCREEN_KEYS.runs} globalBindings={GLOBAL_KEYS} />);
    const frame = plainFrame(lastFrame);
    expect(frame).toContain('Keys of the Runs screen');
    for (const binding of [...SCREEN_KEYS.runs, ...GLOBAL_KEYS]) expect(frame).toContain(binding.description);
    expect(frame).toContain('Press ? again to close.');
  });
});
