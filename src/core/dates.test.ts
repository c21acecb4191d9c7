// Date helpers against kpi-definitions.md (Conventions: reporting year, 12 months before) and the
// calendar rules they rest on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addDays,
  addMonths,
  ageOn,
  compareDates,
  dayOfWeek,
  fromDayNumber,
  isIsoDate,
  parseIsoDate,
  reportingYear,
  reportingYearOf,
  toDayNumber,
  twelveMonthsBefore,
} from './dates.ts';

test('parseIsoDate reads a real date and rejects anything else, naming the value', () => {
  assert.deepEqual(parseIsoDate('2026-03-15'), { year: 2026, month: 3, day: 15 });
  assert.deepEqual(parseIsoDate('2024-02-29'), { year: 2024, month: 2, day: 29 });
  assert.deepEqual(parseIsoDate('2000-02-29'), { year: 2000, month: 2, day: 29 });
  for (const bad of ['2025-02-29', '1900-02-29', '2025-04-31', '2025-13-01', '2025-00-10', '2025-01-00', '2025-4-01',
    '2025-04-01T00:00:00Z', '20250401', '2025/04/01', '0000-01-01', ' 2025-04-01', '2025-o4-01', '']) {
    assert.throws(() => parseIsoDate(bad), (error: Error) => error.message.includes(JSON.stringify(bad)), bad);
    assert.equal(isIsoDate(bad), false, bad);
  }
  assert.equal(isIsoDate('2025-04-01'), true);
  assert.equal(isIsoDate(20250401), false);
  assert.equal(isIsoDate(undefined), false);
});

test('day numbers count from 1970-01-01 and agree with Date.UTC for every day 1999-2037', () => {
  assert.equal(toDayNumber('1970-01-01'), 0);
  assert.equal(toDayNumber('1969-12-31'), -1);
  assert.equal(fromDayNumber(0), '1970-01-01');
  for (let day = toDayNumber('1999-01-01'); day <= toDayNumber('2037-12-31'); day += 1) {
    const expected = new Date(day * 86_400_000).toISOString().slice(0, 10);
    assert.equal(fromDayNumber(day), expected);
    assert.equal(toDayNumber(expected), day);
  }
  assert.equal(fromDayNumber(toDayNumber('0001-01-01')), '0001-01-01');
  assert.equal(fromDayNumber(toDayNumber('9999-12-31')), '9999-12-31');
});

test('dayOfWeek: 0 Sunday to 6 Saturday', () => {
  assert.equal(dayOfWeek('2026-03-27'), 5); // Friday
  assert.equal(dayOfWeek('2026-03-29'), 0); // Sunday
  assert.equal(dayOfWeek('1969-12-27'), 6); // Saturday, before day 0
});

test('reportingYear: 2025-26 is 2025-04-01 to 2026-03-31', () => {
  assert.deepEqual(reportingYear('2025-26'), { start: '2025-04-01', end: '2026-03-31', label: '2025-26' });
  assert.deepEqual(reportingYear('1999-00'), { start: '1999-04-01', end: '2000-03-31', label: '1999-00' });
  for (const bad of ['2025-27', '2025-25', '2025-2026', '2025/26', '25-26', '2025-26 ', '']) {
    assert.throws(() => reportingYear(bad), (error: Error) => error.message.includes(JSON.stringify(bad)), bad);
  }
});

test('reportingYearOf: 31 March closes a year, 1 April opens the next', () => {
  assert.equal(reportingYearOf('2026-03-31').label, '2025-26');
  assert.equal(reportingYearOf('2026-04-01').label, '2026-27');
  assert.equal(reportingYearOf('2025-04-01').label, '2025-26');
  assert.equal(reportingYearOf('2000-01-15').label, '1999-00');
  assert.throws(() => reportingYearOf('2026-02-30'), /2026-02-30/);
});

test('twelveMonthsBefore: the same calendar day a year earlier, 29 February going to 28 February', () => {
  assert.equal(twelveMonthsBefore('2026-03-15'), '2025-03-15');
  assert.equal(twelveMonthsBefore('2024-02-29'), '2023-02-28');
  assert.equal(twelveMonthsBefore('2025-03-01'), '2024-03-01');
  assert.equal(twelveMonthsBefore('2026-01-01'), '2025-01-01');
});

test('worked example: re-referral within 12 months before 2026-03-15', () => {
  const referral = '2026-03-15';
  const isWithinTwelveMonthsBefore = (earlier: string): boolean =>
    compareDates(earlier, referral) < 0 && compareDates(earlier, twelveMonthsBefore(referral)) >= 0;
  assert.equal(isWithinTwelveMonthsBefore('2025-03-15'), true); // a re-referral
  assert.equal(isWithinTwelveMonthsBefore('2025-03-14'), false); // not
  assert.equal(isWithinTwelveMonthsBefore('2026-03-15'), false); // not strictly earlier
});

test('addMonths clamps to the end of a shorter month', () => {
  assert.equal(addMonths('2026-01-31', 1), '2026-02-28');
  assert.equal(addMonths('2024-01-31', 1), '2024-02-29');
  assert.equal(addMonths('2026-03-31', -1), '2026-02-28');
  assert.equal(addMonths('2026-08-31', 1), '2026-09-30');
  assert.equal(addMonths('2026-11-15', 3), '2027-02-15'); // first review conference within 3 months
  assert.equal(addMonths('2026-01-15', -13), '2024-12-15');
  assert.equal(addMonths('2026-05-10', 0), '2026-05-10');
  assert.throws(() => addMonths('2026-05-10', 1.5), /1\.5/);
  assert.throws(() => addMonths('2026-05-32', 1), /2026-05-32/);
});

test('addDays across month, year and leap day', () => {
  assert.equal(addDays('2025-12-31', 1), '2026-01-01');
  assert.equal(addDays('2024-02-28', 1), '2024-02-29');
  assert.equal(addDays('2024-03-01', -1), '2024-02-29');
  assert.equal(addDays('2026-03-28', 2), '2026-03-30'); // across the change to BST: no drift
  assert.equal(addDays('2026-03-15', -365), '2025-03-15');
  assert.throws(() => addDays('2026-03-15', 0.5), /0\.5/);
});

test('ageOn gives whole years; a 29 February birthday comes on 1 March in other years', () => {
  assert.equal(ageOn('2010-06-15', '2026-06-14'), 15);
  assert.equal(ageOn('2010-06-15', '2026-06-15'), 16);
  assert.equal(ageOn('2010-06-15', '2010-06-15'), 0);
  assert.equal(ageOn('2008-02-29', '2026-02-28'), 17);
  assert.equal(ageOn('2008-02-29', '2026-03-01'), 18);
  assert.equal(ageOn('2008-02-29', '2028-02-29'), 20);
  assert.throws(() => ageOn('2026-06-15', '2026-06-14'), /2026-06-14.*2026-06-15/);
  assert.throws(() => ageOn('2010-02-30', '2026-06-14'), /2010-02-30/);
});

test('compareDates orders dates and sorts an array', () => {
  assert.equal(compareDates('2026-03-14', '2026-03-15'), -1);
  assert.equal(compareDates('2026-03-15', '2026-03-15'), 0);
  assert.equal(compareDates('2027-01-01', '2026-12-31'), 1);
  assert.deepEqual(['2026-01-02', '2025-12-31', '2026-01-01'].sort(compareDates), ['2025-12-31', '2026-01-01', '2026-01-02']);
  assert.throws(() => compareDates('2026-1-1', '2026-01-01'), /2026-1-1/);
});
