/**
 * Dates as the SSDA903 CSV files write them (dd/mm/yyyy) and the arithmetic the rules need, on
 * 'YYYY-MM-DD' strings (which compare correctly as strings).
 */
import { addMonths, toDayNumber } from '../../../core/dates.ts';
import type { IsoDate } from './model.ts';

// What the open validators accept as a date (`pandas.to_datetime(format='%d/%m/%Y')`, i.e. C
// strptime): day and month with or without a leading zero (a day may also have a leading space),
// a four-digit year, nothing before or after.
const DMY = /^(3[01]|[12][0-9]|0[1-9]|[1-9]| [1-9])\/(1[0-2]|0[1-9]|[1-9])\/([0-9]{4})$/;

// The range pandas can hold (nanosecond timestamps); a date outside it is not a date to the open
// validators either, and none is plausible in a return.
const EARLIEST = '1677-09-22';
const LATEST = '2262-04-11';

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The ISO date written `text` as dd/mm/yyyy, or null when `text` is not a real date in that form. */
export function parseDmy(text: string): IsoDate | null {
  // Fast path for the usual 'dd/mm/yyyy'.
  if (text.length === 10 && text.charCodeAt(2) === 47 && text.charCodeAt(5) === 47) {
    const day = digits(text, 0, 2);
    const month = digits(text, 3, 2);
    const year = digits(text, 6, 4);
    if (day >= 1 && month >= 1 && month <= 12 && year >= 0 && day <= daysInMonth(year, month)) {
      const iso = `${text.slice(6, 10)}-${text.slice(3, 5)}-${text.slice(0, 2)}`;
      return iso < EARLIEST || iso > LATEST ? null : iso;
    }
    if (!Number.isNaN(day) && !Number.isNaN(month) && !Number.isNaN(year)) return null;
  }
  const match = DMY.exec(text);
  if (!match) return null;
  const day = Number((match[1] ?? '').trim());
  const month = Number(match[2]);
  const year = Number(match[3]);
  if (day > daysInMonth(year, month)) return null;
  const iso = `${match[3]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return iso < EARLIEST || iso > LATEST ? null : iso;
}

/** The number written by `length` ASCII digits of `text` from `start`, or NaN. */
function digits(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i += 1) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return NaN;
    value = value * 10 + digit;
  }
  return value;
}

/** `iso` written dd/mm/yyyy, as in the files. */
export function toDmy(iso: IsoDate): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/**
 * `iso` moved by whole years, 29 February going to 28 February in a year without one (as the
 * validators' `DateOffset(years=n)`): the date a child reaches an age is `addYears(dob, age)`.
 */
export function addYears(iso: IsoDate, years: number): IsoDate {
  const year = Number(iso.slice(0, 4)) + years;
  if (year < 1 || year > 9999) return addMonths(iso, years * 12);
  const monthDay = iso.slice(4);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return `${String(year).padStart(4, '0')}${monthDay === '-02-29' && !leap ? '-02-28' : monthDay}`;
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** The later of two dates, either of which may be missing. */
export function maxDate(a: IsoDate | null, b: IsoDate | null): IsoDate | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

/** The earlier of two dates, either of which may be missing. */
export function minDate(a: IsoDate | null, b: IsoDate | null): IsoDate | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}
