import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CinChild } from '../model.ts';
import { buildChild, buildCinPlan, episodeOf, runRuleTable, type RuleCase } from '../test-factories.ts';
import { childIdentifierRules, upnCheckLetter } from './child-identifiers.ts';

const cases: RuleCase[] = [
  { rule: '1510', name: 'a UPN with the wrong check letter', change: (c) => void (c.identifiers.upn = 'B201123456780') },
  { rule: '1510', name: 'a temporary UPN (letter at 13) has no check letter to judge', change: (c) => void (c.identifiers.upn = 'B20112345678A'), passes: true },
  {
    rule: '1520',
    name: 'two children with one UPN',
    change: (c) => {
      const other = buildChild('C2');
      other.identifiers.upn = c.identifiers.upn;
      return [other];
    },
  },
  {
    rule: '1520',
    name: 'two children without a UPN',
    change: (c) => {
      const other = buildChild('C2');
      c.identifiers.upn = undefined;
      other.identifiers.upn = undefined;
      return [other];
    },
    passes: true,
  },
  { rule: '1530', name: 'characters 2-4 not an LA code', change: (c) => void (c.identifiers.upn = `${upnCheckLetter('X999123456780') ?? ''}999123456780`) },
  { rule: '1530', name: 'the pseudo LA 942 (added in 2023-24)', change: (c) => void (c.identifiers.upn = `${upnCheckLetter('X942123456780') ?? ''}942123456780`), passes: true },
  { rule: '1540', name: 'a letter among characters 5-12', change: (c) => void (c.identifiers.upn = 'A2011234X6780') },
  { rule: '1540', name: 'a UPN too short to have characters 5-12', change: (c) => void (c.identifiers.upn = 'A201') },
  { rule: '1550', name: 'I at character 13', change: (c) => void (c.identifiers.upn = 'A20112345678I') },
  { rule: '1560Q', name: 'a former UPN of 5 characters', change: (c) => void (c.identifiers.formerUpn = '12345') },
  { rule: '1560Q', name: 'a former UPN ending in a letter', change: (c) => void (c.identifiers.formerUpn = 'A20112345678X') },
  { rule: '1560Q', name: 'a well-formed former UPN', change: (c) => void (c.identifiers.formerUpn = 'T201123456781'), passes: true },
  { rule: '1570', name: 'an LA child ID of 21 characters', change: (c) => void (c.identifiers.laChildId = 'A'.repeat(21)) },
  { rule: '1570', name: 'an LA child ID of 20 characters', change: (c) => void (c.identifiers.laChildId = 'A'.repeat(20)), passes: true },
  { rule: '1580', name: 'a hyphen in the LA child ID', change: (c) => void (c.identifiers.laChildId = 'C-1') },
  {
    rule: '2886Q',
    name: '3 of 100 children with no sex (unborn children aside)',
    change: (c) => {
      const others = Array.from({ length: 99 }, (_, i) => buildChild(`C${i + 2}`));
      for (const child of [c, ...others.slice(0, 2)]) child.identifiers.sex = undefined;
      return others;
    },
  },
  {
    rule: '2886Q',
    name: '2 of 100 children with no sex, and an unborn U',
    change: (c) => {
      const others = Array.from({ length: 99 }, (_, i) => buildChild(`C${i + 2}`));
      c.identifiers.sex = 'U';
      (others[0] as CinChild).identifiers.sex = undefined;
      Object.assign((others[1] as CinChild).identifiers, { sex: 'U', personBirthDate: undefined, expectedPersonBirthDate: '2026-05-01' });
      return others;
    },
    passes: true,
  },
  { rule: '4008', name: 'a CIN plan starting after death', change: (c) => void ((c.identifiers.personDeathDate = '2025-06-01'), episodeOf(c).cinPlanDates.push(buildCinPlan())) },
  { rule: '4008', name: 'a CIN plan starting on the day of death', change: (c) => void ((c.identifiers.personDeathDate = '2025-06-15'), episodeOf(c).cinPlanDates.push(buildCinPlan({ cinPlanEndDate: undefined }))), passes: true },
  { rule: '4009Q', name: 'a CIN plan ending after death', change: (c) => void ((c.identifiers.personDeathDate = '2025-07-01'), episodeOf(c).cinPlanDates.push(buildCinPlan())) },
  { rule: '4180', name: 'no sex', change: (c) => void (c.identifiers.sex = undefined) },
  { rule: '4180', name: 'a GenderCurrent code in <Sex>', change: (c) => void (c.identifiers.sex = '1') },
  { rule: '4180', name: 'U', change: (c) => void (c.identifiers.sex = 'U'), passes: true },
  { rule: '8500', name: 'no LA child ID', change: (c) => void (c.identifiers.laChildId = undefined) },
  {
    rule: '8510',
    name: 'two children with one LA child ID',
    change: () => [buildChild('C1')],
  },
  { rule: '8520', name: 'born after the reference date', change: (c) => void (c.identifiers.personBirthDate = '2026-04-01') },
  { rule: '8520', name: 'born on the reference date', change: (c) => void (c.identifiers.personBirthDate = '2026-03-31'), passes: true },
  { rule: '8525Q', name: 'both dates of birth', change: (c) => void (c.identifiers.expectedPersonBirthDate = '2026-05-01') },
  { rule: '8525Q', name: 'neither date of birth', change: (c) => void (c.identifiers.personBirthDate = undefined) },
  { rule: '8530Q', name: 'expected 9 months after the reference date', change: (c) => void Object.assign(c.identifiers, { personBirthDate: undefined, expectedPersonBirthDate: '2026-12-31', sex: 'U' }) },
  { rule: '8530Q', name: 'expected 30 days before the reference date', change: (c) => void Object.assign(c.identifiers, { personBirthDate: undefined, expectedPersonBirthDate: '2026-03-01', sex: 'U' }) },
  { rule: '8530Q', name: 'expected the day before 9 months are up', change: (c) => void Object.assign(c.identifiers, { personBirthDate: undefined, expectedPersonBirthDate: '2026-12-30', sex: 'U' }), passes: true },
  { rule: '8535Q', name: 'died before birth', change: (c) => void (c.identifiers.personDeathDate = '2015-04-30') },
  { rule: '8535Q', name: 'died with no date of birth', change: (c) => void Object.assign(c.identifiers, { personBirthDate: undefined, personDeathDate: '2025-12-01' }) },
  { rule: '8545Q', name: 'died before the census year', change: (c) => void (c.identifiers.personDeathDate = '2025-03-31') },
  { rule: '8545Q', name: 'died on its first day', change: (c) => void (c.identifiers.personDeathDate = '2025-04-01'), passes: true },
  { rule: '8590', name: 'no episodes', change: (c) => void (c.cinDetails = []) },
  { rule: '8750', name: 'unborn and not U', change: (c) => void Object.assign(c.identifiers, { personBirthDate: undefined, expectedPersonBirthDate: '2026-05-01', sex: 'F' }) },
  { rule: '8750', name: 'unborn and U', change: (c) => void Object.assign(c.identifiers, { personBirthDate: undefined, expectedPersonBirthDate: '2026-05-01', sex: 'U' }), passes: true },
  { rule: '8770Q', name: 'of school age with no UPN and UN1', change: (c) => void Object.assign(c.identifiers, { upn: undefined, upnUnknown: 'UN1' }) },
  { rule: '8770Q', name: 'of school age with no UPN and UN3', change: (c) => void Object.assign(c.identifiers, { upn: undefined, upnUnknown: 'UN3' }), passes: true },
  { rule: '8770Q', name: 'born 1 September 2020: not yet of school age', change: (c) => void Object.assign(c.identifiers, { upn: undefined, upnUnknown: 'UN1', personBirthDate: '2020-09-01' }), passes: true },
  { rule: '8770Q', name: 'born 31 August 2020: of school age', change: (c) => void Object.assign(c.identifiers, { upn: undefined, upnUnknown: 'UN1', personBirthDate: '2020-08-31' }) },
  { rule: '8772', name: 'UN7 with a referral that went on to action', change: (c) => void Object.assign(c.identifiers, { upn: undefined, upnUnknown: 'UN7' }) },
  { rule: '8772', name: 'UN7 and every referral NFA', change: (c) => void (Object.assign(c.identifiers, { upn: undefined, upnUnknown: 'UN7' }), Object.assign(episodeOf(c), { referralNfa: 'true', assessments: [], cinClosureDate: '2025-05-01', reasonForClosure: 'RC7' })), passes: true },
  { rule: '8775Q', name: 'over 25 with an open episode', change: (c) => void (c.identifiers.personBirthDate = '2000-01-01') },
  { rule: '8775Q', name: 'over 25, the episode closed before the 25th birthday', change: (c) => void ((c.identifiers.personBirthDate = '2000-06-01'), Object.assign(episodeOf(c), { cinClosureDate: '2025-05-30', reasonForClosure: 'RC7' })), passes: true },
];

describe('CIN rules: child identifiers', () => {
  runRuleTable(childIdentifierRules, cases);

  it('computes the UPN check letter (DfE UPN guide: weights 2-13, modulo 23, no I, O or S)', () => {
    assert.equal(upnCheckLetter('X201123456780'), 'M');
    assert.equal(upnCheckLetter('X20112345678A'), undefined);
  });
});
