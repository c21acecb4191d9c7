/** The dashboard's pure parts: words for a change, figures as shown, the months a filter keeps, safe downloads, chart axes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changeFrom, filterQuery, formatValue, selectedMonths } from './service.ts';
import { safeText, toCsv } from './tables.ts';
import { columnChart, niceMaximum } from './charts.ts';
import { previousYearLabel, recentYears } from './years.ts';

test('a change from last year in words, as the yearly report puts it', () => {
  assert.deepEqual(changeFrom('contacts.count', 12_968, 10_884, '2017-18'), { direction: 'up', text: '19% more than 10,884 in 2017-18' });
  assert.deepEqual(changeFrom('referrals.count', 3_560, 3_923, '2017-18'), { direction: 'down', text: '9% fewer than 3,923 in 2017-18' });
  assert.deepEqual(changeFrom('assessments.within_45wd_pct', 94, 90, '2017-18'), { direction: 'up', text: 'Up 4.0 percentage points from 90.0% in 2017-18' });
  assert.deepEqual(changeFrom('cla.rate_per_10k_at_year_end', 71, 71, '2017-18'), { direction: 'same', text: 'The same as in 2017-18' });
  assert.deepEqual(changeFrom('referrals.count', 3, 0, '2024-25'), { direction: 'up', text: 'Up from none in 2024-25' });
  assert.equal(changeFrom('referrals.rereferral_pct', 21, null, '2024-25'), null, 'no comparison without last year’s figure');
});

test('figures as shown: counts with thousands, percentages and rates to one decimal, none as "No figure"', () => {
  assert.equal(formatValue('contacts.count', 12_968), '12,968');
  assert.equal(formatValue('contacts.to_referral_pct', 46.9), '46.9%');
  assert.equal(formatValue('cp.rate_per_10k_at_year_end', 30.7), '30.7 per 10,000');
  assert.equal(formatValue('cp.rate_per_10k_at_year_end', 30), '30.0 per 10,000');
  assert.equal(formatValue('icpc.within_15wd_pct', null), 'No figure');
});

test('the months a filter keeps run April to March, within the chosen year', () => {
  const year = { year: '2025-26', from: null, to: null, teamId: null };
  assert.equal(selectedMonths(year).length, 12);
  assert.deepEqual(selectedMonths({ ...year, from: '12', to: '02' }), ['2025-12', '2026-01', '2026-02']);
  assert.deepEqual(selectedMonths({ ...year, from: '03', to: '03' }), ['2026-03']);
  assert.equal(filterQuery({ ...year, from: '05', to: '06', teamId: 'abc' }), 'year=2025-26&from=05&to=06&team=abc');
});

test('downloads: a value Excel would run as a formula is made text; CSV quotes what needs quoting', () => {
  assert.equal(safeText('=HYPERLINK("x")'), '\'=HYPERLINK("x")');
  assert.equal(safeText('-1+2'), "'-1+2");
  assert.equal(safeText(-3), '-3', 'a number stays a number');
  assert.equal(safeText(true), 'Yes');
  const csv = toCsv({ name: 't', caption: 't', columns: [{ key: 'a', header: 'Name' }, { key: 'b', header: 'Note' }], rows: [{ a: 'Smith, Jo', b: 'said "no"' }, { a: null, b: '@cmd' }] });
  assert.equal(csv, '\uFEFFName,Note\r\n"Smith, Jo","said ""no"""\r\n,\'@cmd\r\n');
});

test('chart axes end on a round number; text in a chart is escaped; the chart is a labelled image', () => {
  assert.deepEqual([0, 1, 7, 10, 11, 180, 3_560].map(niceMaximum), [1, 1, 10, 10, 20, 200, 5_000]);
  const svg = columnChart({ id: 'c', title: 'A <b> & "c"', labels: ['Apr'], values: [3], unit: 'Referrals' });
  assert.match(svg, /role="img" aria-labelledby="c-title" aria-describedby="c-desc"/);
  assert.match(svg, /<title id="c-title">A &lt;b&gt; &amp; &quot;c&quot;<\/title>/);
  assert.match(svg, /<desc id="c-desc">Referrals: Apr: 3\.<\/desc>/);
});

test('reporting years: the one before, and the recent ones newest first', () => {
  assert.equal(previousYearLabel('2025-26'), '2024-25');
  assert.equal(previousYearLabel('2000-01'), '1999-00');
  assert.deepEqual(recentYears('2026-03-31', 3), ['2025-26', '2024-25', '2023-24']);
  assert.deepEqual(recentYears('2026-04-01', 2), ['2026-27', '2025-26']);
});
