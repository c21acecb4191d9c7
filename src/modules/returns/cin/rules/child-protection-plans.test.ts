import { describe } from 'node:test';
import type { ChildProtectionPlan, CinChild } from '../model.ts';
import { buildCinPlan, buildProtectionPlan, buildSection47, episodeOf, runRuleTable, type RuleCase } from '../test-factories.ts';
import { childProtectionPlanRules } from './child-protection-plans.ts';

/** Gives the child's episode the S47 that led to an ICPC on 2 June 2025 and these plans. */
const protect = (c: CinChild, ...plans: Partial<ChildProtectionPlan>[]): void =>
  void Object.assign(episodeOf(c), { section47: [buildSection47()], childProtectionPlans: plans.map(buildProtectionPlan) });

const cases: RuleCase[] = [
  { rule: '1105', name: 'a plan starting before the referral', change: (c) => protect(c, { cppStartDate: '2025-04-30', reviews: undefined }) },
  {
    rule: '2883',
    name: 'more plans starting in the year than ICPCs',
    change: (c) => protect(c, {}, { cppStartDate: '2025-12-02', cppEndDate: '2026-02-01', reviews: undefined }),
  },
  { rule: '2885', name: 'a plan starting a day after the ICPC', change: (c) => protect(c, { cppStartDate: '2025-06-03' }) },
  {
    rule: '2885',
    name: 'a plan from an episode-level ICPC, the S47 needing none',
    change: (c) => void (protect(c, {}), Object.assign(episodeOf(c), { dateOfInitialCpc: '2025-06-02', section47: [buildSection47({ dateOfInitialCpc: undefined, icpcNotRequired: '1' })] })),
    passes: true,
  },
  {
    rule: '4003',
    name: 'a review while a CIN plan was open',
    change: (c) => void (protect(c, {}), (episodeOf(c).cinPlanDates = [buildCinPlan({ cinPlanStartDate: '2025-08-01', cinPlanEndDate: '2025-10-01' })])),
  },
  {
    rule: '4003',
    name: 'a review on the day the plan ended',
    change: (c) =>
      void (protect(c, { reviews: { cppReviewDates: ['2025-12-01'] } }), (episodeOf(c).cinPlanDates = [buildCinPlan({ cinPlanStartDate: '2025-11-01', cinPlanEndDate: '2026-01-01' })])),
    passes: true,
  },
  { rule: '8565', name: 'a plan ending after the episode closed', change: (c) => void (protect(c, {}), Object.assign(episodeOf(c), { cinClosureDate: '2025-11-01', reasonForClosure: 'RC7' })) },
  { rule: '8565', name: 'an assessment completed after the episode closed', change: (c) => void Object.assign(episodeOf(c), { cinClosureDate: '2025-06-01', reasonForClosure: 'RC7' }) },
  { rule: '8565', name: 'everything done by the closure date', change: (c) => void (protect(c, {}), Object.assign(episodeOf(c), { cinClosureDate: '2025-12-01', reasonForClosure: 'RC7' })), passes: true },
  { rule: '8720', name: 'a plan with no start date', change: (c) => protect(c, { cppStartDate: undefined }) },
  { rule: '8720', name: 'a plan starting after the reference date', change: (c) => protect(c, { cppStartDate: '2026-04-01', cppEndDate: undefined, reviews: undefined }) },
  { rule: '8730', name: 'no number of previous plans', change: (c) => protect(c, { numberOfPreviousCpp: undefined }) },
  { rule: '8730', name: 'a negative number of previous plans', change: (c) => protect(c, { numberOfPreviousCpp: '-1' }) },
  { rule: '8730', name: 'two previous plans', change: (c) => protect(c, { numberOfPreviousCpp: '2' }), passes: true },
  { rule: '8832', name: 'a plan on an NFA referral', change: (c) => void (protect(c, {}), Object.assign(episodeOf(c), { referralNfa: '1', assessments: [] })) },
  { rule: '8840', name: 'a plan starting and ending the same day', change: (c) => protect(c, { cppEndDate: '2025-06-02', reviews: undefined }) },
  { rule: '8841', name: 'a review on the day the plan started', change: (c) => protect(c, { reviews: { cppReviewDates: ['2025-09-01', '2025-06-02'] } }) },
  { rule: '8842Q', name: 'a review with no date', change: (c) => protect(c, { reviews: { cppReviewDates: ['2025-09-01', undefined] } }) },
  { rule: '8842Q', name: 'a <Reviews> group with no review date', change: (c) => protect(c, { reviews: { cppReviewDates: [] } }) },
  { rule: '8905', name: 'an initial category not in the code set', change: (c) => protect(c, { initialCategoryOfAbuse: 'NEGLECT' }) },
  { rule: '8910', name: 'no latest category', change: (c) => protect(c, { latestCategoryOfAbuse: undefined }) },
  { rule: '8915', name: 'a plan starting after death', change: (c) => void (protect(c, {}), (c.identifiers.personDeathDate = '2025-06-01')) },
  { rule: '8920', name: 'a plan ending after death', change: (c) => void (protect(c, {}), (c.identifiers.personDeathDate = '2025-11-01')) },
  { rule: '8925', name: 'a plan ending before it started', change: (c) => protect(c, { cppEndDate: '2025-06-01', reviews: undefined }) },
  { rule: '8930', name: 'a plan ending after the reference date', change: (c) => protect(c, { cppEndDate: '2026-04-01' }) },
  { rule: '8935', name: 'two open plans', change: (c) => protect(c, { cppEndDate: undefined }, { cppStartDate: '2025-06-02', cppEndDate: undefined, reviews: undefined }) },
  { rule: '8935', name: 'one open plan after an ended one', change: (c) => protect(c, {}, { cppStartDate: '2025-12-01', cppEndDate: undefined, reviews: undefined }), passes: true },
  { rule: '8940', name: 'a plan starting during another', change: (c) => protect(c, {}, { cppStartDate: '2025-11-01', cppEndDate: undefined, reviews: undefined }) },
];

describe('CIN rules: child protection plans and reviews', () => {
  runRuleTable(childProtectionPlanRules, cases);
});
