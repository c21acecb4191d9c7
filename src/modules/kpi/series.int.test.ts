/**
 * The dashboard's monthly series against a real database: the months of a flow add up to the
 * engine's figure for the year, a stock's March value is the engine's year-end figure, records fall
 * in the month of their date (31 March and 1 April on either side of the year), the child's team
 * splits them, and the timeliness bands put exactly 45 and 46 working days apart.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, testEngines, type TestDatabase } from '../../test/database.ts';
import { computeKpis } from './engine.ts';
import { monthlySeries, monthsOf, type SeriesRow } from './series.ts';
import { buildKpiWorld } from './test-factories.ts';

const total = (rows: SeriesRow[], series: string, filter: (r: SeriesRow) => boolean = () => true): number =>
  rows.filter((r) => r.series === series && filter(r)).reduce((sum, r) => sum + r.n, 0);

for (const engine of testEngines()) {
  describe(`monthly series (${engine})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(engine);
    });
    after(() => database.close());

    test('the months of a reporting year run April to March', () => {
      assert.deepEqual(monthsOf('2025-26'), ['2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03']);
    });

    test('flows fall in the month of their date and add up to the year; stocks at March equal the year end; teams split them', async () => {
      const db = database.db;
      const w = await buildKpiWorld(db);
      const agency = (await db.insertInto('agency').values({ la_code: w.laCode, name: 'Council', agency_type: 'local_authority' }).returning('id').executeTakeFirstOrThrow()).id;
      const team = (await db.insertInto('team').values({ la_code: w.laCode, agency_id: agency, name: 'North' }).returning('id').executeTakeFirstOrThrow()).id;
      const a = await w.child();
      const b = await w.child();
      await db.updateTable('child').set({ team_id: team }).where('id', '=', a).execute();
      // Referrals on the year's first and last days, and one the day before it starts (not counted).
      const e1 = await w.referral(a, '2025-04-01');
      await w.referral(b, '2026-03-31');
      await w.referral(b, '2025-03-31', { closureDate: '2025-03-31' });
      // Assessments: exactly 45 working days (2025-06-02 to 2025-08-04) and 46 (2025-06-03 to 2025-08-06).
      await w.assessment(e1, a, '2025-06-02', '2025-08-04');
      await w.assessment(e1, a, '2025-06-03', '2025-08-06');
      // A plan open at 31 March, and one that ended on 31 March (not open at the year end).
      await w.cpPlan(e1, a, '2025-05-10');
      const e2 = await w.referral(b, '2025-05-01', { closureDate: '2025-05-02' });
      await w.cpPlan(e2, b, '2025-05-10', { endDate: '2026-03-31' });

      const rows = await monthlySeries(db, w.laCode, '2025-26');
      const kpis = (await computeKpis(db, w.laCode, '2025-26')).metrics;
      assert.equal(total(rows, 'referrals'), kpis['referrals.count']);
      assert.equal(total(rows, 'referrals'), 3);
      assert.equal(total(rows, 'referrals', (r) => r.month === '2025-04'), 1);
      assert.equal(total(rows, 'referrals', (r) => r.month === '2026-03'), 1);
      assert.equal(total(rows, 'referrals', (r) => r.teamId === team), 1, 'the child in the North team has one referral in the year');
      assert.equal(total(rows, 'assessments', (r) => r.month === '2025-08'), 2);
      assert.equal(total(rows, 'assessment-days', (r) => r.band === '31-45'), 1, 'exactly 45 working days is in the 31-45 band');
      assert.equal(total(rows, 'assessment-days', (r) => r.band === '46-60'), 1, '46 working days is in the next band');
      const within = rows.filter((r) => r.series === 'assessments-45wd');
      assert.deepEqual([within.reduce((s, r) => s + r.numerator, 0), within.reduce((s, r) => s + r.n, 0)], [1, 2]);
      assert.equal(total(rows, 'cp-open', (r) => r.month === '2026-03'), kpis['cp.plans_at_year_end']);
      assert.equal(total(rows, 'cp-open', (r) => r.month === '2026-03'), 1);
      assert.equal(total(rows, 'cp-open', (r) => r.month === '2026-02'), 2);
      assert.equal(total(rows, 'cp-started', (r) => r.month === '2025-05'), 2);
      assert.equal(total(rows, 'cin-open', (r) => r.month === '2026-03'), kpis['cin.children_at_year_end']);
    });
  });
}
