import { partyNames, splitPartyName } from './split-party-name.js';

describe('splitPartyName', () => {
  it('splits "A, B, and C" lists, keeping legal forms with their company (train.csv TRAIN_0831)', () => {
    expect(partyNames('Roche Molecular Systems, Inc., Roche Diagnostics Corp., and Roche Diagnostics Operation Inc.')).toEqual([
      'Roche Molecular Systems, Inc.',
      'Roche Diagnostics Corp.',
      'Roche Diagnostics Operation Inc.',
    ]);
  });

  it('splits "X and Y" people but not organisations or firm names with "and"', () => {
    expect(partyNames('Tom E. Ellis and Robert D. Love')).toEqual(['Tom E. Ellis', 'Robert D. Love']);
    expect(partyNames('Securities and Exchange Commission')).toEqual(['Securities and Exchange Commission']);
    expect(partyNames('Free Enterprise Fund and Beckstead and Watts, LLP')).toEqual(['Free Enterprise Fund and Beckstead and Watts, LLP']);
  });

  it('drops "et al.", "et ux." and docket prefixes, and marks offices and descriptions as roles', () => {
    expect(partyNames('Joel Sereboff et ux.')).toEqual(['Joel Sereboff']);
    expect(partyNames('No. 07-582\t Title: \t Federal Communications Commission, et al.')).toEqual(['Federal Communications Commission']);
    const parts = splitPartyName('Jeffrey A. Beard, Secretary, Pennsylvania Department of Corrections, et al.');
    expect(parts.map((part) => [part.text, part.role])).toEqual([
      ['Jeffrey A. Beard', false],
      ['Secretary', true],
      ['Pennsylvania Department of Corrections', false],
    ]);
    expect(partyNames('Ken L. Salazar, Secretary of the Interior, et al.')).toEqual(['Ken L. Salazar']);
    expect(partyNames('M. B. Z., By His Parents and Guardians, Ari Z. Zivotofsky, et ux.')).toEqual(['M. B. Z.', 'Ari Z. Zivotofsky']);
  });

  it('keeps suffixes with the name, splits "ex rel." and reads "dba" names as parties', () => {
    expect(partyNames('Booker T. Hudson, Jr.')).toEqual(['Booker T. Hudson, Jr.']);
    expect(partyNames('Eric Holder, Jr. Attorney General')).toEqual(['Eric Holder, Jr.']);
    expect(partyNames('United States, ex rel. Irwin Eisenstein,')).toEqual(['United States', 'Irwin Eisenstein']);
    expect(partyNames('Mayo Collaborative Services, dba Mayo Medical Laboratories, et al.')).toEqual([
      'Mayo Collaborative Services',
      'Mayo Medical Laboratories',
    ]);
  });

  it('keeps an office standing alone as the party, and gives offsets into the name', () => {
    expect(partyNames('Commissioner of Internal Revenue')).toEqual(['Commissioner of Internal Revenue']);
    const name = 'Ron Davis, Acting Warden';
    for (const part of splitPartyName(name)) expect(name.slice(part.start, part.end)).toBe(part.text);
  });
});
