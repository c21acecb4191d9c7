/**
 * Dates as day numbers (days since 1970-01-01) while the simulation runs: adding days is addition
 * and comparing is `<`. They become 'YYYY-MM-DD' only when a row is written. Working days come from
 * the kernel calendar (src/core/calendar); before its first year (the demonstration's history of
 * children in care reaches back to 2005) a working day is simply Monday to Friday, which is all
 * those early, never-reported dates need.
 */
import { addWorkingDays, calendarRange, isWorkingDay, workingDaysBetween } from '../../core/calendar/index.ts';
import { addMonths, ageOn, dayOfWeek, fromDayNumber, toDayNumber } from '../../core/dates.ts';

/** A date as days since 1970-01-01. */
export type Day = number;

/** "Still open": later than any date the simulation writes. */
export const OPEN: Day = Number.MAX_SAFE_INTEGER;

const CACHE_FIRST = toDayNumber('1980-01-01');
const CACHE_LAST = toDayNumber('2045-12-31');
const isoCache: string[] = [];

/** The 'YYYY-MM-DD' form of a day (cached: rows ask for millions). */
export function iso(d: Day): string {
  const offset = d - CACHE_FIRST;
  if (offset < 0 || d > CACHE_LAST) return fromDayNumber(d);
  let text = isoCache[offset];
  if (text === undefined) {
    text = fromDayNumber(d);
    isoCache[offset] = text;
  }
  return text;
}

/** The day number of a 'YYYY-MM-DD' date. */
export const day = (date: string): Day => toDayNumber(date);

const range = calendarRange();
const CALENDAR_FIRST = toDayNumber(range.first);
const CALENDAR_LAST = toDayNumber(range.last);

const inCalendar = (d: Day): boolean => d >= CALENDAR_FIRST && d <= CALENDAR_LAST;

/** Monday to Friday. */
function isWeekday(d: Day): boolean {
  const weekday = dayOfWeek(iso(d));
  return weekday !== 0 && weekday !== 6;
}

/** A working day in England and Wales (kpi-definitions.md, Conventions). */
export function isWorkday(d: Day): boolean {
  return inCalendar(d) ? isWorkingDay(iso(d)) : isWeekday(d);
}

/** The first working day on or after `d`. */
export function workdayOnOrAfter(d: Day): Day {
  let current = d;
  while (!isWorkday(current)) current += 1;
  return current;
}

/** The date `n` working days after `d` (the kernel's addWorkingDays; `d` itself when n = 0). */
export function addWorkdays(d: Day, n: number): Day {
  if (n <= 0) return d;
  if (inCalendar(d) && d + Math.ceil(n * 1.6) + 20 <= CALENDAR_LAST) return toDayNumber(addWorkingDays(iso(d), n));
  let current = d;
  for (let left = n; left > 0; ) {
    current += 1;
    if (isWorkday(current)) left -= 1;
  }
  return current;
}

/** working_days(S, E) as kpi-definitions.md defines it (0 when E <= S). */
export function workdaysBetween(start: Day, end: Day): number {
  if (end <= start) return 0;
  if (inCalendar(start) && inCalendar(end)) return workingDaysBetween(iso(start), iso(end));
  let count = 0;
  for (let d = start + 1; d <= end; d += 1) if (isWorkday(d)) count += 1;
  return count;
}

/** `d` moved by whole calendar months, clamped to the end of a shorter month (the kernel's addMonths). */
export function plusMonths(d: Day, months: number): Day {
  return toDayNumber(addMonths(iso(d), months));
}

/** The day a person born on `dob` turns `years` (29 February goes to 28 February, as the DfE validators do). */
export function birthday(dob: Day, years: number): Day {
  return plusMonths(dob, years * 12);
}

/** Age in whole years on `on`; 0 before birth (a pre-birth record). */
export function ageAt(dob: Day, on: Day): number {
  return on < dob ? 0 : ageOn(iso(dob), iso(on));
}
