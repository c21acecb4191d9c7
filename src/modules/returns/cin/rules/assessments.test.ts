import { describe } from 'node:test';
import { buildAssessment, episodeOf, runRuleTable, type RuleCase } from '../test-factories.ts';
import type { Assessment, CinChild } from '../model.ts';
import { assessmentRules } from './assessments.ts';

/** Replaces the child's one assessment. */
const assess = (c: CinChild, values: Partial<Assessment>, ...more: Partial<Assessment>[]): void =>
  void (episodeOf(c).assessments = [buildAssessment(values), ...more.map(buildAssessment)]);
const OPEN = { assessmentAuthorisationDate: undefined, assessmentFactors: undefined };

const cases: RuleCase[] = [
  { rule: '1103', name: 'started before the referral', change: (c) => assess(c, { assessmentActualStartDate: '2025-04-30' }) },
  { rule: '1103', name: 'started on the referral day', change: (c) => assess(c, { assessmentActualStartDate: '2025-05-01' }), passes: true },
  { rule: '8608', name: 'authorised before it started', change: (c) => assess(c, { assessmentAuthorisationDate: '2025-05-01' }) },
  { rule: '8614', name: 'factors on an assessment not completed', change: (c) => assess(c, { assessmentAuthorisationDate: undefined }) },
  { rule: '8670Q', name: 'open and started more than 45 working days before the reference date', change: (c) => assess(c, { ...OPEN, assessmentActualStartDate: '2026-01-27' }) },
  { rule: '8670Q', name: 'open and started exactly 45 working days before it', change: (c) => assess(c, { ...OPEN, assessmentActualStartDate: '2026-01-28' }), passes: true },
  { rule: '8696', name: 'authorised after the reference date', change: (c) => assess(c, { assessmentAuthorisationDate: '2026-04-02' }) },
  { rule: '8696', name: 'authorised before the census year', change: (c) => assess(c, { assessmentActualStartDate: '2025-03-01', assessmentAuthorisationDate: '2025-03-31' }) },
  { rule: '8736', name: 'open and started before the census year', change: (c) => assess(c, { ...OPEN, assessmentActualStartDate: '2025-03-20' }) },
  { rule: '8736', name: 'open with no start date', change: (c) => assess(c, { ...OPEN, assessmentActualStartDate: undefined }) },
  { rule: '8863Q', name: 'started while another was ongoing', change: (c) => assess(c, {}, { assessmentActualStartDate: '2025-05-20', assessmentAuthorisationDate: '2025-07-01' }) },
  { rule: '8863Q', name: 'started the day after the other was authorised', change: (c) => assess(c, {}, { assessmentActualStartDate: '2025-06-11', assessmentAuthorisationDate: '2025-07-01' }), passes: true },
  { rule: '8869', name: 'factor 21 with another factor', change: (c) => assess(c, { assessmentFactors: ['21', '3A'] }) },
  {
    rule: '8869',
    name: 'factor 21 alone',
    change: (c) => void (assess(c, { assessmentFactors: ['21'] }), Object.assign(episodeOf(c), { cinClosureDate: '2025-06-10', reasonForClosure: 'RC8' })),
    passes: true,
  },
  { rule: '8873Q', name: 'the only assessment found no factors (21) and the episode is open', change: (c) => assess(c, { assessmentFactors: ['21'] }) },
  { rule: '8896', name: 'two open assessments', change: (c) => assess(c, OPEN, { ...OPEN, assessmentActualStartDate: '2026-03-01' }) },
  { rule: '8897Q', name: 'completed with no factors', change: (c) => assess(c, { assessmentFactors: undefined }) },
  { rule: '8897Q', name: 'completed with a factor not in the code set', change: (c) => assess(c, { assessmentFactors: ['3A', 'ZZ'] }) },
  { rule: '8897Q', name: 'completed before the census year with no factors', change: (c) => assess(c, { assessmentActualStartDate: '2025-03-01', assessmentAuthorisationDate: '2025-03-31', assessmentFactors: undefined }), passes: true },
  { rule: '8898', name: 'a factor twice', change: (c) => assess(c, { assessmentFactors: ['3A', '4B', '3A'] }) },
  { rule: '8945Q', name: 'factor 18A', change: (c) => assess(c, { assessmentFactors: ['18A'] }) },
  { rule: '8945Q', name: 'factor 18B', change: (c) => assess(c, { assessmentFactors: ['18B'] }), passes: true },
  { rule: '8950Q', name: 'factor 19A', change: (c) => assess(c, { assessmentFactors: ['2A', '19a'] }) },
];

describe('CIN rules: assessments', () => {
  runRuleTable(assessmentRules, cases);
});
