// The shipped bank-holiday list: where it comes from (the shared reference list), how it is extended
// (the regular rules), and an independent cross-check (the date-holidays package).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import Holidays from 'date-holidays';
import { isIsoDate, parseIsoDate } from '../dates.ts';
import shippedBankHolidays from './bank-holidays-england-wales.json' with { type: 'json' };
import { calendarRange } from './index.ts';
import { differencesFromRules, easterSunday, extendReferenceList, regularBankHolidays } from './rules.ts';

// shared/ sits beside the repository: src/core/calendar -> src/core -> src -> main -> work.
const REFERENCE = new URL('../../../../shared/reference/bank-holidays-england-wales.json', import.meta.url);
const referenceSkip = existsSync(REFERENCE)
  ? false
  : `shared/reference/bank-holidays-england-wales.json is not beside the repository (looked for ${REFERENCE.pathname})`;

function readReference(): string[] {
  return JSON.parse(readFileSync(REFERENCE, 'utf8')) as string[];
}

const yearOf = (date: string): number => parseIsoDate(date).year;
const LAST_YEAR = yearOf(calendarRange().last);

test('the shipped list is real ISO dates, sorted, without repeats, 2015 to 2035', () => {
  assert.ok(shippedBankHolidays.every(isIsoDate));
  assert.deepEqual(shippedBankHolidays, [...new Set(shippedBankHolidays)].sort());
  assert.equal(yearOf(shippedBankHolidays[0] ?? ''), 2015);
  assert.equal(LAST_YEAR, 2035);
});

test('the shipped list holds exactly the reference list for 2015-2027', { skip: referenceSkip }, () => {
  const reference = readReference();
  const shippedInReferenceYears = shippedBankHolidays.filter((date) => yearOf(date) <= 2027);
  assert.equal(yearOf(reference[reference.length - 1] ?? ''), 2027);
  assert.deepEqual(shippedInReferenceYears, reference);
});

test('the shipped list is what generate-bank-holidays.ts writes from the reference list', { skip: referenceSkip }, () => {
  assert.deepEqual(shippedBankHolidays, extendReferenceList(readReference(), LAST_YEAR));
});

test('the regular rules reproduce the reference list except its one-off holidays', { skip: referenceSkip }, () => {
  assert.deepEqual(differencesFromRules(readReference()), {
    onlyInReference: [
      '2020-05-08', // VE Day 75th anniversary: the early May bank holiday moved from Monday 4 May
      '2022-06-02', // spring bank holiday moved from Monday 30 May for the Platinum Jubilee
      '2022-06-03', // Platinum Jubilee bank holiday
      '2022-09-19', // State funeral of Queen Elizabeth II
      '2023-05-08', // Coronation of King Charles III
    ],
    onlyInRules: ['2020-05-04', '2022-05-30'], // the two regular Mondays those moves replaced
  });
});

test('2028-2035 in the shipped list are the regular rules, year by year', () => {
  for (let year = 2028; year <= LAST_YEAR; year += 1) {
    assert.deepEqual(
      shippedBankHolidays.filter((date) => yearOf(date) === year),
      regularBankHolidays(year),
      `${year}`,
    );
  }
});

test('easterSunday by the anonymous Gregorian algorithm matches known dates, earliest and latest', () => {
  const known: Record<number, string> = {
    2000: '2000-04-23',
    2008: '2008-03-23',
    2011: '2011-04-24',
    2019: '2019-04-21',
    2024: '2024-03-31',
    2025: '2025-04-20',
    2026: '2026-04-05',
    2027: '2027-03-28',
    2038: '2038-04-25', // the latest possible date
    2285: '2285-03-22', // the earliest possible date
  };
  for (const [year, date] of Object.entries(known)) assert.equal(easterSunday(Number(year)), date);
  assert.throws(() => easterSunday(1582), RangeError);
});

test('substitute days: Christmas on a Saturday, on a Sunday, Boxing Day on a Saturday, New Year at a weekend', () => {
  const december = (year: number): string[] => regularBankHolidays(year).filter((date) => date.slice(5, 7) === '12');
  const january = (year: number): string[] => regularBankHolidays(year).filter((date) => date.slice(5, 7) === '01');
  assert.deepEqual(december(2032), ['2032-12-25', '2032-12-26', '2032-12-27', '2032-12-28']); // Saturday
  assert.deepEqual(december(2033), ['2033-12-25', '2033-12-26', '2033-12-27']); // Sunday
  assert.deepEqual(december(2026), ['2026-12-25', '2026-12-26', '2026-12-28']); // Friday
  assert.deepEqual(december(2029), ['2029-12-25', '2029-12-26']); // Tuesday
  assert.deepEqual(january(2033), ['2033-01-01', '2033-01-03']); // Saturday
  assert.deepEqual(january(2034), ['2034-01-01', '2034-01-02']); // Sunday
});

test('the May and August Mondays: first and last of May, last of August', () => {
  assert.deepEqual(
    regularBankHolidays(2028).filter((date) => ['05', '08'].includes(date.slice(5, 7))),
    ['2028-05-01', '2028-05-29', '2028-08-28'],
  );
});

/**
 * Every place where the date-holidays package (GB, state ENG, holidays of type 'public') and the
 * shipped list disagree for 2015-2035, with the reason. Empty: they agree on every date, the one-off
 * holidays and the weekend dates of New Year's Day, Christmas Day and Boxing Day included. Its other
 * type, 'observance' (Mother's Day, Easter Sunday, Father's Day), names days that are not bank
 * holidays, and is left out by type, not date by date.
 */
const DOCUMENTED_DIFFERENCES: readonly { date: string; onlyIn: 'haven' | 'date-holidays'; why: string }[] = [];

test('the shipped list agrees with the date-holidays package for 2015-2035, but for documented differences', () => {
  const england = new Holidays('GB', 'ENG');
  const theirs = new Set<string>();
  for (let year = 2015; year <= 2035; year += 1) {
    for (const holiday of england.getHolidays(year)) {
      if (holiday.type === 'public') theirs.add(holiday.date.slice(0, 10));
    }
  }
  const ours = new Set<string>(shippedBankHolidays);
  const differences = [
    ...[...ours].filter((date) => !theirs.has(date)).map((date) => ({ date, onlyIn: 'haven' })),
    ...[...theirs].filter((date) => !ours.has(date)).map((date) => ({ date, onlyIn: 'date-holidays' })),
  ].sort((a, b) => a.date.localeCompare(b.date));
  assert.deepEqual(
    differences,
    DOCUMENTED_DIFFERENCES.map(({ date, onlyIn }) => ({ date, onlyIn })),
  );
  assert.ok(theirs.size > 150, 'date-holidays answered for the whole period');
});
