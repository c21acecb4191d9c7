/**
 * Rules on the previous permanence option, for a child who started to be looked after on
 * 01/06/2025 (the rows are needed for children starting care in the year).
 */
import { permanenceDate } from './permanence.ts';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ep, ruleCases, t, type ChildSpec, type RuleCase } from './testing.ts';

type Cells = Record<string, string>;

const started = (...rows: Cells[]): ChildSpec => ({
  episodes: [ep({ DECOM: '01/06/2025' })],
  prevPerm: rows.map((row) => ({ PREV_PERM: 'Z1', LA_PERM: '', DATE_PERM: '', ...row })),
});

const cases: RuleCase[] = [
  t('630', started(), started({})),
  t('630', started({ PREV_PERM: 'P1' }), started({ PREV_PERM: 'P1', LA_PERM: '309', DATE_PERM: '01/01/2020' }), 'an order needs its LA and date'),
  t('631', started({ PREV_PERM: 'P9' }), started({ PREV_PERM: 'p4', LA_PERM: '309', DATE_PERM: '01/01/2020' })),
  t('632', started({ PREV_PERM: 'P1', LA_PERM: '309', DATE_PERM: '02/06/2025' }), started({ PREV_PERM: 'P1', LA_PERM: '309', DATE_PERM: '31/05/2025' })),
  t('632', started({ PREV_PERM: 'P1', LA_PERM: '309', DATE_PERM: 'XX/01/2020' }), started({ PREV_PERM: 'P1', LA_PERM: '309', DATE_PERM: 'ZZ/ZZ/2020' }), 'unknown day and month are ZZ'),
  t('633', started({ PREV_PERM: 'P1', LA_PERM: '123', DATE_PERM: '01/01/2020' }), started({ PREV_PERM: 'P1', LA_PERM: 'WAL', DATE_PERM: '01/01/2020' })),
  t('634', { prevPerm: [{ PREV_PERM: 'Z1' }] }, started({})),
  t('635', started({ PREV_PERM: '', LA_PERM: '309' }), started({ PREV_PERM: '' })),
];

ruleCases('previous permanence', cases);

test('permanence dates with unknown parts read as the latest date they could be', () => {
  assert.equal(permanenceDate('ZZ/05/2010'), '2010-05-31');
  assert.equal(permanenceDate('ZZ/ZZ/2010'), '2010-12-31');
  assert.equal(permanenceDate('12/06/ZZZZ'), '2000-06-12');
  assert.equal(permanenceDate('29/02/2021'), null);
  assert.equal(permanenceDate('2010-05-01'), null);
  assert.equal(permanenceDate(null), null);
});
