/** Rules of the ChildProtectionPlans and Reviews modules. */
import { CATEGORY_OF_ABUSE_CODES } from '../codes.ts';
import {
  cinPlansOf,
  countWhere,
  isAfter,
  isBefore,
  isOnOrAfter,
  isOnOrBefore,
  isOutside,
  isSameDay,
  isWithin,
  isYesFlagAnyCase,
  protectionPlansOf,
  someOrderedPair,
} from './helpers.ts';
import { childRule, episodeRule, protectionPlanRule, returnRule, type CinRule } from './types.ts';

const MODULE = 'ChildProtectionPlans';

export const childProtectionPlanRules: CinRule[] = [
  // 1105: Where present, the <CPPStartDate> (N00105) must be on or after the <CINReferralDate> (N00100).
  protectionPlanRule(MODULE, {
    code: '1105',
    message: 'The child protection plan start date cannot be before the referral date',
    fields: ['CPPstartDate', 'CINreferralDate'],
    check: (plan, episode) => isBefore(plan.cppStartDate, episode.cinReferralDate),
  }),

  // 2883: Within a Local Authority, the number of <CPPStartDate> (N00105) present and within
  // [Period_of_Census] should be less than or equal to the sum of a) the count of
  // <DateOfInitialCPC> (N00110) on CIN Details modules and b) the count of <DateOfInitialCPC> on S47
  // modules, present and within [Period_of_Census].
  returnRule(MODULE, {
    code: '2883',
    message: 'There are more child protection plans starting than initial conferences taking place',
    fields: ['CPPstartDate', 'DateOfInitialCPC'],
    start: ({ collectionStart, referenceDate }) => {
      let plans = 0;
      let conferences = 0;
      const inPeriod = (date: string | undefined): number => (isWithin(date, collectionStart, referenceDate) ? 1 : 0);
      return {
        add: ({ cinDetails }) => {
          for (const episode of cinDetails) {
            conferences += inPeriod(episode.dateOfInitialCpc);
            for (const s47 of episode.section47) conferences += inPeriod(s47.dateOfInitialCpc);
            for (const plan of episode.childProtectionPlans) plans += inPeriod(plan.cppStartDate);
          }
        },
        fails: () => plans > conferences,
      };
    },
  }),

  // 2885: If present and if <CPPStartDate> (N00105) falls within [Period_Of_Census], then the
  // <CPPStartDate> should equal either a) a Section47 module <DateOfInitialCPC> (N00110), or b) a
  // CINDetails module <DateOfInitialCPC> (N00110) if there is no associated Section 47 record.
  // (An S47 with <ICPCnotRequired> = 1 does not count as associated.)
  protectionPlanRule(MODULE, {
    code: '2885',
    message: 'Child protection plan shown as starting a different day to the initial child protection conference.',
    fields: ['CPPstartDate', 'DateOfInitialCPC'],
    check: (plan, episode, _child, { collectionStart, referenceDate }) => {
      if (!isWithin(plan.cppStartDate, collectionStart, referenceDate)) return false;
      let enquiries = 0;
      for (const s47 of episode.section47) {
        if (s47.icpcNotRequired === '1') continue;
        if (s47.dateOfInitialCpc === plan.cppStartDate) return false;
        enquiries += 1;
      }
      return enquiries > 0 || episode.dateOfInitialCpc !== plan.cppStartDate;
    },
  }),

  // 4003: Within a <CINDetails> module, no <CPPReviewDate> (N00116) can fall between any
  // <CINPlanStartdate> (N00689) or <CINPlanEndDate> (N00690) unless <CPPReviewDate> is equal to
  // <CPPendDate> (N00115). (As the reference validator reads it: a review of an ended plan on or
  // after the start and before the end of any of the child's CIN plans.)
  protectionPlanRule('Reviews', {
    code: '4003',
    message: 'A CPP review date is shown as being held at the same time as an open CIN Plan.',
    fields: ['CINPlanStartDate', 'CINPlanEndDate', 'CPPreviewDate'],
    check: ({ cppEndDate, reviews }, _episode, child) =>
      cppEndDate !== undefined &&
      reviews !== undefined &&
      reviews.cppReviewDates.some(
        (review) =>
          review !== cppEndDate &&
          cinPlansOf(child).some((cinPlan) => isOnOrAfter(review, cinPlan.cinPlanStartDate) && isBefore(review, cinPlan.cinPlanEndDate)),
      ),
  }),

  // 8565: If <CINclosureDate> (N00102) is present then it must be on or after all of the following
  // dates that are present: <AssessmentActualStartDate> (N00159), <AssessmentAuthorisationDate>
  // (N00160), <S47ActualStartDate> (N00148), <DateOfInitialCPC> (N00110), <CPPendDate> (N00115),
  // <CINPlanStartDate> (N00689), <CINPlanEndDate> (N00690).
  episodeRule(MODULE, {
    code: '8565',
    message: 'Activity shown after a case has been closed',
    fields: [
      'CINclosureDate',
      'DateOfInitialCPC',
      'AssessmentActualStartDate',
      'AssessmentAuthorisationDate',
      'S47ActualStartDate',
      'CPPendDate',
      'CINPlanStartDate',
      'CINPlanEndDate',
    ],
    check: (episode) => {
      const closed = episode.cinClosureDate;
      if (closed === undefined) return false;
      if (isAfter(episode.dateOfInitialCpc, closed)) return true;
      for (const a of episode.assessments) if (isAfter(a.assessmentActualStartDate, closed) || isAfter(a.assessmentAuthorisationDate, closed)) return true;
      for (const s47 of episode.section47) if (isAfter(s47.s47ActualStartDate, closed) || isAfter(s47.dateOfInitialCpc, closed)) return true;
      for (const plan of episode.childProtectionPlans) if (isAfter(plan.cppEndDate, closed)) return true;
      for (const plan of episode.cinPlanDates) if (isAfter(plan.cinPlanStartDate, closed) || isAfter(plan.cinPlanEndDate, closed)) return true;
      return false;
    },
  }),

  // 8720: Where a CPP module is present, <CPPstartDate> (N00105) must be present and on or before
  // the <ReferenceDate> (N00603).
  protectionPlanRule(MODULE, {
    code: '8720',
    message: 'Child Protection Plan Start Date missing or out of data collection period',
    fields: ['CPPstartDate', 'ReferenceDate'],
    check: (plan, _episode, _child, { referenceDate }) => plan.cppStartDate === undefined || isAfter(plan.cppStartDate, referenceDate),
  }),

  // 8730: Where a CPP module is present, <NumberOfPreviousCPP> (N00106) must be present and greater
  // than or equal to zero.
  protectionPlanRule(MODULE, {
    code: '8730',
    message: 'Total Number of previous Child Protection Plans missing',
    fields: ['NumberOfPreviousCPP'],
    check: ({ numberOfPreviousCpp }) => numberOfPreviousCpp === undefined || !/^\s*\+?\d+\s*$/.test(numberOfPreviousCpp),
  }),

  // 8832: If a <CINdetails> module has <ReferralNFA> (N00112) = true or 1, then there should be no
  // Child Protection module present.
  episodeRule(MODULE, {
    code: '8832',
    message: 'Child Protection details provided for a referral with no further action.',
    fields: ['CINdetailsID_cpp', 'ReferralNFA'],
    check: (episode) => isYesFlagAnyCase(episode.referralNfa) && episode.childProtectionPlans.length > 0,
  }),

  // 8840: Within a <ChildProtectionPlans> group, <CPPstartDate> (N00105) must not be the same as
  // the <CPPendDate> (N00115).
  protectionPlanRule(MODULE, {
    code: '8840',
    message: 'Child Protection Plan cannot start and end on the same day',
    fields: ['ChildProtectionPlans', 'CPPstartDate', 'CPPendDate'],
    check: (plan) => isSameDay(plan.cppStartDate, plan.cppEndDate),
  }),

  // 8841: Within a <ChildProtectionPlans> group, there should be no <CPPreviewDate> (N00116) that is
  // the same as or before the <CPPstartDate> (N00105).
  protectionPlanRule(MODULE, {
    code: '8841',
    message: 'The review date cannot be on the same day or before the Child protection Plan start date.',
    fields: ['CPPstartDate', 'CPPreviewDate'],
    check: (plan) => plan.reviews !== undefined && plan.reviews.cppReviewDates.some((review) => isOnOrBefore(review, plan.cppStartDate)),
  }),

  // 8842Q: Where a <Reviews> group is present, a valid <CPPreviewDate> (N00116) should be present
  // within the group.
  protectionPlanRule('Reviews', {
    code: '8842Q',
    message: 'Please check and either amend or provide a reason: Review Record has a missing date',
    fields: ['CPPreviewDate'],
    check: ({ reviews }) => reviews !== undefined && (reviews.cppReviewDates.length === 0 || reviews.cppReviewDates.includes(undefined)),
  }),

  // 8905: Where a Child Protection Plan module is present, <InitialCategoryOfAbuse> (N00113) must be
  // present and be a valid code.
  protectionPlanRule(MODULE, {
    code: '8905',
    message: 'Initial Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)',
    fields: ['InitialCategoryOfAbuse'],
    check: ({ initialCategoryOfAbuse: code }) => code === undefined || !CATEGORY_OF_ABUSE_CODES.has(code),
  }),

  // 8910: Where a Child Protection Plan module is present, <LatestCategoryOfAbuse> (N00114) must be
  // present and be a valid code.
  protectionPlanRule(MODULE, {
    code: '8910',
    message: 'Latest Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)',
    fields: ['LatestCategoryOfAbuse'],
    check: ({ latestCategoryOfAbuse: code }) => code === undefined || !CATEGORY_OF_ABUSE_CODES.has(code),
  }),

  // 8915: <CPPstartDate> (N00105) must be on or before <PersonDeathDate> (N00108).
  protectionPlanRule(MODULE, {
    code: '8915',
    message: 'Child Protection Plan shown as starting after the child’s Date of Death',
    fields: ['CPPstartDate', 'PersonDeathDate'],
    check: (plan, _episode, child) => isAfter(plan.cppStartDate, child.identifiers.personDeathDate),
  }),

  // 8920: If <PersonDeathDate> (N00108) is present, then <CPPendDate> (N00115) must be on or before
  // <PersonDeathDate> (N00108).
  protectionPlanRule(MODULE, {
    code: '8920',
    message: 'Child Protection Plan cannot end after the child’s Date of Death',
    fields: ['PersonDeathDate', 'CPPendDate'],
    check: (plan, _episode, child) => isAfter(plan.cppEndDate, child.identifiers.personDeathDate),
  }),

  // 8925: If present <CPPendDate> (N00115) must be on or after the <CPPstartDate> (N00105).
  protectionPlanRule(MODULE, {
    code: '8925',
    message: 'Child Protection Plan End Date earlier than Start Date',
    fields: ['CPPstartDate', 'CPPendDate'],
    check: (plan) => isBefore(plan.cppEndDate, plan.cppStartDate),
  }),

  // 8930: If <CPPendDate> (N00115) is present, then <CPPendDate> (N00115) must fall within
  // [Period_of_Census] inclusive.
  protectionPlanRule(MODULE, {
    code: '8930',
    message: 'Child Protection Plan End Date must fall within the census year',
    fields: ['CPPendDate', 'ReferenceDate'],
    check: (plan, _episode, _child, { collectionStart, referenceDate }) => isOutside(plan.cppEndDate, collectionStart, referenceDate),
  }),

  // 8935: There must be only one <ChildProtectionPlans> group where the <CPPendDate> (N00115) is missing.
  childRule(MODULE, {
    code: '8935',
    message: 'This child is showing more than one open Child Protection plan, i.e. with no End Date',
    fields: ['CPPendDate'],
    check: (child) => countWhere(protectionPlansOf(child), (plan) => plan.cppEndDate === undefined) > 1,
  }),

  // 8940: Where more than one <ChildProtectionPlans> group is included, the <CPPstartDate> (N00105)
  // of each group cannot fall within either a) <CPPstartDate> to <CPPendDate> (N00115), or b)
  // <CPPstartDate> and <ReferenceDate> (N00603) if <CPPendDate> is not present - of any other group.
  childRule(MODULE, {
    code: '8940',
    message: 'Child Protection Plan data contains overlapping dates',
    fields: ['CPPstartDate', 'CPPendDate'],
    check: (child, { referenceDate }) =>
      someOrderedPair(
        protectionPlansOf(child),
        (plan, other) =>
          plan.cppStartDate !== undefined &&
          isOnOrAfter(plan.cppStartDate, other.cppStartDate) &&
          (isOnOrBefore(plan.cppStartDate, other.cppEndDate) || (other.cppEndDate === undefined && isOnOrBefore(plan.cppStartDate, referenceDate))),
      ),
  }),
];
