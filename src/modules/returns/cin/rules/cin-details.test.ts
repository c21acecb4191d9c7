import { describe } from 'node:test';
import { buildAssessment, buildCinPlan, buildEpisode, buildSection47, episodeOf, runRuleTable, type RuleCase } from '../test-factories.ts';
import { cinDetailsRules } from './cin-details.ts';

const closeEpisode = (reasonForClosure = 'RC7', cinClosureDate = '2025-07-01') => ({ reasonForClosure, cinClosureDate });

const cases: RuleCase[] = [
  { rule: '2990', name: 'closed after assessment (RC8) with an S47', change: (c) => void Object.assign(episodeOf(c), closeEpisode('RC8'), { section47: [buildSection47()] }) },
  { rule: '2990', name: 'closed after assessment (RC9) with a CIN plan', change: (c) => void Object.assign(episodeOf(c), closeEpisode('RC9'), { cinPlanDates: [buildCinPlan({ cinPlanEndDate: '2025-06-30' })] }) },
  { rule: '2990', name: 'closed after assessment (RC8) with only the assessment', change: (c) => void Object.assign(episodeOf(c), closeEpisode('RC8')), passes: true },
  { rule: '2991Q', name: 'an S47 and no assessment', change: (c) => void Object.assign(episodeOf(c), { assessments: [], section47: [buildSection47()] }) },
  { rule: '8555Q', name: 'referred after death', change: (c) => void (c.identifiers.personDeathDate = '2025-04-20') },
  { rule: '8568', name: 'no ReferralNFA', change: (c) => void (episodeOf(c).referralNfa = undefined) },
  { rule: '8568', name: 'ReferralNFA "yes"', change: (c) => void (episodeOf(c).referralNfa = 'yes') },
  { rule: '8568', name: 'ReferralNFA "False" (any case)', change: (c) => void (episodeOf(c).referralNfa = 'False'), passes: true },
  { rule: '8569Q', name: 'NFA for a referral before the census year', change: (c) => void Object.assign(episodeOf(c), { cinReferralDate: '2025-03-31', referralNfa: '1', assessments: [] }) },
  { rule: '8569Q', name: 'NFA for a referral on its first working day', change: (c) => void Object.assign(episodeOf(c), { cinReferralDate: '2025-04-01', referralNfa: '1', assessments: [] }), passes: true },
  { rule: '8585Q', name: 'closed as died (RC2) with no date of death', change: (c) => void Object.assign(episodeOf(c), closeEpisode('RC2')) },
  { rule: '8585Q', name: 'closed as died with a date of death', change: (c) => void (Object.assign(episodeOf(c), closeEpisode('RC2')), (c.identifiers.personDeathDate = '2025-07-01')), passes: true },
  { rule: '8600', name: 'no referral date', change: (c) => void (episodeOf(c).cinReferralDate = undefined) },
  { rule: '8600', name: 'referred after the reference date', change: (c) => void (episodeOf(c).cinReferralDate = '2026-04-01') },
  { rule: '8606', name: 'referred 281 days before birth', change: (c) => void (episodeOf(c).cinReferralDate = '2014-07-24') },
  { rule: '8606', name: 'referred 280 days before birth', change: (c) => void (episodeOf(c).cinReferralDate = '2014-07-25'), passes: true },
  { rule: '8610', name: 'no primary need for a referral going on to action', change: (c) => void (episodeOf(c).primaryNeedCode = undefined) },
  { rule: '8610', name: 'no primary need for an NFA referral', change: (c) => void Object.assign(episodeOf(c), { primaryNeedCode: undefined, referralNfa: '1', assessments: [] }), passes: true },
  { rule: '8620', name: 'closed after the reference date', change: (c) => void Object.assign(episodeOf(c), closeEpisode('RC7', '2026-04-01')) },
  { rule: '8620', name: 'closed on the first day of the year', change: (c) => void Object.assign(episodeOf(c), closeEpisode('RC7', '2025-04-01'), { cinReferralDate: '2025-03-01', assessments: [] }), passes: true },
  { rule: '8630', name: 'closed before referral', change: (c) => void Object.assign(episodeOf(c), closeEpisode('RC7', '2025-04-30'), { assessments: [] }) },
  { rule: '8640', name: 'reason for closure RC10', change: (c) => void Object.assign(episodeOf(c), closeEpisode('RC10')) },
  { rule: '8650', name: 'primary need N10', change: (c) => void (episodeOf(c).primaryNeedCode = 'N10') },
  { rule: '8805', name: 'a closure date with no reason', change: (c) => void Object.assign(episodeOf(c), closeEpisode(), { reasonForClosure: undefined }) },
  { rule: '8810', name: 'a reason with no closure date', change: (c) => void (episodeOf(c).reasonForClosure = 'RC7') },
  { rule: '8815', name: 'two open episodes going on to action', change: (c) => void c.cinDetails.push(buildEpisode({ cinReferralDate: '2025-08-01', assessments: [] })) },
  { rule: '8815', name: 'a second open episode that is NFA', change: (c) => void c.cinDetails.push(buildEpisode({ cinReferralDate: '2025-08-01', referralNfa: '1', assessments: [] })), passes: true },
  {
    rule: '8816',
    name: 'the open episode is not the latest',
    change: (c) => void c.cinDetails.push(buildEpisode({ cinReferralDate: '2025-08-01', assessments: [], ...closeEpisode('RC7', '2025-09-01') })),
  },
  {
    rule: '8820',
    name: 'an episode referred before the previous one closed',
    change: (c) => void c.cinDetails.unshift(buildEpisode({ cinReferralDate: '2025-04-10', assessments: [], ...closeEpisode('RC7', '2025-05-10') })),
  },
  {
    rule: '8820',
    name: 'an episode referred the day the previous one closed',
    change: (c) => void c.cinDetails.unshift(buildEpisode({ cinReferralDate: '2025-04-10', assessments: [], ...closeEpisode('RC7', '2025-05-01') })),
    passes: true,
  },
  { rule: '8825Q', name: 'closed after assessment with no assessment', change: (c) => void Object.assign(episodeOf(c), closeEpisode('RC9'), { assessments: [] }) },
  { rule: '8831', name: 'an assessment on an NFA referral', change: (c) => void (episodeOf(c).referralNfa = 'true') },
  { rule: '8831', name: 'an NFA referral with nothing on it', change: (c) => void Object.assign(episodeOf(c), { referralNfa: 'true', assessments: [] }), passes: true },
  { rule: '8866', name: 'referral source 11', change: (c) => void (episodeOf(c).referralSource = '11') },
  { rule: '8866', name: 'no source for a referral before April 2013', change: (c) => void Object.assign(episodeOf(c), { referralSource: undefined, cinReferralDate: '2013-03-31' }), passes: true },
  { rule: '8867', name: 'closed with an assessment not completed', change: (c) => void Object.assign(episodeOf(c), closeEpisode(), { assessments: [buildAssessment({ assessmentAuthorisationDate: undefined, assessmentFactors: undefined })] }) },
  { rule: '8868', name: 'closed with an S47 neither conferenced nor marked not required', change: (c) => void Object.assign(episodeOf(c), closeEpisode(), { section47: [buildSection47({ dateOfInitialCpc: undefined })] }) },
  { rule: '8868', name: 'closed with an S47 marked ICPC not required', change: (c) => void Object.assign(episodeOf(c), closeEpisode(), { section47: [buildSection47({ dateOfInitialCpc: undefined, icpcNotRequired: 'true' })] }), passes: true },
  { rule: '8890', name: 'an S47 starting while another is ongoing', change: (c) => void (episodeOf(c).section47 = [buildSection47(), buildSection47({ s47ActualStartDate: '2025-05-25' })]) },
  { rule: '8890', name: 'an S47 starting after the last one’s ICPC', change: (c) => void (episodeOf(c).section47 = [buildSection47(), buildSection47({ s47ActualStartDate: '2025-06-03', dateOfInitialCpc: '2025-06-16' })]), passes: true },
];

describe('CIN rules: CIN details (referrals and episodes)', () => {
  runRuleTable(cinDetailsRules, cases);
});
