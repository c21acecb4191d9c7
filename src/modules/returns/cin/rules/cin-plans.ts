/** Rules of the CINplanDates module: child in need plans, and how they sit with protection plans. */
import {
  cinPlansOf,
  countWhere,
  isAfter,
  isBefore,
  isOnOrAfter,
  isOnOrBefore,
  isOutside,
  isSameDay,
  isYesFlag,
  protectionPlansOf,
  someOrderedPair,
} from './helpers.ts';
import { childRule, cinPlanRule, episodeRule, protectionPlanRule, type CinRule } from './types.ts';

const MODULE = 'CINplanDates';

/**
 * `date` falls in the period from `start` to `end` (end excluded), or from `start` to the reference
 * date (included) when there is no end: the test of rules 4016 and 4017.
 */
function isDuring(date: string | undefined, start: string | undefined, end: string | undefined, referenceDate: string | undefined): boolean {
  return isOnOrAfter(date, start) && (end === undefined ? isOnOrBefore(date, referenceDate) : isBefore(date, end));
}

export const cinPlanRules: CinRule[] = [
  // 4000: If a <CINdetails> module has <ReferralNFA> (N00112) = true or 1, then there should be no
  // <CINPlanDates> module.
  episodeRule(MODULE, {
    code: '4000',
    message: 'CIN Plan details provided for a referral with no further action',
    fields: ['ReferralNFA'],
    check: (episode) => isYesFlag(episode.referralNfa) && episode.cinPlanDates.length > 0,
  }),

  // 4001: If a <CINDetails> module has a <ChildProtectionPlan> module present with no <CPPendDate>
  // (N00115), then a <CINPlanDates> module with no <CINPlanEndDate> (N00690) must not be present.
  episodeRule(MODULE, {
    code: '4001',
    message: 'A CIN Plan cannot run concurrently with a Child Protection Plan',
    fields: ['CINPlanEndDate', 'CPPendDate'],
    check: (episode) =>
      episode.childProtectionPlans.some((plan) => plan.cppEndDate === undefined) &&
      episode.cinPlanDates.some((plan) => plan.cinPlanStartDate !== undefined && plan.cinPlanEndDate === undefined),
  }),

  // 4004: Within a <CINDetails> module, there must be only one <CINplanDates> group where the
  // <CINPlanEndDate> (N00690) is missing.
  episodeRule(MODULE, {
    code: '4004',
    message: 'This child is showing more than one open CIN Plan, i.e. with no End Date',
    fields: ['CINPlanEndDate'],
    check: (episode) => countWhere(episode.cinPlanDates, (plan) => plan.cinPlanEndDate === undefined) > 1,
  }),

  // 4010: Where a <CINPlanDates> module is present, <CINPlanStartDate> (N00689) must be present and
  // on or before the <ReferenceDate> (N00603).
  cinPlanRule(MODULE, {
    code: '4010',
    message: 'CIN Plan start date is missing or out of data collection period',
    fields: ['CINPlanStartDate'],
    check: (plan, _episode, _child, { referenceDate }) => plan.cinPlanStartDate === undefined || isAfter(plan.cinPlanStartDate, referenceDate),
  }),

  // 4011: If present <CINPlanEndDate> (N00690) must be on or after the <CINPlanStartDate> (N00689).
  cinPlanRule(MODULE, {
    code: '4011',
    message: 'CIN Plan End Date earlier than Start Date',
    fields: ['CINPlanEndDate', 'CINPlanStartDate'],
    check: (plan) => isBefore(plan.cinPlanEndDate, plan.cinPlanStartDate),
  }),

  // 4012Q: Within a <CINPlanDates> group, <CINPlanStartDate> (N00689) should not be the same as the
  // <CINPlanEndDate> (N00690).
  cinPlanRule(MODULE, {
    code: '4012Q',
    message: 'Please check and either amend or provide a reason: CIN Plan shown as starting and ending on the same day',
    fields: ['CINPlanStartDate', 'CINPlanEndDate'],
    check: (plan) => isSameDay(plan.cinPlanStartDate, plan.cinPlanEndDate),
  }),

  // 4013: If <CINPlanEndDate> (N00690) is present, then <CINPlanEndDate> (N00690) must fall within
  // [Period_of_Census] inclusive.
  cinPlanRule(MODULE, {
    code: '4013',
    message: 'CIN Plan end date must fall within the census year',
    fields: ['CINPlanEndDate', 'ReferenceDate'],
    check: (plan, _episode, _child, { collectionStart, referenceDate }) => isOutside(plan.cinPlanEndDate, collectionStart, referenceDate),
  }),

  // 4014: Where more than one <CINplanDates> group is included, the <CINPlanStartDate> (N00689) of
  // each group cannot fall within either a) <CINPlanStartDate> to <CINPlanEndDate> (N00690), or b)
  // <CINPlanStartDate> and <ReferenceDate> (N00603) if <CINPlanEndDate> is not present - of any
  // other group.
  childRule(MODULE, {
    code: '4014',
    message: 'CIN Plan data contains overlapping dates',
    fields: ['CINPlanStartDate', 'CINPlanEndDate'],
    check: (child, { referenceDate }) =>
      someOrderedPair(
        cinPlansOf(child),
        (plan, other) =>
          plan.cinPlanStartDate !== undefined &&
          isOnOrAfter(plan.cinPlanStartDate, other.cinPlanStartDate) &&
          (isOnOrBefore(plan.cinPlanStartDate, other.cinPlanEndDate) ||
            (other.cinPlanEndDate === undefined && isOnOrBefore(plan.cinPlanStartDate, referenceDate))),
      ),
  }),

  // 4015: Where present, the <CINPlanStartDate> (N00689) must be on or after the <CINReferralDate> (N00100).
  cinPlanRule(MODULE, {
    code: '4015',
    message: 'The CIN Plan start date cannot be before the referral date',
    fields: ['CINPlanStartDate', 'CINreferralDate'],
    check: (plan, episode) => isBefore(plan.cinPlanStartDate, episode.cinReferralDate),
  }),

  // 4016: The <CINPlanStartDate> (N00689) for any CIN Plan group cannot fall within either
  // <CPPstartDate> (N00105) or <CPPendDate> (N00115); or <CPPstartDate> and <ReferenceDate> (N00603)
  // if <CPPendDate> is not present - for any CPP group; unless <CINPlanStartDate> is equal to
  // <CPPendDate> for this group.
  cinPlanRule(MODULE, {
    code: '4016',
    message: 'A CIN Plan has been reported as open at the same time as a Child Protection Plan.',
    fields: ['CINPlanStartDate', 'CPPstartDate', 'CPPendDate'],
    check: (plan, _episode, child, { referenceDate }) =>
      protectionPlansOf(child).some((cpp) => isDuring(plan.cinPlanStartDate, cpp.cppStartDate, cpp.cppEndDate, referenceDate)),
  }),

  // 4017: The <CPPstartDate> (N00105) for any CPP group cannot fall within either
  // <CINPlanStartDate> (N00689) or <CINPlanEndDate> (N00690); or <CINPlanStartDate> and
  // <ReferenceDate> (N00603) if <CINPlanEndDate> is not present - for any CIN Plan group; unless
  // <CPPstartDate> is equal to <CINPlanEndDate> for this group.
  protectionPlanRule(MODULE, {
    code: '4017',
    message: 'A CIN Plan has been reported as open at the same time as a Child Protection Plan.',
    fields: ['CINPlanStartDate', 'CINPlanEndDate', 'CPPstartDate'],
    check: (cpp, _episode, child, { referenceDate }) =>
      cinPlansOf(child).some((plan) => isDuring(cpp.cppStartDate, plan.cinPlanStartDate, plan.cinPlanEndDate, referenceDate)),
  }),
];
