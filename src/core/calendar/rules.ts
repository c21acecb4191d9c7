/**
 * The regular rules for bank holidays in England and Wales, used by generate-bank-holidays.ts to
 * extend the shipped calendar beyond the reference list (kpi-definitions.md, Conventions: "the
 * project must ship its own calendar data and extend it, not fetch it at run time").
 *
 * One-off holidays (a jubilee, a state funeral, a coronation, a moved early May bank holiday) are
 * proclaimed case by case and cannot be computed: they come from the reference list, and a future
 * one must be added to the generator by hand when it is announced.
 *
 * Like the reference list, a year's list holds New Year's Day, Christmas Day and Boxing Day on their
 * own dates even when those fall at a weekend, plus the weekday substitute days given for them.
 */
import { addDays, dayNumberOf, dayOfWeek, fromDayNumber, parseIsoDate } from '../dates.ts';

/**
 * Easter Sunday of a Gregorian year, by the anonymous Gregorian algorithm (Meeus/Jones/Butcher):
 * the first Sunday after the ecclesiastical full moon on or after 21 March.
 */
export function easterSunday(year: number): string {
  if (!Number.isInteger(year) || year < 1583 || year > 9999) {
    throw new RangeError(`Easter is computed for Gregorian years 1583-9999 only: ${year}`);
  }
  const goldenNumber = year % 19; // position in the 19-year Metonic cycle
  const century = Math.floor(year / 100);
  const yearOfCentury = year % 100;
  const skippedLeapDays = Math.floor(century / 4);
  const centuryRemainder = century % 4;
  const lunarCorrection = Math.floor((century + 8) / 25);
  const moonOrbitCorrection = Math.floor((century - lunarCorrection + 1) / 3);
  const epact = (19 * goldenNumber + century - skippedLeapDays - moonOrbitCorrection + 15) % 30;
  const leapYearsInCentury = Math.floor(yearOfCentury / 4);
  const yearRemainder = yearOfCentury % 4;
  const daysToSunday =
    (32 + 2 * centuryRemainder + 2 * leapYearsInCentury - epact - yearRemainder) % 7;
  const lateCorrection = Math.floor((goldenNumber + 11 * epact + 22 * daysToSunday) / 451);
  const monthAndDay = epact + daysToSunday - 7 * lateCorrection + 114;
  const month = Math.floor(monthAndDay / 31);
  const day = (monthAndDay % 31) + 1;
  return fromDayNumber(dayNumberOf(year, month, day));
}

/** The Monday on or after `date` (Monday is day 1 of the week). */
function mondayOnOrAfter(date: string): string {
  return addDays(date, (8 - dayOfWeek(date)) % 7);
}

function isWeekend(date: string): boolean {
  const weekday = dayOfWeek(date);
  return weekday === 0 || weekday === 6;
}

/**
 * The bank holidays of England and Wales in `year` by the regular rules of the Banking and
 * Financial Dealings Act 1971 and the royal proclamations that repeat each year:
 * New Year's Day, Good Friday, Easter Monday, early May (first Monday of May), spring (last Monday
 * of May), summer (last Monday of August), Christmas Day and Boxing Day. When New Year's Day,
 * Christmas Day or Boxing Day falls at a weekend, the next weekday that is not already a holiday is
 * a substitute day (Christmas on a Saturday gives Monday 27 and Tuesday 28 December).
 * Sorted; one-off holidays are not included.
 */
export function regularBankHolidays(year: number): string[] {
  const easter = easterSunday(year);
  const fixed = ['01-01', '12-25', '12-26'].map((monthDay) => `${year}-${monthDay}`);
  const holidays = new Set<string>([
    ...fixed,
    addDays(easter, -2), // Good Friday
    addDays(easter, 1), // Easter Monday
    mondayOnOrAfter(`${year}-05-01`), // early May bank holiday
    mondayOnOrAfter(`${year}-05-25`), // spring bank holiday: the last Monday of May
    mondayOnOrAfter(`${year}-08-25`), // summer bank holiday: the last Monday of August
  ]);
  // Substitutes in date order, so Boxing Day's substitute comes after Christmas Day's.
  for (const date of fixed.filter(isWeekend)) {
    let substitute = addDays(date, 1);
    while (isWeekend(substitute) || holidays.has(substitute)) substitute = addDays(substitute, 1);
    holidays.add(substitute);
  }
  return [...holidays].sort();
}

/** The year of an ISO date. */
function yearOf(date: string): number {
  return parseIsoDate(date).year;
}

/**
 * Checks a reference list of holiday dates: real ISO dates, sorted, no repeats, and at least one in
 * every year from the first to the last (so a missing year cannot pass as "no holidays").
 * @returns the first and last year the list covers.
 * @throws Error naming the offending entry.
 */
export function checkReferenceList(reference: readonly string[]): { firstYear: number; lastYear: number } {
  const first = reference[0];
  const last = reference[reference.length - 1];
  if (first === undefined || last === undefined) throw new Error('The reference list of bank holidays is empty');
  const years = new Set<number>();
  reference.forEach((date, index) => {
    years.add(yearOf(date));
    const previous = reference[index - 1];
    if (previous !== undefined && previous >= date) {
      throw new Error(`The reference list of bank holidays is not sorted without repeats at ${date}`);
    }
  });
  const firstYear = yearOf(first);
  const lastYear = yearOf(last);
  for (let year = firstYear; year <= lastYear; year += 1) {
    if (!years.has(year)) throw new Error(`The reference list of bank holidays has no date in ${year}`);
  }
  return { firstYear, lastYear };
}

/**
 * Where the regular rules and a reference list disagree over the reference's years: the one-off
 * holidays only the reference has, and the regular dates it moved or dropped.
 */
export function differencesFromRules(reference: readonly string[]): { onlyInReference: string[]; onlyInRules: string[] } {
  const { firstYear, lastYear } = checkReferenceList(reference);
  const ruled = new Set<string>();
  for (let year = firstYear; year <= lastYear; year += 1) regularBankHolidays(year).forEach((date) => ruled.add(date));
  const referenced = new Set(reference);
  return {
    onlyInReference: reference.filter((date) => !ruled.has(date)),
    onlyInRules: [...ruled].filter((date) => !referenced.has(date)).sort(),
  };
}

/**
 * The shipped calendar: the reference list as it is for the years it covers (it is the authority,
 * one-off holidays and moved dates included), then the regular rules for each later year up to
 * `lastYear`.
 */
export function extendReferenceList(reference: readonly string[], lastYear: number): string[] {
  const covered = checkReferenceList(reference);
  const extended = [...reference];
  for (let year = covered.lastYear + 1; year <= lastYear; year += 1) extended.push(...regularBankHolidays(year));
  return extended;
}
