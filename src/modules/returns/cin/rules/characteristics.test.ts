import { describe } from 'node:test';
import { buildChild, episodeOf, runRuleTable, type RuleCase } from '../test-factories.ts';
import { characteristicsRules } from './characteristics.ts';

const DISABILITY_CODES = ['MOB', 'HAND', 'PC', 'INC', 'COMM', 'LD', 'HEAR', 'VIS'];

const cases: RuleCase[] = [
  { rule: '4220', name: 'no ethnicity', change: (c) => void (c.characteristics.ethnicity = undefined) },
  { rule: '4220', name: 'an ethnicity not in the code set', change: (c) => void (c.characteristics.ethnicity = 'WBR') },
  { rule: '8540', name: 'no <Disabilities> for a child referred on to action', change: (c) => void (c.characteristics.disabilities = []) },
  { rule: '8540', name: 'a disability code not in the code set', change: (c) => void (c.characteristics.disabilities = ['MOB', 'WHEEL']) },
  { rule: '8540', name: 'an empty <Disability/>', change: (c) => void (c.characteristics.disabilities = [undefined]) },
  {
    rule: '8540',
    name: 'no disabilities for a child whose only referral was NFA',
    change: (c) => void ((c.characteristics.disabilities = []), Object.assign(episodeOf(c), { referralNfa: '1', assessments: [] })),
    passes: true,
  },
  { rule: '8540', name: 'no disabilities for an unborn child', change: (c) => void ((c.characteristics.disabilities = []), Object.assign(c.identifiers, { personBirthDate: undefined, expectedPersonBirthDate: '2026-05-01', sex: 'U' })), passes: true },
  { rule: '2887Q', name: 'a return using only NONE', change: () => [] },
  {
    rule: '2887Q',
    name: 'a return using 8 different disability codes',
    change: (c) => {
      c.characteristics.disabilities = ['NONE'];
      return DISABILITY_CODES.map((code, i) => Object.assign(buildChild(`D${i}`), {})).map((child, i) => ((child.characteristics.disabilities = [DISABILITY_CODES[i]]), child));
    },
    passes: true,
  },
  {
    rule: '2888Q',
    name: 'every disabled child with just one code',
    change: (c) => {
      c.characteristics.disabilities = ['MOB'];
      const other = buildChild('C2');
      other.characteristics.disabilities = ['AUT'];
      return [other];
    },
  },
  {
    rule: '2888Q',
    name: 'one child with two codes',
    change: (c) => void (c.characteristics.disabilities = ['MOB', 'AUT']),
    passes: true,
  },
  { rule: '2888Q', name: 'no child with a disability', change: () => [], passes: true },
  { rule: '8790', name: 'NONE with another code', change: (c) => void (c.characteristics.disabilities = ['NONE', 'MOB']) },
  { rule: '8790', name: 'NONE alone', change: (c) => void (c.characteristics.disabilities = ['NONE']), passes: true },
  { rule: '8794', name: 'the same code twice', change: (c) => void (c.characteristics.disabilities = ['MOB', 'LD', 'MOB']) },
  { rule: '8794', name: 'two different codes', change: (c) => void (c.characteristics.disabilities = ['MOB', 'LD']), passes: true },
];

describe('CIN rules: characteristics and disabilities', () => {
  runRuleTable(characteristicsRules, cases);
});
