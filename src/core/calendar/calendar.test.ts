// The working-day calendar against kpi-definitions.md (Conventions and Worked examples), at every
// boundary the KPI code depends on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays } from '../dates.ts';
import shippedBankHolidays from './bank-holidays-england-wales.json' with { type: 'json' };
import {
  addWorkingDays,
  addWorkingHours,
  calendarRange,
  isWorkingDay,
  londonDateOf,
  workingDayIndexRows,
  workingDaysBetween,
} from './index.ts';

/** working_days(S, E) counted the slow way, straight from the contract's words and the JSON. */
function workingDaysByCounting(start: string, end: string): number {
  const holidays = new Set<string>(shippedBankHolidays);
  let count = 0;
  for (let day = addDays(start, 1); day <= end; day = addDays(day, 1)) {
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !holidays.has(day)) count += 1;
  }
  return count;
}

test('worked example: working_days(2025-12-24, 2025-12-29) = 1 (Christmas, Boxing Day, a weekend)', () => {
  assert.equal(workingDaysBetween('2025-12-24', '2025-12-29'), 1);
});

test('worked example: working_days(2026-04-02, 2026-04-07) = 1 (Good Friday, Easter Monday)', () => {
  assert.equal(workingDaysBetween('2026-04-02', '2026-04-07'), 1);
});

test('worked example: working_days(2022-09-16, 2022-09-20) = 1 (the one-off holiday of 19 September 2022)', () => {
  assert.equal(workingDaysBetween('2022-09-16', '2022-09-20'), 1);
});

test('a Friday start and the following Monday end is 1 working day', () => {
  assert.equal(workingDaysBetween('2026-01-09', '2026-01-12'), 1);
});

test('the same day is 0 and an end before the start is 0', () => {
  assert.equal(workingDaysBetween('2026-01-12', '2026-01-12'), 0);
  assert.equal(workingDaysBetween('2026-01-12', '2026-01-09'), 0);
  assert.equal(workingDaysBetween('2035-12-31', '2015-01-01'), 0);
});

test('the start day never counts and the end day counts only when it is a working day', () => {
  assert.equal(workingDaysBetween('2026-01-12', '2026-01-13'), 1); // Monday -> Tuesday
  assert.equal(workingDaysBetween('2026-01-09', '2026-01-10'), 0); // Friday -> Saturday
  assert.equal(workingDaysBetween('2025-12-24', '2025-12-25'), 0); // -> Christmas Day
  assert.equal(workingDaysBetween('2025-12-25', '2025-12-29'), 1); // from a holiday
});

test('a full year 2026 has 253 working days (261 weekdays less 8 weekday bank holidays)', () => {
  assert.equal(workingDaysBetween('2025-12-31', '2026-12-31'), 253);
});

test('workingDaysBetween agrees with counting day by day, over many pairs across the range', () => {
  const { first } = calendarRange();
  let seed = 7;
  for (let i = 0; i < 400; i += 1) {
    seed = (seed * 48271) % 2147483647;
    const start = addDays(first, seed % 7600);
    const end = addDays(start, (seed >> 8) % 70);
    assert.equal(workingDaysBetween(start, end), workingDaysByCounting(start, end), `${start} -> ${end}`);
  }
});

test('within 45 working days: addWorkingDays gives the 45th working day, the last day that is within', () => {
  // From Tuesday 1 April 2025 across Good Friday, Easter Monday and both May bank holidays.
  const start = '2025-04-01';
  const day45 = addWorkingDays(start, 45);
  const day46 = addWorkingDays(start, 46);
  assert.equal(day45, '2025-06-09');
  assert.equal(day46, '2025-06-10');
  assert.equal(workingDaysBetween(start, day45), 45); // within 45: <= 45
  assert.equal(workingDaysBetween(start, day46), 46); // not within
  assert.equal(workingDaysBetween(start, addDays(day45, -1)), 44);
});

test('addWorkingDays is the earliest date with that many working days, for every n up to 60', () => {
  for (const start of ['2015-01-01', '2020-05-07', '2022-09-16', '2025-12-24', '2026-04-03', '2034-12-22']) {
    assert.equal(addWorkingDays(start, 0), start);
    for (let n = 1; n <= 60; n += 1) {
      const end = addWorkingDays(start, n);
      assert.equal(workingDaysBetween(start, end), n, `${start} + ${n}`);
      assert.equal(workingDaysBetween(start, addDays(end, -1)), n - 1, `${start} + ${n} is the earliest`);
      assert.equal(isWorkingDay(end), true);
    }
  }
});

test('addWorkingDays: a Friday plus 1 is the Monday; across Christmas 2025', () => {
  assert.equal(addWorkingDays('2026-01-09', 1), '2026-01-12');
  assert.equal(addWorkingDays('2025-12-24', 1), '2025-12-29');
  assert.equal(addWorkingDays('2025-12-24', 2), '2025-12-30');
});

test('addWorkingDays refuses a negative or fractional number and a deadline past the range', () => {
  assert.throws(() => addWorkingDays('2026-01-09', -1), RangeError);
  assert.throws(() => addWorkingDays('2026-01-09', 1.5), RangeError);
  assert.throws(() => addWorkingDays('2035-12-20', 10), /10 working days after 2035-12-20 is beyond .*2035-12-31/);
});

test('isWorkingDay: weekends, substitute days, one-off holidays and computed years', () => {
  assert.equal(isWorkingDay('2026-01-12'), true); // Monday
  assert.equal(isWorkingDay('2026-01-10'), false); // Saturday
  assert.equal(isWorkingDay('2026-01-11'), false); // Sunday
  assert.equal(isWorkingDay('2026-12-28'), false); // Boxing Day substitute
  assert.equal(isWorkingDay('2026-12-29'), true);
  assert.equal(isWorkingDay('2022-09-19'), false); // State funeral
  assert.equal(isWorkingDay('2023-05-08'), false); // Coronation
  assert.equal(isWorkingDay('2020-05-08'), false); // VE Day: the early May bank holiday moved
  assert.equal(isWorkingDay('2020-05-04'), true); // ... so its usual Monday was worked
  assert.equal(isWorkingDay('2022-05-30'), true); // spring bank holiday moved to 2 June 2022
  assert.equal(isWorkingDay('2035-03-23'), false); // Good Friday 2035, from the rules
  assert.equal(isWorkingDay('2035-12-31'), true);
});

test('the calendar covers 2015-01-01 to 2035-12-31', () => {
  assert.deepEqual(calendarRange(), { first: '2015-01-01', last: '2035-12-31' });
});

test('a date outside the range or not a real date is an error naming it', () => {
  assert.throws(() => isWorkingDay('2014-12-31'), /2014-12-31 is outside the working-day calendar \(2015-01-01 to 2035-12-31\)/);
  assert.throws(() => workingDaysBetween('2036-01-01', '2036-01-02'), /2036-01-01 is outside/);
  assert.throws(() => workingDaysBetween('2035-12-31', '2036-01-02'), /2036-01-02 is outside/);
  // Even when E <= S would give 0, a date the calendar cannot answer for is not passed over.
  assert.throws(() => workingDaysBetween('2026-01-01', '2014-06-30'), /2014-06-30 is outside/);
  assert.throws(() => workingDaysBetween('2025-02-29', '2025-03-03'), /2025-02-29/);
  assert.throws(() => isWorkingDay('29/02/2024'), /29\/02\/2024/);
});

test('workingDayIndexRows: one row a day, and index(E) - index(S) is working_days(S, E)', () => {
  const rows = workingDayIndexRows('2025-12-24', '2025-12-29');
  assert.deepEqual(
    rows.map((row) => [row.day, row.isWorkingDay]),
    [
      ['2025-12-24', true],
      ['2025-12-25', false],
      ['2025-12-26', false],
      ['2025-12-27', false],
      ['2025-12-28', false],
      ['2025-12-29', true],
    ],
  );
  const first = rows[0];
  const last = rows[rows.length - 1];
  assert.ok(first && last);
  assert.equal(last.workingDayIndex - first.workingDayIndex, 1);

  const year = workingDayIndexRows('2026-01-01', '2026-12-31');
  assert.equal(year.length, 365);
  for (let i = 0; i < year.length; i += 17) {
    for (let j = i; j < year.length; j += 23) {
      const start = year[i];
      const end = year[j];
      assert.ok(start && end);
      assert.equal(end.workingDayIndex - start.workingDayIndex, workingDaysBetween(start.day, end.day));
    }
  }
});

test('workingDayIndexRows: the whole range loads, starting from 0 on a holiday', () => {
  const rows = workingDayIndexRows('2015-01-01', '2035-12-31');
  assert.equal(rows.length, 7670);
  assert.deepEqual(rows[0], { day: '2015-01-01', isWorkingDay: false, workingDayIndex: 0 });
  assert.throws(() => workingDayIndexRows('2026-01-02', '2026-01-01'), /2026-01-01 is before the first day 2026-01-02/);
  assert.throws(() => workingDayIndexRows('2014-01-01', '2015-01-31'), /2014-01-01 is outside/);
});

// addWorkingHours: office hours 9:00-17:00 on the London wall clock by default.
const at = (iso: string): Date => new Date(iso);
const deadline = (start: string, hours: number): string => addWorkingHours(at(start), hours).toISOString();

test('addWorkingHours within one day, and a deadline at closing time stays on that day', () => {
  assert.equal(deadline('2026-01-14T10:00:00Z', 4), '2026-01-14T14:00:00.000Z'); // Red, GMT
  assert.equal(deadline('2026-01-14T13:00:00Z', 4), '2026-01-14T17:00:00.000Z');
  assert.equal(deadline('2026-01-14T13:00:00Z', 4.5), '2026-01-15T09:30:00.000Z');
});

test('addWorkingHours across a weekend', () => {
  // Friday 15:00: 2 hours on Friday, 2 on Monday.
  assert.equal(deadline('2026-01-16T15:00:00Z', 4), '2026-01-19T11:00:00.000Z');
});

test('addWorkingHours across bank holidays', () => {
  // Thursday 2 April 2026 14:00 BST, Amber 24 hours: 3 on Thursday, Good Friday and Easter Monday
  // skipped, 8 on Tuesday, 8 on Wednesday, 5 on Thursday 9 April -> 14:00 BST.
  assert.equal(deadline('2026-04-02T13:00:00Z', 24), '2026-04-09T13:00:00.000Z');
  // Christmas Eve 2025 16:00 GMT + 2: one hour that day, then Monday 29 December.
  assert.equal(deadline('2025-12-24T16:00:00Z', 2), '2025-12-29T10:00:00.000Z');
});

test('addWorkingHours from outside office hours counts from the next opening', () => {
  assert.equal(deadline('2026-01-14T20:00:00Z', 4), '2026-01-15T13:00:00.000Z'); // 20:00 Wednesday
  assert.equal(deadline('2026-01-14T07:30:00Z', 4), '2026-01-14T13:00:00.000Z'); // 07:30
  assert.equal(deadline('2026-01-14T17:00:00Z', 1), '2026-01-15T10:00:00.000Z'); // at closing
  assert.equal(deadline('2026-01-17T11:00:00Z', 4), '2026-01-19T13:00:00.000Z'); // Saturday
  assert.equal(deadline('2026-12-25T10:00:00Z', 1), '2026-12-29T10:00:00.000Z'); // Christmas Day
  assert.equal(deadline('2026-01-14T20:00:00Z', 0), '2026-01-15T09:00:00.000Z');
  assert.equal(deadline('2026-01-14T11:15:00Z', 0), '2026-01-14T11:15:00.000Z');
});

test('addWorkingHours across the change to BST and back to GMT', () => {
  // Friday 27 March 2026 15:00 GMT + 4: 2 hours Friday; clocks go forward on Sunday 29 March;
  // Monday opens at 09:00 BST (08:00 UTC), so the deadline is 11:00 BST = 10:00 UTC.
  assert.equal(deadline('2026-03-27T15:00:00Z', 4), '2026-03-30T10:00:00.000Z');
  // Friday 23 October 2026 15:00 BST (14:00 UTC) + 4: clocks go back on Sunday 25 October;
  // Monday 11:00 GMT = 11:00 UTC.
  assert.equal(deadline('2026-10-23T14:00:00Z', 4), '2026-10-26T11:00:00.000Z');
});

test('addWorkingHours: Green 72 hours from a Monday opening is the close of the 9th working day', () => {
  assert.equal(deadline('2026-01-12T09:00:00Z', 72), '2026-01-22T17:00:00.000Z');
});

test('addWorkingHours with other office hours', () => {
  const office = { startHour: 8, endHour: 18, timeZone: 'Europe/London' } as const;
  // 10 hours a day: Friday 16:00 + 12 -> 2 Friday, 10 Monday -> Monday 18:00 (BST, 17:00 UTC).
  assert.equal(addWorkingHours(at('2026-06-05T15:00:00Z'), 12, office).toISOString(), '2026-06-08T17:00:00.000Z');
  assert.throws(() => addWorkingHours(at('2026-06-05T15:00:00Z'), 1, { ...office, startHour: 18, endHour: 8 }), RangeError);
});

test('addWorkingHours refuses negative hours, an invalid start, and a deadline past the range', () => {
  assert.throws(() => addWorkingHours(at('2026-01-14T10:00:00Z'), -1), RangeError);
  assert.throws(() => addWorkingHours(at('2026-01-14T10:00:00Z'), Number.NaN), RangeError);
  assert.throws(() => addWorkingHours(new Date(Number.NaN), 1), /Not a valid time/);
  assert.throws(() => addWorkingHours(at('2035-12-31T16:00:00Z'), 4), /beyond the end of the working-day calendar/);
});

test('londonDateOf gives the England and Wales date of an instant, BST included', () => {
  assert.equal(londonDateOf(at('2026-07-31T23:30:00Z')), '2026-08-01');
  assert.equal(londonDateOf(at('2026-01-31T23:30:00Z')), '2026-01-31');
});
