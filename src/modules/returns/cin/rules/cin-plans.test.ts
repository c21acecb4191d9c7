import { describe } from 'node:test';
import type { CinChild, CinPlanDates } from '../model.ts';
import { buildCinPlan, buildProtectionPlan, buildSection47, episodeOf, runRuleTable, type RuleCase } from '../test-factories.ts';
import { cinPlanRules } from './cin-plans.ts';

/** Gives the child's episode these CIN plans. */
const plan = (c: CinChild, ...values: Partial<CinPlanDates>[]): void => void (episodeOf(c).cinPlanDates = values.map(buildCinPlan));
/** Adds a protection plan from 2 June to 1 December 2025 (with its S47). */
const protect = (c: CinChild, values = {}): void =>
  void Object.assign(episodeOf(c), { section47: [buildSection47()], childProtectionPlans: [buildProtectionPlan({ reviews: undefined, ...values })] });

const cases: RuleCase[] = [
  { rule: '4000', name: 'a CIN plan on an NFA referral', change: (c) => void (plan(c, {}), Object.assign(episodeOf(c), { referralNfa: '1', assessments: [] })) },
  { rule: '4001', name: 'an open CIN plan and an open protection plan', change: (c) => void (protect(c, { cppEndDate: undefined }), plan(c, { cinPlanStartDate: '2025-05-20', cinPlanEndDate: undefined })) },
  { rule: '4004', name: 'two open CIN plans', change: (c) => plan(c, { cinPlanEndDate: undefined }, { cinPlanStartDate: '2025-09-01', cinPlanEndDate: undefined }) },
  { rule: '4010', name: 'a CIN plan with no start date', change: (c) => plan(c, { cinPlanStartDate: undefined }) },
  { rule: '4010', name: 'a CIN plan starting after the reference date', change: (c) => plan(c, { cinPlanStartDate: '2026-04-01', cinPlanEndDate: undefined }) },
  { rule: '4011', name: 'a CIN plan ending before it started', change: (c) => plan(c, { cinPlanEndDate: '2025-06-14' }) },
  { rule: '4012Q', name: 'a CIN plan starting and ending the same day', change: (c) => plan(c, { cinPlanEndDate: '2025-06-15' }) },
  { rule: '4013', name: 'a CIN plan ending after the reference date', change: (c) => plan(c, { cinPlanEndDate: '2026-04-01' }) },
  { rule: '4014', name: 'a CIN plan starting during another', change: (c) => plan(c, {}, { cinPlanStartDate: '2025-11-30', cinPlanEndDate: undefined }) },
  { rule: '4014', name: 'a CIN plan starting the day after another ended', change: (c) => plan(c, {}, { cinPlanStartDate: '2025-12-01', cinPlanEndDate: undefined }), passes: true },
  { rule: '4015', name: 'a CIN plan starting before the referral', change: (c) => plan(c, { cinPlanStartDate: '2025-04-30' }) },
  { rule: '4016', name: 'a CIN plan starting during a protection plan', change: (c) => void (protect(c), plan(c, { cinPlanStartDate: '2025-11-01', cinPlanEndDate: undefined })) },
  { rule: '4016', name: 'a CIN plan starting the day the protection plan ended', change: (c) => void (protect(c), plan(c, { cinPlanStartDate: '2025-12-01', cinPlanEndDate: undefined })), passes: true },
  { rule: '4017', name: 'a protection plan starting during a CIN plan', change: (c) => void (protect(c), plan(c, { cinPlanStartDate: '2025-05-10', cinPlanEndDate: '2025-07-01' })) },
  { rule: '4017', name: 'a protection plan starting the day the CIN plan ended', change: (c) => void (protect(c), plan(c, { cinPlanStartDate: '2025-05-10', cinPlanEndDate: '2025-06-02' })), passes: true },
];

describe('CIN rules: CIN plans', () => {
  runRuleTable(cinPlanRules, cases);
});
