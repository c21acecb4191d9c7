/** Rules of the CINdetails module: referral, primary need, closure, and what an episode may hold. */
import { PRIMARY_NEED_CODES, REASON_FOR_CLOSURE_CODES, REFERRAL_SOURCE_CODES } from '../codes.ts';
import type { CinDetails } from '../model.ts';
import { isAfter, isBefore, isMoreThanDaysBefore, isNoFlag, isNoFlagAnyCase, isOnOrAfter, isOnOrBefore, isWithin, isYesFlag, isYesFlagAnyCase, someOrderedPair } from './helpers.ts';
import { assessmentRule, childRule, episodeRule, section47Rule, type CinRule } from './types.ts';

const MODULE = 'CINdetails';

/** RC8 and RC9: closed after assessment (no further action, or referred to early help). */
const isClosedAfterAssessment = (episode: CinDetails): boolean => episode.reasonForClosure === 'RC8' || episode.reasonForClosure === 'RC9';

/** An open episode that went on to further action. */
const isOpenWithAction = (episode: CinDetails): boolean => episode.cinClosureDate === undefined && isNoFlag(episode.referralNfa);

/** Referral source became mandatory for referrals from this date. */
const REFERRAL_SOURCE_REQUIRED_FROM = '2013-04-01';

export const cinDetailsRules: CinRule[] = [
  // 2990: If a <CINDetails> module has <ReasonForClosure> (N00103) = RC8 or RC9, then it cannot
  // have any of the following modules: <Section47>, <ChildProtectionPlans>, <CINPlanDates>, nor a
  // <DateOfInitialCPC> (N00110).
  episodeRule(MODULE, {
    code: '2990',
    message: "Activity is recorded against a case marked as ‘Case closed after assessment, no further action’ or 'case closed after assessment, referred to early help'.",
    fields: ['ReasonForClosure'],
    check: (episode) =>
      isClosedAfterAssessment(episode) &&
      (episode.dateOfInitialCpc !== undefined || episode.section47.length > 0 || episode.childProtectionPlans.length > 0 || episode.cinPlanDates.length > 0),
  }),

  // 2991Q: If a <Section47> module is present then an <Assessments> module should be present.
  episodeRule(MODULE, {
    code: '2991Q',
    message: 'Please check and either amend data or provide a reason: A Section 47 module is recorded and there is no assessment on the episode',
    fields: ['CINdetailsID'],
    check: (episode) => episode.section47.length > 0 && episode.assessments.length === 0,
  }),

  // 8555Q: <CINreferralDate> (N00100) must be on or before the <PersonDeathDate> (N00108).
  episodeRule(MODULE, {
    code: '8555Q',
    message: 'Child cannot be referred after its recorded date of death',
    fields: ['PersonDeathDate', 'CINreferralDate'],
    check: (episode, child) => isAfter(episode.cinReferralDate, child.identifiers.personDeathDate),
  }),

  // 8568: <ReferralNFA> (N00112) must be present and must be 1 or 0, true or false.
  episodeRule(MODULE, {
    code: '8568',
    message: 'RNFA flag is missing or invalid',
    fields: ['ReferralNFA'],
    check: ({ referralNfa }) => !isNoFlagAnyCase(referralNfa) && !isYesFlagAnyCase(referralNfa),
  }),

  // 8569Q: If <CINreferralDate> (N00100) is before [Start_of_Census_Year] minus 1 working day,
  // <ReferralNFA> (N00112) must be false. (As the reference validator counts it: before the first
  // working day of the census year.)
  episodeRule(MODULE, {
    code: '8569Q',
    message: 'A case with referral date before one working day prior to the collection start date must not be flagged as a no further action case',
    fields: ['ReferralNFA'],
    check: (episode, _child, { nfaReferralCutoff }) => isBefore(episode.cinReferralDate, nfaReferralCutoff) && !isNoFlag(episode.referralNfa),
  }),

  // 8585Q: If <ReasonForClosure> (N00103) = RC2 (Died) then a valid <PersonDeathDate> (N00108)
  // must be present.
  episodeRule(MODULE, {
    code: '8585Q',
    message: 'Please check and either amend or provide a reason: CIN episode shows Died as the Closure Reason, however child has no recorded Date of Death',
    fields: ['ReasonForClosure', 'PersonDeathDate'],
    check: (episode, child) => episode.reasonForClosure === 'RC2' && child.identifiers.personDeathDate === undefined,
  }),

  // 8600: <CINreferralDate> (N00100) must be present and must be on or before <ReferenceDate> (N00603).
  episodeRule(MODULE, {
    code: '8600',
    message: 'Child referral date missing or after data collection period',
    fields: ['CINreferralDate'],
    check: ({ cinReferralDate }, _child, { referenceDate }) => cinReferralDate === undefined || isAfter(cinReferralDate, referenceDate),
  }),

  // 8606: <CINreferralDate> (N00100) cannot be more than 280 days before <PersonBirthDate> (N00066)
  // or <ExpectedPersonBirthDate> (N00098).
  episodeRule(MODULE, {
    code: '8606',
    message: 'Child referral date is more than 40 weeks before DOB or expected DOB',
    fields: ['CINreferralDate', 'PersonBirthDate', 'ExpectedPersonBirthDate'],
    check: ({ cinReferralDate }, { identifiers: { personBirthDate, expectedPersonBirthDate } }) =>
      isMoreThanDaysBefore(cinReferralDate, personBirthDate, 280) || isMoreThanDaysBefore(cinReferralDate, expectedPersonBirthDate, 280),
  }),

  // 8610: If <ReferralNFA> (N00112) = false or 0 then <PrimaryNeedCode> (N00101) must be present.
  episodeRule(MODULE, {
    code: '8610',
    message: 'Primary Need code is missing for a referral which led to further action.',
    fields: ['ReferralNFA', 'PrimaryNeedCode'],
    check: (episode) => isNoFlag(episode.referralNfa) && episode.primaryNeedCode === undefined,
  }),

  // 8620: If <CINclosureDate> (N00102) is present, it must be within [Period_of_Census].
  episodeRule(MODULE, {
    code: '8620',
    message: 'CIN Closure Date present and does not fall within the Census year',
    fields: ['CINclosureDate'],
    check: ({ cinClosureDate }, _child, { collectionStart, referenceDate }) =>
      cinClosureDate !== undefined && !isWithin(cinClosureDate, collectionStart, referenceDate),
  }),

  // 8630: If present <CINclosureDate> (N00102) must be on or after <CINreferralDate> (N00100) in
  // the same <CINdetails> instance.
  episodeRule(MODULE, {
    code: '8630',
    message: 'CIN Closure Date is before CIN Referral Date for the same CIN episode',
    fields: ['CINreferralDate', 'CINclosureDate'],
    check: (episode) => isBefore(episode.cinClosureDate, episode.cinReferralDate),
  }),

  // 8640: If present <ReasonForClosure> (N00103) must be a valid reason for closure code.
  episodeRule(MODULE, {
    code: '8640',
    message: 'CIN Reason for closure code invalid (see Reason for Closure table in CIN Census code set)',
    fields: ['ReasonForClosure'],
    check: ({ reasonForClosure }) => reasonForClosure !== undefined && !REASON_FOR_CLOSURE_CODES.has(reasonForClosure),
  }),

  // 8650: If present <PrimaryNeedCode> (N00101) must be a valid primary need code value.
  episodeRule(MODULE, {
    code: '8650',
    message: 'Primary Need Code invalid (see Primary Need table in CIN census code set)',
    fields: ['PrimaryNeedCode'],
    check: ({ primaryNeedCode }) => primaryNeedCode !== undefined && !PRIMARY_NEED_CODES.has(primaryNeedCode),
  }),

  // 8805: If <CINclosureDate> (N00102) is present then <ReasonForClosure> (N00103) must also be present.
  episodeRule(MODULE, {
    code: '8805',
    message: 'A CIN case cannot have a CIN closure date without a Reason for Closure',
    fields: ['CINclosureDate', 'ReasonForClosure'],
    check: (episode) => episode.cinClosureDate !== undefined && episode.reasonForClosure === undefined,
  }),

  // 8810: If <ReasonForClosure> (N00103) is present then <CINclosureDate> (N00102) must also be present.
  episodeRule(MODULE, {
    code: '8810',
    message: 'A CIN case cannot have a Reason for Closure without a CIN Closure Date',
    fields: ['ReasonForClosure', 'CINclosureDate'],
    check: (episode) => episode.reasonForClosure !== undefined && episode.cinClosureDate === undefined,
  }),

  // 8815: If more than one <CINdetails> module is present for the same child, then there must only
  // be one where <CINclosureDate> (N00102) is missing and <ReferralNFA> (N00112) = false or 0.
  childRule(MODULE, {
    code: '8815',
    message:
      'More than one open CIN Details episode (a module with no CIN Closure Date) has been provided for this child and case is not a referral with no further action.',
    fields: ['ReferralNFA', 'CINclosureDate'],
    check: ({ cinDetails }) => cinDetails.filter(isOpenWithAction).length > 1,
  }),

  // 8816: If there is a <CINdetails> module present for the child where <CINclosureDate> (N00102)
  // is missing and <ReferralNFA> (N00112) = false or 0, then the <CINreferralDate> (N00100) for this
  // module must be the latest of all Referral Dates for that child.
  childRule(MODULE, {
    code: '8816',
    message: 'An open CIN episode is shown and case is not a referral with no further action, but it is not the latest episode.',
    fields: ['CINreferralDate', 'ReferralNFA'],
    check: ({ cinDetails }) => {
      const referred = cinDetails.filter((episode) => episode.cinReferralDate !== undefined);
      // The latest is the first episode with the latest referral date: a second open episode
      // referred the same day is not it.
      let latest = 0;
      referred.forEach((episode, index) => {
        if ((episode.cinReferralDate ?? '') > (referred[latest]?.cinReferralDate ?? '')) latest = index;
      });
      return referred.some((episode, index) => index !== latest && isOpenWithAction(episode));
    },
  }),

  // 8820: If more than one <CINdetails> module is present for the same child, then for each module
  // the <CINreferralDate> (N00100) must not fall a) between the <CINreferralDate> (N00100) and the
  // <CINclosureDate> (N00102) if present, and b) between the <CINreferralDate> and the
  // <ReferenceDate> (N00603) if the <CINclosureDate> is not present and <ReferralNFA> (N00112) =
  // false or 0 - of any other module. (One episode may start the day the previous one closed.)
  childRule(MODULE, {
    code: '8820',
    message: 'The dates on the CIN episodes for this child overlap',
    fields: ['CINreferralDate', 'CINclosureDate'],
    check: ({ cinDetails }, { referenceDate }) =>
      someOrderedPair(
        cinDetails.filter((episode) => episode.cinReferralDate !== undefined),
        (episode, other) =>
          isOnOrAfter(episode.cinReferralDate, other.cinReferralDate) &&
          (isBefore(episode.cinReferralDate, other.cinClosureDate) ||
            (other.cinClosureDate === undefined && isBefore(episode.cinReferralDate, referenceDate) && isNoFlagAnyCase(other.referralNfa))),
      ),
  }),

  // 8825Q: If <ReasonforClosure> (N00103) = RC8 or RC9 then at least one <Assessments> module must be present.
  episodeRule(MODULE, {
    code: '8825Q',
    message:
      'Please check and either amend data or provide a reason: Reason for Closure code RC8 (case closed after assessment) or RC9 (case closed after assessment, referred to early help) has been returned but there is no assessment present for the episode.',
    fields: ['ReasonForClosure'],
    check: (episode) => isClosedAfterAssessment(episode) && episode.assessments.length === 0,
  }),

  // 8831: If a <CINdetails> module has <ReferralNFA> (N00112) = true or 1, then it cannot have any
  // of the following: <AssessmentActualStartDate> (N00159), <AssessmentAuthorisationDate> (N00160),
  // <S47ActualStartDate> (N00148), <DateOfInitialCPC> (N00110).
  episodeRule(MODULE, {
    code: '8831',
    message: 'Activity is recorded against a case marked as a referral with no further action',
    fields: ['AssessmentActualStartDate', 'AssessmentAuthorisationDate', 'S47ActualStartDate', 'DateOfInitialCPC'],
    check: (episode) =>
      isYesFlag(episode.referralNfa) &&
      (episode.dateOfInitialCpc !== undefined ||
        episode.section47.some((s47) => s47.s47ActualStartDate !== undefined) ||
        episode.assessments.some((a) => a.assessmentActualStartDate !== undefined || a.assessmentAuthorisationDate !== undefined)),
  }),

  // 8866: If <CinReferralDate> (N00100) is on or after 1 April 2013 then <ReferralSource> (N00152)
  // must be present and must be a valid code.
  episodeRule(MODULE, {
    code: '8866',
    message: 'Source of Referral is missing or an invalid code',
    fields: ['CINreferralDate', 'ReferralSource'],
    check: ({ cinReferralDate, referralSource }) =>
      isOnOrAfter(cinReferralDate, REFERRAL_SOURCE_REQUIRED_FROM) && (referralSource === undefined || !REFERRAL_SOURCE_CODES.has(referralSource)),
  }),

  // 8867: If <CINclosureDate> (N00102) is present then all instances of the <Assessments> group
  // must include the <AssessmentAuthorisationDate> (N00160).
  assessmentRule(MODULE, {
    code: '8867',
    message: 'CIN episode is shown as closed, however Assessment is not shown as completed',
    fields: ['CINclosureDate', 'AssessmentAuthorisationDate'],
    check: (assessment, episode) => episode.cinClosureDate !== undefined && assessment.assessmentAuthorisationDate === undefined,
  }),

  // 8868: If <CINclosureDate> (N00102) is present then all instances of the <Section47> group must
  // either i) include the <DateOfInitialCPC> (N00110) or ii) include <ICPCnotRequired> (N00111)
  // with a value of true or 1 (and not both).
  section47Rule(MODULE, {
    code: '8868',
    message: 'CIN episode is shown as closed, however Section 47 enquiry is not shown as completed by ICPC date or ICPC not required flag',
    fields: ['ICPCnotRequired', 'CINclosureDate', 'DateOfInitialCPC'],
    check: (s47, episode) => episode.cinClosureDate !== undefined && (s47.dateOfInitialCpc === undefined) !== isYesFlag(s47.icpcNotRequired),
  }),

  // 8890: Within one <CINdetails> group, each <S47ActualStartDate> (N00148) must not fall on or
  // between a) the <S47ActualStartDate> and <DateOfInitialCPC> (N00110) of any other <Section47>
  // group that has a <DateOfInitialCPC>, or b) the <S47ActualStartDate> and the <ReferenceDate>
  // (N00603) of any other <Section47> group that has a missing <DateOfInitialCPC> and the
  // <ICPCnotRequired> (N00111) flag is not true. (Two identical enquiries are not compared.)
  episodeRule(MODULE, {
    code: '8890',
    message: 'A Section 47 enquiry is shown as starting when there is another Section 47 Enquiry ongoing',
    fields: ['S47ActualStartDate'],
    check: (episode, _child, { referenceDate }) =>
      episode.section47.length > 1 &&
      someOrderedPair(
        episode.section47,
        (s47, other) =>
          s47.s47ActualStartDate !== undefined &&
          !(s47.s47ActualStartDate === other.s47ActualStartDate && s47.dateOfInitialCpc === other.dateOfInitialCpc) &&
          isOnOrAfter(s47.s47ActualStartDate, other.s47ActualStartDate) &&
          (isOnOrBefore(s47.s47ActualStartDate, other.dateOfInitialCpc) ||
            (other.dateOfInitialCpc === undefined && isOnOrBefore(s47.s47ActualStartDate, referenceDate) && !isYesFlagAnyCase(other.icpcNotRequired))),
      ),
  }),
];
