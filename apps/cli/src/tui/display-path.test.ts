import { displayPath } from './display-path.js';

describe('displayPath', () => {
  it('shortens paths inside the working directory only', () => {
    expect(displayPath('/work/runs/a', '/work')).toBe('runs/a');
    expect(displayPath('/data/train.csv', '/work')).toBe('/data/train.csv');
    expect(displayPath('/work', '/work')).toBe('/work');
    expect(displayPath('', '/work')).toBe('');
  });
});
