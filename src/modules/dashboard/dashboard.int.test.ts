/**
 * The dashboard through HTTP against a real database: the performance analyst sees the year's
 * figures with last year's beside them and a comparator, narrows them to months and a team, opens
 * the children behind a figure (a restricted child stays counted but unnamed, and the viewing is
 * audited), downloads the list and a chart's table as CSV and Excel; the chair sees the figures but
 * no child; a new record shows on the next page without a restart.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { testEngines } from '../../test/database.ts';
import { startTestApp, type Agent, type TestApp } from '../../test/app.ts';
import { worldFor } from '../kpi/test-factories.ts';

/** The text of the element carrying data-figure="metric" on the dashboard. */
function figureOn(html: string, metric: string): string | undefined {
  const match = new RegExp(`data-figure="${metric.replace('.', '\\.')}">([^<]+)<`).exec(html);
  return match?.[1]?.trim();
}

for (const engine of testEngines()) {
  describe(`dashboard (${engine})`, () => {
    let t: TestApp;
    let analyst: Agent;
    const ids: Record<string, string> = {};

    before(async () => {
      t = await startTestApp(engine);
      const w = worldFor(t.db, t.world.laCode);
      // Three children: one in the assessment team, one in child protection, and a restricted one.
      const ava = await w.child({ laChildId: 'AVA1' });
      const ben = await w.child({ laChildId: 'BEN2' });
      const kit = await w.child({ laChildId: 'KIT3' });
      await t.db.updateTable('child').set({ first_name: 'Ava', last_name: 'Stone', team_id: t.world.teams.assessment }).where('id', '=', ava).execute();
      await t.db.updateTable('child').set({ first_name: 'Ben', last_name: 'Hart', team_id: t.world.teams.childProtection }).where('id', '=', ben).execute();
      await t.db.updateTable('child').set({ first_name: 'Kit', last_name: 'Secret', restriction: 'high_profile' }).where('id', '=', kit).execute();
      Object.assign(ids, { ava, ben, kit });
      // 2025-26: referrals in April (Ava), June (Ben) and March (Kit); 2024-25: one referral (Ava).
      await w.referral(ava, '2024-05-01', { closureDate: '2024-06-01' });
      await w.referral(ava, '2025-04-10');
      await w.referral(ben, '2025-06-02');
      await w.referral(kit, '2026-03-02');
      await t.db.insertInto('comparator').values([
        { la_code: t.world.laCode, area: 'England', year: '2025-26', metric: 'referrals.rereferral_pct', value: 22.4 },
      ]).execute();
      analyst = await t.agent('performance_analyst');
    });
    after(() => t.close());

    test('the analyst sees each figure with last year’s, the comparator, a trend and how it is calculated', async () => {
      const page = await analyst.get('/dashboard?year=2025-26');
      assert.equal(page.statusCode, 200);
      assert.equal(figureOn(page.body, 'referrals.count'), '3');
      assert.match(page.body, /200% more than 1 in 2024-25/);
      assert.match(page.body, /England: 22\.4%/);
      assert.match(page.body, /<svg class="haven-sparkline"[^>]*aria-label="Referrals, month by month from April 2025 to March 2026: 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1"/);
      assert.match(page.body, /The number of referrals \(CIN census episodes of need/);
      // The referrals chart's table adds up to the tile's figure.
      assert.match(page.body, /<th scope="row" class="govuk-table__header">Total<\/th>\s*<td class="govuk-table__cell govuk-table__cell--numeric" data-column="count">3<\/td>/);
      assert.match(page.body, /<svg class="haven-chart"[^>]*role="img" aria-labelledby="chart-referrals-title" aria-describedby="chart-referrals-desc"/);
    });

    test('months and a team narrow the charts and show the part of each figure in them', async () => {
      const page = await analyst.get(`/dashboard?year=2025-26&from=04&to=06&team=${t.world.teams.childProtection}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<strong>Selected:<\/strong> 1<\/p>/, 'Ben’s June referral is the child protection team’s only one in April to June');
      assert.equal(figureOn(page.body, 'referrals.count'), '3', 'the tile keeps the year’s figure');
    });

    test('a figure opens the children behind it; a restricted child stays counted but unnamed; the viewing is audited', async () => {
      const page = await analyst.get('/dashboard/figures/referrals.count?year=2025-26');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<span data-total>3<\/span> records/);
      assert.match(page.body, /AVA1/);
      assert.match(page.body, /Ava Stone/);
      assert.match(page.body, /Ben Hart/);
      assert.doesNotMatch(page.body, /KIT3|Secret/);
      assert.match(page.body, /Restricted record/);
      assert.match(page.body, /href="\/dashboard\?year=2025-26"/, 'the back link returns to the dashboard with its filters');
      const audit = await t.db.selectFrom('audit_event').select(['action', 'record_id', 'detail']).where('action', '=', 'dashboard.drilldown').execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.record_id, 'referrals.count');
      assert.deepEqual((audit[0]!.detail as { childIds: string[] }).childIds.sort(), [ids.ava, ids.ben].sort());

      const april = await analyst.get('/dashboard/figures/referrals.count?year=2025-26&from=04&to=04');
      assert.match(april.body, /<span data-total>1<\/span> record in April 2025 to April 2025/);
      assert.match(april.body, /href="\/dashboard\?year=2025-26&amp;from=04&amp;to=04"/);
    });

    test('the list and a chart’s table download as CSV and Excel, and each download is audited', async () => {
      const csv = await analyst.get('/dashboard/figures/referrals.count/download?year=2025-26&format=csv');
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /text\/csv/);
      const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
      assert.equal(lines.length, 4);
      assert.match(lines[0]!, /^Child ID,Name,Gender,Date of birth,Age at 2026-03-31,Team,Referral date/);
      assert.ok(lines.some((l) => l.startsWith('AVA1,Ava Stone,U,2015-06-01,10,Assessment,2025-04-10')));
      assert.ok(lines.some((l) => l.startsWith('Restricted,Restricted record,')));

      const xlsx = await analyst.request({ method: 'GET', url: '/dashboard/tables/trend-referrals/download?year=2025-26&format=xlsx' });
      assert.equal(xlsx.statusCode, 200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const sheet = book.worksheets[0]!;
      assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), ['Month', 'Number']);
      assert.deepEqual((sheet.getRow(2).values as unknown[]).slice(1), ['April 2025', 1]);
      assert.deepEqual((sheet.getRow(14).values as unknown[]).slice(1), ['Total', 3]);
      const downloads = await t.db.selectFrom('audit_event').select(['record_id']).where('action', '=', 'dashboard.download').execute();
      assert.deepEqual(downloads.map((d) => d.record_id).sort(), ['referrals.count', 'trend-referrals']);
    });

    test('the chair sees the figures but cannot list the children', async () => {
      const chair = await t.agent('independent_chair');
      // Without a year, the dashboard opens on the year of the latest referral (before today).
      const page = await chair.get('/dashboard');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Reporting year 2025-26/);
      assert.equal(figureOn(page.body, 'referrals.count'), '3');
      assert.doesNotMatch(page.body, /href="\/dashboard\/figures\//);
      assert.equal((await chair.get('/dashboard/figures/referrals.count?year=2025-26')).statusCode, 403);
    });

    test('a new record shows on the next page: the figures are recomputed when the data changes', async () => {
      const before = await analyst.get('/dashboard?year=2025-26');
      assert.equal(figureOn(before.body, 'referrals.count'), '3');
      await worldFor(t.db, t.world.laCode).referral(ids.ben!, '2025-09-09');
      // The next page has the new figure, or (when recomputing takes longer than a page may wait)
      // says the records have changed and the figures are being recomputed; a later page has it.
      let after = await analyst.get('/dashboard?year=2025-26');
      for (let tries = 0; figureOn(after.body, 'referrals.count') === '3' && tries < 50; tries += 1) {
        assert.match(after.body, /The records have changed since these figures were computed/);
        await new Promise((resolve) => setTimeout(resolve, 200));
        after = await analyst.get('/dashboard?year=2025-26');
      }
      assert.equal(figureOn(after.body, 'referrals.count'), '4');
      assert.doesNotMatch(after.body, /The records have changed/);
    });
  });
}
