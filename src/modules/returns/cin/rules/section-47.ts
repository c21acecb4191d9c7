/** Rules of the Section47 module: S47 enquiries and initial child protection conferences. */
import { dayOfWeek } from '../../../../core/dates.ts';
import type { CinChild, Section47 } from '../model.ts';
import { countWhere, isAfter, isBefore, isOutside, isNoFlag, isYesFlag } from './helpers.ts';
import { childRule, episodeRule, section47Rule, type CinRule } from './types.ts';

const MODULE = 'Section47';

function someSection47(child: CinChild, test: (s47: Section47) => boolean): boolean {
  return child.cinDetails.some((episode) => episode.section47.some(test));
}

function isWeekend(date: string | undefined): boolean {
  if (date === undefined) return false;
  const weekday = dayOfWeek(date);
  return weekday === 0 || weekday === 6;
}

export const section47Rules: CinRule[] = [
  // 1104: Where present, the <DateOfInitialCPC> (N00110) should be on or after <CINreferralDate> (N00100).
  section47Rule(MODULE, {
    code: '1104',
    message: 'The date of the initial child protection conference cannot be before the referral date',
    fields: ['CINreferralDate', 'DateOfInitialCPC'],
    check: (s47, episode) => isBefore(s47.dateOfInitialCpc, episode.cinReferralDate),
  }),

  // 2884: An initial child protection conference should be recorded either at <CINdetails> level
  // (with no S47 module) or on the <Section47> module, not both: no <DateOfInitialCPC> (N00110) of
  // a <Section47> module may equal a <CINdetails> <DateOfInitialCPC> for the same child.
  childRule(MODULE, {
    code: '2884',
    message: 'An initial child protection conference is recorded at both the S47 and CIN Details level and it should only be recorded in one',
    fields: ['DateOfInitialCPC'],
    check: (child) => {
      const episodeDates = new Set(child.cinDetails.map((episode) => episode.dateOfInitialCpc).filter((date) => date !== undefined));
      return episodeDates.size > 0 && someSection47(child, (s47) => s47.dateOfInitialCpc !== undefined && episodeDates.has(s47.dateOfInitialCpc));
    },
  }),

  // 2889: Where present, the <S47ActualStartDate> (N00148) should be on or after the <CINReferralDate> (N00100).
  section47Rule(MODULE, {
    code: '2889',
    message: 'The S47 start date cannot be before the referral date.',
    fields: ['S47ActualStartDate', 'CINreferralDate'],
    check: (s47, episode) => isBefore(s47.s47ActualStartDate, episode.cinReferralDate),
  }),

  // 8615: Within a <Section47> group, if <DateOfInitialCPC> (N00110) is present then
  // <S47ActualStartDate> (N00148) must be present and on or before the <DateOfInitialCPC>.
  section47Rule(MODULE, {
    code: '8615',
    message: 'Section 47 Enquiry Start Date must be present and cannot be later than the date of the initial Child Protection Conference',
    fields: ['S47ActualStartDate', 'DateOfInitialCPC'],
    check: (s47) => isAfter(s47.s47ActualStartDate, s47.dateOfInitialCpc) || (s47.dateOfInitialCpc !== undefined && s47.s47ActualStartDate === undefined),
  }),

  // 8675Q: If <DateOfInitialCPC> (N00110) not present and <ICPCnotRequired> (N00111) equals false
  // then <S47ActualStartDate> (N00148) should not be before the <ReferenceDate> (N00603) minus 15
  // working days.
  section47Rule(MODULE, {
    code: '8675Q',
    message:
      'Please check and either amend data or provide a reason: S47 Enquiry started more than 15 working days before the end of the census year. However, there is no date of Initial Child Protection Conference.',
    fields: ['DateOfInitialCPC', 'S47ActualStartDate', 'ICPCnotReqiured'],
    check: (s47, _episode, _child, { s47OverdueBefore }) =>
      s47.dateOfInitialCpc === undefined && isNoFlag(s47.icpcNotRequired) && isBefore(s47.s47ActualStartDate, s47OverdueBefore),
  }),

  // 8715: If present <DateOfInitialCPC> (N00110) must be on or between [Start_Of_Census_Year] and
  // <ReferenceDate> (N00603).
  section47Rule(MODULE, {
    code: '8715',
    message: 'Date of Initial Child Protection Conference must fall within the census year',
    fields: ['DateOfInitialCPC', 'ReferenceDate'],
    check: (s47, _episode, _child, { collectionStart, referenceDate }) => isOutside(s47.dateOfInitialCpc, collectionStart, referenceDate),
  }),

  // 8740: If a <Section47> group does not contain the <DateOfInitialCPC> (N00110) and
  // <ICPCnotRequired> (N00111) is false then the <S47ActualStartDate> (N00148) must be on or between
  // [Start_Of_Census_Year] and <ReferenceDate> (N00603).
  section47Rule(MODULE, {
    code: '8740',
    message:
      'For a Section 47 Enquiry that has not held the Initial Child Protection Conference by the end of the census year, the start date must fall within the census year',
    fields: ['S47ActualStartDate', 'DateOfInitialCPC', 'ICPCnotRequired'],
    check: (s47, _episode, _child, { collectionStart, referenceDate }) =>
      // The reference validator takes only "0" as false here (not "false"); Haven does the same.
      s47.dateOfInitialCpc === undefined && s47.icpcNotRequired === '0' && isOutside(s47.s47ActualStartDate, collectionStart, referenceDate),
  }),

  // 8839: Within one <CINdetails> group, there must be only one <Section47> group that has no
  // <DateOfInitialCPC> (N00110) recorded (and is not marked ICPC not required).
  episodeRule(MODULE, {
    code: '8839',
    message: 'Within one CINDetails group there are 2 or more open S47 Assessments',
    fields: ['DateOfInitialCPC'],
    check: (episode) => countWhere(episode.section47, (s47) => s47.dateOfInitialCpc === undefined && !isYesFlag(s47.icpcNotRequired)) > 1,
  }),

  // 8870Q: <InitialCPCtarget> (N00109) should not be a Saturday or Sunday.
  section47Rule(MODULE, {
    code: '8870Q',
    message: 'Please check and either amend or provide a reason: The Target Date for Initial Child Protection Conference should not be a weekend',
    fields: ['InitialCPCtarget'],
    check: (s47) => isWeekend(s47.initialCpcTarget),
  }),

  // 8875: <DateOfInitialCPC> (N00110) should not be a Saturday or Sunday.
  section47Rule(MODULE, {
    code: '8875',
    message: 'The Date of Initial Child Protection Conference cannot be a weekend',
    fields: ['DateOfInitialCPC'],
    check: (s47) => isWeekend(s47.dateOfInitialCpc),
  }),
];
