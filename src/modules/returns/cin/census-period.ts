/**
 * The dates every census rule measures against, worked out once per return from its header.
 *
 * The census period, [Start_Of_Census_Year] to <ReferenceDate>, runs from the day after the
 * reference date a year earlier to the reference date: 2025-04-01 to 2026-03-31 for 2025-26. Date
 * arithmetic follows the CIN validation rules as the reference validator (data-to-insight's)
 * applies them: whole months and years clamp to the end of a shorter month, and "N working days
 * before" counts working days of England and Wales back from the reference date.
 */
import { isWorkingDay as isCalendarWorkingDay } from '../../../core/calendar/index.ts';
import { addDays, addMonths, dayOfWeek } from '../../../core/dates.ts';
import type { CinHeader } from './model.ts';

export type CensusContext = {
  header: CinHeader;
  /** <ReferenceDate>: the last day of the census period; `undefined` when absent or not a date. */
  referenceDate?: string;
  /** [Start_Of_Census_Year]: the first day of the census period. */
  collectionStart?: string;
  /** 8670Q: an open assessment started before this is more than 45 working days old. */
  assessmentOverdueBefore?: string;
  /** 8675Q: an S47 started before this is more than 15 working days old. */
  s47OverdueBefore?: string;
  /** 8569Q: a referral before this must not be a referral with no further action. */
  nfaReferralCutoff?: string;
  /** 8530Q: an expected date of birth on or before this is too early... */
  expectedBirthTooEarly?: string;
  /** ...and on or after this too late. */
  expectedBirthTooLate?: string;
  /** 8770Q: a child born on or before this is of school age. */
  schoolAgeBornBy?: string;
  /** 8775Q: a child born before this is over 25. */
  over25BornBefore?: string;
};

/** Working day of England and Wales; outside the shipped bank-holiday years, Monday to Friday. */
function isWorkingDay(date: string): boolean {
  try {
    return isCalendarWorkingDay(date);
  } catch {
    const weekday = dayOfWeek(date);
    return weekday !== 0 && weekday !== 6;
  }
}

/**
 * The n-th working day before `date` (n >= 1), not counting `date` itself; for n = 0, `date` when
 * it is a working day and otherwise the next one. This is `date - CustomBusinessDay(n)` in pandas,
 * which the reference validator uses for "minus N working days" with N - 1 (so 45 working days is
 * the 44th working day before the reference date).
 */
export function workingDaysBefore(date: string, n: number): string {
  let day = date;
  if (n === 0) {
    while (!isWorkingDay(day)) day = addDays(day, 1);
    return day;
  }
  for (let counted = 0; counted < n; ) {
    day = addDays(day, -1);
    if (isWorkingDay(day)) counted += 1;
  }
  return day;
}

/** Builds the census context from a header. Never throws: what cannot be worked out stays undefined. */
export function censusContext(header: CinHeader): CensusContext {
  const referenceDate = header.referenceDate;
  if (referenceDate === undefined) return { header };
  try {
    return {
      header,
      referenceDate,
      collectionStart: addDays(addMonths(referenceDate, -12), 1),
      assessmentOverdueBefore: workingDaysBefore(referenceDate, 44),
      s47OverdueBefore: workingDaysBefore(referenceDate, 14),
      nfaReferralCutoff: workingDaysBefore(addDays(addMonths(referenceDate, -12), 1), 0),
      expectedBirthTooEarly: addDays(referenceDate, -30),
      expectedBirthTooLate: addMonths(referenceDate, 9),
      // School starts the September after the child turns 5: the reference date plus 4 months
      // and 31 days (31 August after a 31 March reference date), less 6 years.
      schoolAgeBornBy: addMonths(addDays(addMonths(referenceDate, 4), 31), -72),
      over25BornBefore: addMonths(referenceDate, -300),
    };
  } catch {
    // A reference date at the edge of the calendar (years 0001 or 9999): no period to measure by.
    return { header };
  }
}
