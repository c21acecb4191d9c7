/** Rules of the Assessments module: child and family assessments and the factors they identify. */
import { ASSESSMENT_FACTOR_CODES } from '../codes.ts';
import type { Assessment } from '../model.ts';
import { countWhere, hasRepeats, isAfter, isBefore, isOnOrAfter, isOnOrBefore, isOutside, isWithin, someOrderedPair } from './helpers.ts';
import { assessmentRule, episodeRule, type CinRule } from './types.ts';

const MODULE = 'Assessments';

/** The factors identified at a completed assessment, empty when none were recorded. */
const factorsOf = (assessment: Assessment | undefined): readonly (string | undefined)[] => assessment?.assessmentFactors ?? [];

const NO_FACTORS_IDENTIFIED = '21';

export const assessmentRules: CinRule[] = [
  // 1103: Where present, the <AssessmentActualStartDate> (N00159) should be on or after the
  // <CINReferralDate> (N00100).
  assessmentRule(MODULE, {
    code: '1103',
    message: 'The assessment start date cannot be before the referral date',
    fields: ['AssessmentActualStartDate', 'CINreferralDate'],
    check: (assessment, episode) => isBefore(assessment.assessmentActualStartDate, episode.cinReferralDate),
  }),

  // 8608: If present <AssessmentAuthorisationDate> (N00160) must be on or after the
  // <AssessmentActualStartDate> (N00159).
  assessmentRule(MODULE, {
    code: '8608',
    message: 'Assessment Start Date cannot be later than its End Date',
    fields: ['AssessmentActualStartDate', 'AssessmentAuthorisationDate'],
    check: (a) => isAfter(a.assessmentActualStartDate, a.assessmentAuthorisationDate),
  }),

  // 8614: If <AssessmentAuthorisationDate> (N00160) is missing, <AssessmentFactors> (N00181) within
  // the same module must also be missing.
  assessmentRule(MODULE, {
    code: '8614',
    message: 'Parental or child factors at assessment should only be present for a completed assessment.',
    fields: ['AssessmentAuthorisationDate', 'AssessmentFactors'],
    check: (a) => a.assessmentAuthorisationDate === undefined && a.assessmentFactors !== undefined,
  }),

  // 8670Q: If <AssessmentAuthorisationDate> (N00160) is not present then <AssessmentActualStartDate>
  // (N00159) should not be before the <ReferenceDate> (N00603) minus 45 working days.
  assessmentRule(MODULE, {
    code: '8670Q',
    message:
      'Please check and either amend data or provide a reason: Assessment started more than 45 working days before the end of the census year. However, there is no Assessment end date.',
    fields: ['AssessmentActualStartDate'],
    check: (a, _episode, _child, { assessmentOverdueBefore }) =>
      a.assessmentAuthorisationDate === undefined && isBefore(a.assessmentActualStartDate, assessmentOverdueBefore),
  }),

  // 8696: If present <AssessmentAuthorisationDate> (N00160) must be on or between
  // [Start_Of_Census_Year] and <ReferenceDate> (N00603).
  assessmentRule(MODULE, {
    code: '8696',
    message: 'Assessment end date must fall within the census year',
    fields: ['AssessmentAuthorisationDate', 'ReferenceDate'],
    check: (a, _episode, _child, { collectionStart, referenceDate }) => isOutside(a.assessmentAuthorisationDate, collectionStart, referenceDate),
  }),

  // 8736: Where present, if an <Assessments> group does not contain the
  // <AssessmentAuthorisationDate> (N00160) then the <AssessmentActualStartDate> (N00159) must be on
  // or between [Start_Of_Census_Year] and <ReferenceDate> (N00603).
  assessmentRule(MODULE, {
    code: '8736',
    message: 'For an Assessment that has not been completed, the start date must fall within the census year',
    fields: ['AssessmentAuthorisationDate', 'AssessmentActualStartDate'],
    check: (a, _episode, _child, { collectionStart, referenceDate }) =>
      a.assessmentAuthorisationDate === undefined && !isWithin(a.assessmentActualStartDate, collectionStart, referenceDate),
  }),

  // 8863Q: Within one <CINdetails> group, where present each <AssessmentActualStartDate> (N00159)
  // must not fall on or between a) the <AssessmentActualStartDate> and <AssessmentAuthorisationDate>
  // (N00160) of any other <Assessments> group that has an <AssessmentAuthorisationDate>, or b) the
  // <AssessmentActualStartDate> and the <ReferenceDate> (N00603) where the
  // <AssessmentAuthorisationDate> is missing. (Two assessments with the same dates are not compared.)
  episodeRule(MODULE, {
    code: '8863Q',
    message: 'An Assessment is shown as starting when there is another Assessment ongoing.',
    fields: ['AssessmentActualStartDate', 'AssessmentAuthorisationDate'],
    check: (episode, _child, { referenceDate }) =>
      episode.assessments.length > 1 &&
      someOrderedPair(
        episode.assessments,
        (a, other) =>
          a.assessmentActualStartDate !== undefined &&
          !(a.assessmentActualStartDate === other.assessmentActualStartDate && a.assessmentAuthorisationDate === other.assessmentAuthorisationDate) &&
          isOnOrAfter(a.assessmentActualStartDate, other.assessmentActualStartDate) &&
          (isOnOrBefore(a.assessmentActualStartDate, other.assessmentAuthorisationDate) ||
            (other.assessmentAuthorisationDate === undefined && isOnOrBefore(a.assessmentActualStartDate, referenceDate))),
      ),
  }),

  // 8869: If <AssessmentFactors> (N00181) = "21", this must be the only <AssessmentFactors> present.
  assessmentRule(MODULE, {
    code: '8869',
    message: 'The assessment factors code “21” cannot be used in conjunction with any other assessment factors.',
    fields: ['AssessmentFactors'],
    check: (a) => a.assessmentFactors !== undefined && a.assessmentFactors.includes(NO_FACTORS_IDENTIFIED) && a.assessmentFactors.some((factor) => factor !== NO_FACTORS_IDENTIFIED),
  }),

  // 8873Q: Within a <CINDetails> group, if there is only one <Assessment> group present and
  // <AssessmentFactors> (N00181) = "21", <ReasonForClosure> (N00103) should be RC8 or RC9.
  episodeRule(MODULE, {
    code: '8873Q',
    message:
      'Please check and either amend data or provide a reason: When there is only one assessment on the episode and the factors code “21 No factors identified” has been used for the completed assessment, the reason for closure ‘RC8’ or \'RC9\' should be used.',
    fields: ['ReasonForClosure', 'AssessmentFactors'],
    check: (episode) => {
      if (episode.assessments.length !== 1) return false;
      const noFactors = factorsOf(episode.assessments[0]).some((factor) => factor?.includes(NO_FACTORS_IDENTIFIED));
      return noFactors && episode.reasonForClosure !== 'RC8' && episode.reasonForClosure !== 'RC9';
    },
  }),

  // 8896: Within one <CINdetails> group, there must not be more than one <Assessments> group that
  // has no <AssessmentAuthorisationDate> (N00160) recorded.
  episodeRule(MODULE, {
    code: '8896',
    message: 'Within one CINDetails group there are 2 or more open Assessments groups',
    fields: ['AssessmentAuthorisationDate'],
    check: (episode) => countWhere(episode.assessments, (a) => a.assessmentAuthorisationDate === undefined) > 1,
  }),

  // 8897Q: Where present, if <AssessmentAuthorisationDate> (N00160) is on or after
  // [Start_Of_Census_Year] then one or more <AssessmentFactors> (N00181) must be present within the
  // same assessment module and must be a valid code.
  assessmentRule(MODULE, {
    code: '8897Q',
    message: 'Parental or child factors at assessment information is missing from a completed assessment',
    fields: ['AssessmentAuthorisationDate', 'AssessmentFactors'],
    check: (a, _episode, _child, { collectionStart }) =>
      isOnOrAfter(a.assessmentAuthorisationDate, collectionStart) &&
      (a.assessmentFactors === undefined || a.assessmentFactors.some((factor) => factor === undefined || !ASSESSMENT_FACTOR_CODES.has(factor))),
  }),

  // 8898: If there is more than one <AssessmentFactors> (N00181) for an assessment recorded, then
  // none of the values should appear more than once for an assessment.
  assessmentRule(MODULE, {
    code: '8898',
    message: 'The assessment has more than one parental or child factors with the same code',
    fields: ['AssessmentFactors'],
    check: (a) => a.assessmentFactors !== undefined && a.assessmentFactors.length > 1 && hasRepeats(a.assessmentFactors),
  }),

  // 8945Q: <AssessmentFactors> (N00181) should not be 18A (18B or 18C should be used instead).
  assessmentRule(MODULE, {
    code: '8945Q',
    message: "Please check and either amend data or provide a reason: the assessment factors code '18A' should not be used ('18B' or '18C' should be used instead)",
    fields: ['AssessmentFactors'],
    lastChangedIn: 'cin2024_25',
    check: (a) => factorsOf(a).some((factor) => factor?.toUpperCase() === '18A'),
  }),

  // 8950Q: <AssessmentFactors> (N00181) should not be 19A (19B or 19C should be used instead).
  assessmentRule(MODULE, {
    code: '8950Q',
    message: "Please check and either amend data or provide a reason: the assessment factors code '19A' should not be used ('19B' or '19C' should be used instead)",
    fields: ['AssessmentFactors'],
    lastChangedIn: 'cin2024_25',
    check: (a) => factorsOf(a).some((factor) => factor?.toUpperCase() === '19A'),
  }),
];
