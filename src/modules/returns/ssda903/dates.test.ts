/**
 * dd/mm/yyyy dates as the open validators read them (pandas `to_datetime(format='%d/%m/%Y')`):
 * each case below was checked against pandas 1.5.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addYears, daysBetween, parseDmy, toDmy } from './dates.ts';

test('parses what pandas parses, and nothing else', () => {
  const cases: [string, string | null][] = [
    ['01/02/2020', '2020-02-01'],
    ['1/2/2020', '2020-02-01'],
    [' 1/02/2020', '2020-02-01'],
    ['29/02/2024', '2024-02-29'],
    ['22/09/1677', '1677-09-22'],
    ['11/04/2262', '2262-04-11'],
    ['01/02/20', null],
    ['01/02/2020 ', null],
    ['31/02/2020', null],
    ['01/13/2020', null],
    ['00/01/2020', null],
    ['29/02/2021', null],
    ['21/09/1677', null],
    ['12/04/2262', null],
    ['01-02-2020', null],
    ['001/02/2020', null],
    ['1/ 2/2020', null],
    ['01/02/ 2020', null],
    ['+1/02/2020', null],
    ['\uff11/02/2020', null],
    ['2020-02-01', null],
    ['', null],
  ];
  for (const [text, iso] of cases) assert.equal(parseDmy(text), iso, JSON.stringify(text));
});

test('writes dd/mm/yyyy and counts days', () => {
  assert.equal(toDmy('2026-03-31'), '31/03/2026');
  assert.equal(daysBetween('2025-04-01', '2026-03-31'), 364);
  assert.equal(daysBetween('2026-03-31', '2025-04-01'), -364);
});

test('adds years as pandas DateOffset does: 29 February to 28 February', () => {
  assert.equal(addYears('2012-06-15', 18), '2030-06-15');
  assert.equal(addYears('2008-02-29', 1), '2009-02-28');
  assert.equal(addYears('2008-02-29', 4), '2012-02-29');
  assert.equal(addYears('2026-03-31', -1), '2025-03-31');
});
