/** Rules of the ChildIdentifiers module: LAchildID, UPN, dates of birth and death, sex. */
import { addMonths } from '../../../../core/dates.ts';
import { UPN_LA_CODES, SEX_CODES } from '../codes.ts';
import { characterLength, isAfter, isAllDigits, isAlphanumeric, isBefore, isLetter, isOnOrAfter, isOnOrBefore, isWithin, isYesFlagAnyCase } from './helpers.ts';
import { childRule, cinPlanRule, episodeRule, returnRule, uniqueRule, type CinRule } from './types.ts';

const MODULE = 'ChildIdentifiers';

const UPN_CHECK_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/** Character 13 of a UPN: a digit, or a letter other than I, O and S. */
const UPN_LAST_CHARACTERS = new Set('ABCDEFGHJKLMNPQRTUVWXYZ0123456789');

/** UPNunknown reasons that explain a missing UPN for a child of school age (not UN1, "not of school age"). */
const SCHOOL_AGE_UPN_UNKNOWN = new Set(['UN2', 'UN3', 'UN4', 'UN5', 'UN6', 'UN7']);

/**
 * The check letter of a UPN whose characters 2-13 are digits: the sum of each digit times its
 * position (2-13), modulo 23, as a letter of A-Z without I, O and S.
 */
export function upnCheckLetter(upn: string): string | undefined {
  if (!/^.[0-9]{12}$/u.test(upn)) return undefined;
  let sum = 0;
  for (let position = 2; position <= 13; position += 1) sum += (upn.charCodeAt(position - 1) - 48) * position;
  return UPN_CHECK_LETTERS[sum % 23];
}

export const childIdentifierRules: CinRule[] = [
  // 1510: <UPN> (N00001) if present must contain the correct check letter. (A UPN whose characters
  // 2-13 are not all digits has no check letter to compare: 1540 and 1550 judge those.)
  childRule(MODULE, {
    code: '1510',
    message: 'UPN invalid (wrong check letter at character 1)',
    fields: ['UPN'],
    check: ({ identifiers: { upn } }) => {
      if (upn === undefined || characterLength(upn) !== 13) return false;
      const letter = upnCheckLetter(upn);
      return letter !== undefined && letter !== upn[0];
    },
  }),

  // 1520: Each pupil <UPN> (N00001) must be unique across all pupils in the extract.
  uniqueRule(MODULE, {
    code: '1520',
    message: 'More than one record with the same UPN.',
    fields: ['UPN'],
    key: (child) => child.identifiers.upn,
  }),

  // 1530: If <UPN> (N00001) present then characters 2-4 of <UPN> must be a valid post April 1998 LA
  // code or a recognised 'pseudo LA' code.
  childRule(MODULE, {
    code: '1530',
    message: 'UPN invalid (characters 2-4 not a recognised LA code)',
    fields: ['UPN'],
    lastChangedIn: 'cin2023_24',
    check: ({ identifiers: { upn } }) => upn !== undefined && characterLength(upn) === 13 && !UPN_LA_CODES.has(upn.slice(1, 4)),
  }),

  // 1540: If <UPN> (N00001) present characters 5-12 of <UPN> must be numeric.
  childRule(MODULE, {
    code: '1540',
    message: 'UPN invalid (characters 5-12 not all numeric)',
    fields: ['UPN'],
    check: ({ identifiers: { upn } }) => upn !== undefined && !isAllDigits(upn.slice(4, 12)),
  }),

  // 1550: If <UPN> (N00001) present character 13 of <UPN> must be numeric or A-Z omitting I, O and S.
  childRule(MODULE, {
    code: '1550',
    message: 'UPN invalid (character 13 not a recognised value)',
    fields: ['UPN'],
    check: ({ identifiers: { upn } }) => upn !== undefined && characterLength(upn) === 13 && !UPN_LAST_CHARACTERS.has(upn.charAt(12)),
  }),

  // 1560Q: <FormerUPN> (N00002) where present should be in the correct format: 13 characters, a
  // letter then 12 digits.
  childRule(MODULE, {
    code: '1560Q',
    message: 'Please check and either amend or provide a reason: Former UPN wrongly formatted',
    fields: ['FormerUPN'],
    check: ({ identifiers: { formerUpn } }) =>
      formerUpn !== undefined && (characterLength(formerUpn) !== 13 || !isAllDigits(formerUpn.slice(1)) || !isLetter(formerUpn.charAt(0))),
  }),

  // 1570: <LAchildID> (N00097) must not be longer than 20 characters.
  childRule(MODULE, {
    code: '1570',
    message: 'LA Child ID must not be longer than 20 characters',
    fields: ['LAchildID'],
    lastChangedIn: 'cin2024_25',
    check: ({ identifiers: { laChildId } }) => laChildId !== undefined && characterLength(laChildId) > 20,
  }),

  // 1580: <LAchildID> (N00097) must contain only letters and digits.
  childRule(MODULE, {
    code: '1580',
    message: 'LA Child ID must not contain any non-alphanumeric characters',
    fields: ['LAchildID'],
    lastChangedIn: 'cin2024_25',
    check: ({ identifiers: { laChildId } }) => laChildId !== undefined && !isAlphanumeric(laChildId),
  }),

  // 2886Q: The number of child records where <Sex> (N00783) is U or missing and the
  // <ExpectedPersonBirthDate> (N00098) is missing, divided by the total number of child records,
  // should be less than or equal to 0.02. Triggered at LA level.
  returnRule(MODULE, {
    code: '2886Q',
    message: 'Please check and either amend or provide a reason: Percentage of children with no sex recorded is more than 2% (excluding unborns)',
    fields: ['ExpectedPersonBirthDate', 'ChildIdentifiers'],
    lastChangedIn: 'cin2024_25',
    start: () => {
      let children = 0;
      let noSex = 0;
      return {
        add: ({ identifiers: { sex, expectedPersonBirthDate } }) => {
          children += 1;
          if ((sex === undefined || sex === 'U') && expectedPersonBirthDate === undefined) noSex += 1;
        },
        fails: () => children > 0 && noSex / children > 0.02,
      };
    },
  }),

  // 4008: If <PersonDeathDate> (N00108) is present, then <CINPlanStartDate> (N00689) must be on or
  // before <PersonDeathDate> (N00108).
  cinPlanRule(MODULE, {
    code: '4008',
    message: 'CIN Plan shown as starting after the child’s Date of Death.',
    fields: ['PersonDeathDate', 'CINPlanStartDate'],
    check: (plan, _episode, child) => isAfter(plan.cinPlanStartDate, child.identifiers.personDeathDate),
  }),

  // 4009Q: If <PersonDeathDate> (N00108) is present, then <CINPlanEndDate> (N00690) must be on or
  // before <PersonDeathDate> (N00108).
  cinPlanRule(MODULE, {
    code: '4009Q',
    message: 'CIN Plan cannot end after the child’s Date of Death',
    fields: ['PersonDeathDate', 'CINPlanEndDate'],
    check: (plan, _episode, child) => isAfter(plan.cinPlanEndDate, child.identifiers.personDeathDate),
  }),

  // 4180: <Sex> (N00783) must be present and valid (M, F or U).
  childRule(MODULE, {
    code: '4180',
    message: 'Sex must be provided and equal M, F, or U',
    fields: ['Sex'],
    lastChangedIn: 'cin2024_25',
    check: ({ identifiers: { sex } }) => sex === undefined || !SEX_CODES.has(sex),
  }),

  // 8500: <LAchildID> (N00097) must be present.
  childRule(MODULE, {
    code: '8500',
    message: 'LA Child ID missing',
    fields: ['LAchildID'],
    check: ({ identifiers: { laChildId } }) => laChildId === undefined,
  }),

  // 8510: Each <LAchildID> (N00097) must be unique across all children within the same LA return.
  uniqueRule(MODULE, {
    code: '8510',
    message: 'More than one child record with the same LA Child ID',
    fields: ['LAchildID'],
    key: (child) => child.identifiers.laChildId,
  }),

  // 8520: <PersonBirthDate> (N00066) must be on or before <ReferenceDate> (N00603) or null.
  childRule(MODULE, {
    code: '8520',
    message: 'Date of Birth is after data collection period (must be on or before the end of the census period)',
    fields: ['PersonBirthDate', 'ReferenceDate'],
    check: ({ identifiers: { personBirthDate } }, { referenceDate }) => isAfter(personBirthDate, referenceDate),
  }),

  // 8525Q: Either Date of Birth or Expected Date of Birth must be provided (but not both).
  childRule(MODULE, {
    code: '8525Q',
    message: 'Either Date of Birth or Expected Date of Birth must be provided (but not both)',
    fields: ['PersonBirthDate', 'ExpectedPersonBirthDate'],
    check: ({ identifiers: { personBirthDate, expectedPersonBirthDate } }) => (personBirthDate === undefined) === (expectedPersonBirthDate === undefined),
  }),

  // 8530Q: <ExpectedPersonBirthDate> (N00098) should be between [<ReferenceDate> (N00603) minus 30
  // days] and [<ReferenceDate> (N00603) plus 9 months].
  childRule(MODULE, {
    code: '8530Q',
    message:
      'Please check and either amend data or provide a reason: Expected Date of Birth is outside the expected range for this census (March to December of the Census Year end)',
    fields: ['ExpectedPersonBirthDate'],
    check: ({ identifiers: { expectedPersonBirthDate } }, { expectedBirthTooEarly, expectedBirthTooLate }) =>
      isOnOrAfter(expectedPersonBirthDate, expectedBirthTooLate) || isOnOrBefore(expectedPersonBirthDate, expectedBirthTooEarly),
  }),

  // 8535Q: <PersonDeathDate> (N00108) must be on or after <PersonBirthDate> (N00066) (a death date
  // with no date of birth is queried too).
  childRule(MODULE, {
    code: '8535Q',
    message: 'Please check and either amend data or provide a reason: Child’s date of death should not be prior to the date of birth',
    fields: ['PersonDeathDate', 'PersonBirthDate'],
    check: ({ identifiers: { personDeathDate, personBirthDate } }) =>
      personDeathDate !== undefined && (personBirthDate === undefined || personBirthDate > personDeathDate),
  }),

  // 8545Q: If present, <PersonDeathDate> (N00108) must be within [Period_of_Census].
  childRule(MODULE, {
    code: '8545Q',
    message: "Please check and either amend data or provide a reason: Child's date of death should be within the census year",
    fields: ['PersonDeathDate'],
    check: ({ identifiers: { personDeathDate } }, { collectionStart, referenceDate }) =>
      personDeathDate !== undefined && !isWithin(personDeathDate, collectionStart, referenceDate),
  }),

  // 8590: Each child must have at least one <CINdetails> group.
  childRule(MODULE, {
    code: '8590',
    message: 'Child does not have a recorded CIN episode.',
    fields: ['LAchildID'],
    check: ({ cinDetails }) => cinDetails.length === 0,
  }),

  // 8750: If <ExpectedPersonBirthDate> (N00098) is present and <PersonBirthDate> (N00066) is blank
  // then <Sex> (N00783) must equal U.
  childRule(MODULE, {
    code: '8750',
    message: 'Sex must equal U for an unborn child',
    fields: ['Sex', 'PersonBirthDate', 'ExpectedPersonBirthDate'],
    lastChangedIn: 'cin2024_25',
    check: ({ identifiers: { personBirthDate, expectedPersonBirthDate, sex } }) =>
      personBirthDate === undefined && expectedPersonBirthDate !== undefined && sex !== 'U',
  }),

  // 8770Q: If <ReferralNFA> (N00112) = 0 or false and the child is of school age (born on or before
  // 31 August six years before the September after the reference date) then either <UPN> (N00001)
  // or a valid <UPNunknown> (N00135) other than UN1 should be present.
  childRule(MODULE, {
    code: '8770Q',
    message:
      'Please check and either amend data or provide a reason: UPN is missing or reason UPN is missing or is UN1 for a child who is of school age.',
    fields: ['UPNunknown', 'UPNunknown'],
    lastChangedIn: 'cin2024_25',
    check: (child, { schoolAgeBornBy }) =>
      isOnOrBefore(child.identifiers.personBirthDate, schoolAgeBornBy) &&
      child.identifiers.upn === undefined &&
      !SCHOOL_AGE_UPN_UNKNOWN.has(child.identifiers.upnUnknown?.toUpperCase() ?? '') &&
      child.cinDetails.some(({ referralNfa }) => referralNfa === '0' || referralNfa?.toLowerCase() === 'false'),
  }),

  // 8772: If <UPNunknown> (N00135) is UN7 then all of the CIN details must have <ReferralNFA>
  // (N00112) = 1 or true.
  childRule(MODULE, {
    code: '8772',
    message: 'UPN unknown reason is UN7 (Referral with no further action) but at least one CIN details is a referral going on to further action',
    fields: ['UPNunknown', 'ReferralNFA'],
    check: ({ identifiers: { upnUnknown }, cinDetails }) =>
      upnUnknown === 'UN7' && (cinDetails.length === 0 || cinDetails.some(({ referralNfa }) => !isYesFlagAnyCase(referralNfa))),
  }),

  // 8775Q: <PersonBirthDate> (N00066) is before (<ReferenceDate> (N00603) minus 25 years) AND
  // {<CINClosureDate> (N00102) is after (<PersonBirthDate> plus 25 years) OR <CINClosureDate> is NULL}.
  episodeRule(MODULE, {
    code: '8775Q',
    message: 'Please check and either amend data or provide a reason: Child is over 25 years old',
    fields: ['PersonBirthDate', 'CINclosureDate'],
    check: ({ cinClosureDate }, { identifiers: { personBirthDate } }, { over25BornBefore }) =>
      personBirthDate !== undefined &&
      isBefore(personBirthDate, over25BornBefore) &&
      (cinClosureDate === undefined || cinClosureDate > addMonths(personBirthDate, 300)),
  }),
];
