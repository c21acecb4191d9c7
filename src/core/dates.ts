/**
 * Calendar dates as 'YYYY-MM-DD' strings: the shape of every statutory date in the CIN census,
 * SSDA903 and Annex A, and of a PostgreSQL `date` column.
 *
 * Everything here is integer arithmetic on the proleptic Gregorian calendar. No JS `Date` is
 * built from a date string, so no local time zone or daylight-saving change can move a date by a
 * day (`new Date('2026-03-29')` is midnight UTC, which is still 28 March in some zones).
 * ISO date strings sort and compare correctly as strings, which KPI code and SQL rely on.
 */

/** A reporting year (kpi-definitions.md, Conventions: 1 April to 31 March, both inclusive). */
export type ReportingYear = {
  /** 1 April of the first year. */
  start: string;
  /** 31 March of the second year: the year's reference date. */
  end: string;
  /** `YYYY-YY`, for example `2025-26`. */
  label: string;
};

/** The parts of a valid ISO date. */
export type DateParts = { year: number; month: number; day: number };

const REPORTING_YEAR = /^(\d{4})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month of the Gregorian calendar (month 1-12). */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function formatParts(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** The digit at `index` of `value`, or NaN when that character is not 0-9. */
function digitAt(value: string, index: number): number {
  const digit = value.charCodeAt(index) - 48;
  return digit >= 0 && digit <= 9 ? digit : NaN;
}

/**
 * A real 'YYYY-MM-DD' date packed as year * 10000 + month * 100 + day, or NaN. Reads character
 * codes rather than running a regular expression and builds no object, because the working-day
 * calendar parses two dates on every one of millions of calls.
 */
function packedIsoDate(value: string): number {
  if (typeof value !== 'string' || value.length !== 10 || value[4] !== '-' || value[7] !== '-') return NaN;
  const year = digitAt(value, 0) * 1000 + digitAt(value, 1) * 100 + digitAt(value, 2) * 10 + digitAt(value, 3);
  const month = digitAt(value, 5) * 10 + digitAt(value, 6);
  const day = digitAt(value, 8) * 10 + digitAt(value, 9);
  // NaN fails every comparison, so a non-digit anywhere ends here.
  if (!(year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return NaN;
  return year * 10000 + month * 100 + day;
}

function invalidDate(value: unknown): Error {
  return new Error(`Not a real date in the form YYYY-MM-DD: ${JSON.stringify(value)}`);
}

/**
 * Reads an ISO calendar date ('YYYY-MM-DD', years 0001-9999), rejecting impossible days such as
 * 2025-02-29 or 2025-04-31.
 * @throws Error naming the value when it is not a real date in that shape.
 */
export function parseIsoDate(value: string): DateParts {
  const packed = packedIsoDate(value);
  if (Number.isNaN(packed)) throw invalidDate(value);
  return { year: Math.floor(packed / 10000), month: Math.floor(packed / 100) % 100, day: packed % 100 };
}

/** True when `value` is a real date written 'YYYY-MM-DD'. */
export function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && !Number.isNaN(packedIsoDate(value));
}

/**
 * The number of days from 1970-01-01 to `date` (negative before it): a day number that makes date
 * differences and array indexes plain subtraction.
 * @throws Error naming the value when it is not a real ISO date.
 */
export function toDayNumber(date: string): number {
  const packed = packedIsoDate(date);
  if (Number.isNaN(packed)) throw invalidDate(date);
  return dayNumberOf(Math.floor(packed / 10000), Math.floor(packed / 100) % 100, packed % 100);
}

/**
 * Day number of a valid (year, month, day). The year is shifted to start on 1 March so that the
 * leap day is the last day of its year; 400-year eras then repeat exactly (146,097 days each).
 * For code that already holds the parts of a valid date; it does not check them.
 */
export function dayNumberOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  // 719,468 days separate 0000-03-01 (day 0 of era 0) from 1970-01-01.
  return era * 146097 + dayOfEra - 719468;
}

/** The ISO date of a day number (the inverse of {@link toDayNumber}). */
export function fromDayNumber(dayNumber: number): string {
  if (!Number.isSafeInteger(dayNumber)) throw new Error(`Not a whole day number: ${dayNumber}`);
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 1 || year > 9999) throw new Error(`Day number ${dayNumber} is outside the years 0001-9999`);
  return formatParts(year, month, day);
}

/**
 * Day of the week of an ISO date, 0 = Sunday .. 6 = Saturday (as JS `Date#getDay`).
 * @throws Error naming the value when it is not a real ISO date.
 */
export function dayOfWeek(date: string): number {
  // 1970-01-01 was a Thursday (4).
  return (((toDayNumber(date) + 4) % 7) + 7) % 7;
}

/**
 * `date` moved by `days` calendar days (negative moves back).
 * @throws Error naming the value when `date` is not a real ISO date or `days` is not whole.
 */
export function addDays(date: string, days: number): string {
  if (!Number.isSafeInteger(days)) throw new Error(`Not a whole number of days: ${days}`);
  return fromDayNumber(toDayNumber(date) + days);
}

/**
 * `date` moved by `months` calendar months, clamped to the end of a shorter month: 2026-01-31 + 1
 * is 2026-02-28. Used for timescales written in months, such as the first review conference
 * "within 3 months" of the ICPC (domain.md §3).
 * @throws Error naming the value when `date` is not a real ISO date or `months` is not whole.
 */
export function addMonths(date: string, months: number): string {
  if (!Number.isSafeInteger(months)) throw new Error(`Not a whole number of months: ${months}`);
  const { year, month, day } = parseIsoDate(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const newYear = Math.floor(monthIndex / 12);
  const newMonth = monthIndex - newYear * 12 + 1;
  if (newYear < 1 || newYear > 9999) throw new Error(`${date} plus ${months} months is outside the years 0001-9999`);
  return formatParts(newYear, newMonth, Math.min(day, daysInMonth(newYear, newMonth)));
}

/**
 * The first day that is "within 12 months before" `date` (kpi-definitions.md, Conventions): the
 * same calendar day one year earlier, with 29 February going to 28 February. An earlier date E is
 * within 12 months before D when `E >= twelveMonthsBefore(D)`.
 * @throws Error naming the value when `date` is not a real ISO date.
 */
export function twelveMonthsBefore(date: string): string {
  return addMonths(date, -12);
}

/**
 * Orders two ISO dates: negative when `a` is earlier, 0 when equal, positive when later. Usable
 * directly as an `Array#sort` comparator.
 * @throws Error naming the value when either is not a real ISO date.
 */
export function compareDates(a: string, b: string): number {
  return Math.sign(toDayNumber(a) - toDayNumber(b));
}

/**
 * Age in whole years on `date` for a person born on `dob`. A person born on 29 February reaches
 * each new age on 1 March in a year without one (the birthday has not yet come on 28 February).
 * @throws Error naming the values when either is not a real ISO date or `date` is before `dob`
 *   (an unborn child has no age; the caller must handle pre-birth records itself).
 */
export function ageOn(dob: string, date: string): number {
  const birth = parseIsoDate(dob);
  const on = parseIsoDate(date);
  if (date < dob) throw new Error(`Cannot give an age on ${date} for a date of birth ${dob} after it`);
  const birthdayPassed = on.month > birth.month || (on.month === birth.month && on.day >= birth.day);
  return on.year - birth.year - (birthdayPassed ? 0 : 1);
}

/**
 * The reporting year named `YYYY-YY` (kpi-definitions.md, Conventions): `2025-26` is 2025-04-01 to
 * 2026-03-31. The second part must be the year after the first (`1999-00` is valid).
 * @throws Error naming the value when it is not in that shape or the years are not consecutive.
 */
export function reportingYear(label: string): ReportingYear {
  const match = typeof label === 'string' ? REPORTING_YEAR.exec(label) : null;
  const first = Number(match?.[1]);
  const second = Number(match?.[2]);
  if (!match || first < 1 || first > 9998 || second !== (first + 1) % 100) {
    throw new Error(`Not a reporting year in the form YYYY-YY with consecutive years (e.g. 2025-26): ${JSON.stringify(label)}`);
  }
  return { start: formatParts(first, 4, 1), end: formatParts(first + 1, 3, 31), label };
}

/**
 * The reporting year that contains `date`: 2026-03-31 is in 2025-26, 2026-04-01 in 2026-27.
 * @throws Error naming the value when it is not a real ISO date.
 */
export function reportingYearOf(date: string): ReportingYear {
  const { year, month } = parseIsoDate(date);
  const first = month >= 4 ? year : year - 1;
  return reportingYear(`${pad(first, 4)}-${pad((first + 1) % 100, 2)}`);
}
