/**
 * The working-day calendar of England and Wales (kpi-definitions.md, Conventions): a working day is
 * Monday to Friday and not a bank holiday, substitute days and one-off holidays included.
 *
 * The bank holidays come from the shipped bank-holidays-england-wales.json (written by
 * generate-bank-holidays.ts); nothing is fetched at run time. Its first and last years set the range
 * the calendar answers for; a date outside it is an error, never a guess.
 *
 * At load, each day of the range gets a cumulative working-day index, so that
 * working_days(S, E) = index(E) - index(S) is two array reads: KPI code calls it millions of times.
 */
import { dayNumberOf, dayOfWeek, fromDayNumber, parseIsoDate, toDayNumber } from '../dates.ts';
import shippedBankHolidays from './bank-holidays-england-wales.json' with { type: 'json' };
import { londonInstant, londonWallClock } from './london-time.ts';

export { londonDateOf } from './london-time.ts';

/** The first and last dates the calendar covers, both inclusive. */
export type CalendarRange = { first: string; last: string };

/** One day of the calendar, shaped for a database calendar table. */
export type WorkingDayIndexRow = {
  day: string;
  isWorkingDay: boolean;
  /**
   * Working days from the start of the calendar up to and including `day`: working_days(S, E) is
   * `workingDayIndex(E) - workingDayIndex(S)` when E > S.
   */
  workingDayIndex: number;
};

/** Office hours for timescales counted in working hours, on the wall clock in England and Wales. */
export type OfficeHours = { startHour: number; endHour: number; timeZone: 'Europe/London' };

/** 9:00 to 17:00 London time: 8 working hours in a working day. */
export const DEFAULT_OFFICE_HOURS: Readonly<OfficeHours> = Object.freeze({
  startHour: 9,
  endHour: 17,
  timeZone: 'Europe/London',
});

const HOUR_MS = 3_600_000;

const firstHoliday = shippedBankHolidays[0];
const lastHoliday = shippedBankHolidays[shippedBankHolidays.length - 1];
if (firstHoliday === undefined || lastHoliday === undefined) {
  throw new Error('bank-holidays-england-wales.json is empty: run generate-bank-holidays.ts');
}
// The file lists whole years (every year has New Year's Day and Christmas Day).
const firstDay = dayNumberOf(parseIsoDate(firstHoliday).year, 1, 1);
const lastDay = dayNumberOf(parseIsoDate(lastHoliday).year, 12, 31);
const RANGE: Readonly<CalendarRange> = Object.freeze({ first: fromDayNumber(firstDay), last: fromDayNumber(lastDay) });
const dayCount = lastDay - firstDay + 1;

/** 1 for a working day, 0 otherwise, by day offset from the first day. */
const workingFlags = new Uint8Array(dayCount);
/** Working days from the first day up to and including each day. */
const cumulativeWorkingDays = new Int32Array(dayCount);
/** The day offset of the k-th working day of the range (k from 0), so addWorkingDays is one read. */
const workingDayOffsets: number[] = [];
{
  const bankHolidays = new Set(shippedBankHolidays.map(toDayNumber));
  let count = 0;
  for (let offset = 0; offset < dayCount; offset += 1) {
    const weekday = dayOfWeek(fromDayNumber(firstDay + offset));
    if (weekday !== 0 && weekday !== 6 && !bankHolidays.has(firstDay + offset)) {
      workingFlags[offset] = 1;
      workingDayOffsets.push(offset);
      count += 1;
    }
    cumulativeWorkingDays[offset] = count;
  }
}

/** The day offset of `date` in the range, or an Error naming the date and the range. */
function offsetOf(date: string): number {
  const offset = toDayNumber(date) - firstDay;
  if (offset < 0 || offset >= dayCount) {
    throw new RangeError(
      `${date} is outside the working-day calendar (${RANGE.first} to ${RANGE.last}); ` +
        'extend src/core/calendar/bank-holidays-england-wales.json with generate-bank-holidays.ts',
    );
  }
  return offset;
}

/**
 * The first and last dates the calendar covers (from the shipped bank-holiday list, whole years).
 */
export function calendarRange(): CalendarRange {
  return { ...RANGE };
}

/**
 * True when `date` is a working day in England and Wales: Monday to Friday and not a bank holiday
 * (kpi-definitions.md, Conventions).
 * @throws Error naming the date when it is not a real ISO date or is outside {@link calendarRange}.
 */
export function isWorkingDay(date: string): boolean {
  return workingFlags[offsetOf(date)] === 1;
}

/**
 * working_days(S, E) exactly as kpi-definitions.md defines it: the number of working days d with
 * S < d <= E, and 0 when E <= S. A Friday start and the following Monday end is 1; the same day is 0.
 * "Within N working days" is `workingDaysBetween(S, E) <= N`. Constant time.
 * @throws Error naming the date when either is not a real ISO date or is outside {@link calendarRange}.
 */
export function workingDaysBetween(start: string, end: string): number {
  const startOffset = offsetOf(start);
  const endOffset = offsetOf(end);
  if (endOffset <= startOffset) return 0;
  return (cumulativeWorkingDays[endOffset] ?? 0) - (cumulativeWorkingDays[startOffset] ?? 0);
}

/**
 * The date `n` working days after `start`: the earliest E with workingDaysBetween(start, E) = n, so
 * always a working day when n > 0, and `start` itself when n = 0. The deadline of "within 45
 * working days" of S is `addWorkingDays(S, 45)`.
 * @throws Error naming the date when `start` is not a real ISO date, or it or the answer is outside
 *   {@link calendarRange}; RangeError when `n` is not a whole number from 0 up.
 */
export function addWorkingDays(start: string, n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`A number of working days to add must be a whole number from 0 up: ${n}`);
  }
  const startOffset = offsetOf(start);
  if (n === 0) return start;
  const answer = workingDayOffsets[(cumulativeWorkingDays[startOffset] ?? 0) + n - 1];
  if (answer === undefined) {
    throw new RangeError(`${n} working days after ${start} is beyond the end of the working-day calendar (${RANGE.last})`);
  }
  return fromDayNumber(firstDay + answer);
}

/**
 * Rows `{ day, isWorkingDay, workingDayIndex }` for each day from `from` to `to` inclusive, to load a
 * calendar table so that SQL computes working_days(S, E) as index(E) - index(S) when E > S.
 * @throws Error naming the date when either is not a real ISO date or is outside
 *   {@link calendarRange}, or when `to` is before `from`.
 */
export function workingDayIndexRows(from: string, to: string): WorkingDayIndexRow[] {
  const fromOffset = offsetOf(from);
  const toOffset = offsetOf(to);
  if (toOffset < fromOffset) throw new RangeError(`The last day ${to} is before the first day ${from}`);
  const rows: WorkingDayIndexRow[] = [];
  for (let offset = fromOffset; offset <= toOffset; offset += 1) {
    rows.push({
      day: fromDayNumber(firstDay + offset),
      isWorkingDay: workingFlags[offset] === 1,
      workingDayIndex: cumulativeWorkingDays[offset] ?? 0,
    });
  }
  return rows;
}

function checkOfficeHours(office: OfficeHours): void {
  const { startHour, endHour, timeZone } = office;
  if (timeZone !== 'Europe/London') {
    throw new RangeError(`Working hours follow the England and Wales calendar, so Europe/London time only: ${timeZone}`);
  }
  if (!Number.isInteger(startHour) || !Number.isInteger(endHour) || startHour < 0 || endHour > 24 || startHour >= endHour) {
    throw new RangeError(`Office hours must be whole hours with 0 <= start < end <= 24: ${startHour} to ${endHour}`);
  }
}

/**
 * The deadline `hours` working hours after `start`, counting only office hours on working days
 * (default 9:00-17:00 London time, 8 hours a working day): the MASH screening timescales, e.g. Red 4,
 * Amber 24, Green 72 working hours (domain.md §2, configurable). A start outside office hours counts
 * from the next opening; a deadline that uses up a day's last hour is that day's closing time.
 * Hours are read on the London wall clock, so GMT and BST are both right.
 * @throws Error when `start` is not a valid time or the deadline falls outside {@link calendarRange};
 *   RangeError when `hours` is negative or not finite, or the office hours are not valid.
 */
export function addWorkingHours(start: Date, hours: number, office: OfficeHours = DEFAULT_OFFICE_HOURS): Date {
  checkOfficeHours(office);
  if (!Number.isFinite(hours) || hours < 0) {
    throw new RangeError(`A number of working hours to add must be finite and from 0 up: ${hours}`);
  }
  let remaining = Math.round(hours * HOUR_MS); // whole milliseconds, so no binary fraction piles up
  const clock = londonWallClock(start);
  let day = clock.date;
  let from = start.getTime();
  if (!isWorkingDay(day) || clock.msOfDay >= office.endHour * HOUR_MS) {
    day = addWorkingDays(day, 1);
    from = londonInstant(day, office.startHour);
  } else if (clock.msOfDay < office.startHour * HOUR_MS) {
    from = londonInstant(day, office.startHour);
  }
  // From here `from` is within the office hours of working day `day`.
  for (;;) {
    const available = londonInstant(day, office.endHour) - from;
    if (remaining <= available) return new Date(from + remaining);
    remaining -= available;
    day = addWorkingDays(day, 1);
    from = londonInstant(day, office.startHour);
  }
}
