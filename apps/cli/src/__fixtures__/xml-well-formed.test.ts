import { xmlProblems } from './xml-well-formed.js';

describe('xmlProblems', () => {
  it('accepts balanced markup and reports broken markup', () => {
    expect(xmlProblems('<svg a="1"><g><rect x="0"/></g><!-- c --></svg>')).toEqual([]);
    expect(xmlProblems('<svg><g></svg>')).not.toEqual([]);
    expect(xmlProblems('<svg><g>')).toEqual(['unclosed: svg > g']);
  });
});
