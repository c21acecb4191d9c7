/**
 * The data-quality page as a performance analyst uses it: the CIN census rules over Haven's own
 * records for a year, counted per rule, each child linked to its record, and the change in
 * findings between the last two census imports.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testEngines } from '../../test/database.ts';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { importCinCensus } from './cin/import.ts';
import { buildAssessment, buildChild, buildHeader, episodeOf } from './cin/test-factories.ts';
import { cinCensusXml } from './cin/write.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-data-quality-'));

for (const engine of testEngines()) {
  describe(`data-quality page (${engine})`, () => {
    let t: TestApp;
    let brokenChildId: string;
    before(async () => {
      t = await startTestApp(engine);
      // First import: two clean children. Second: one of them now has an assessment authorised
      // before it started (rule 8608).
      const clean = [buildChild('DQ1'), buildChild('DQ2')];
      const first = path.join(dir, `first-${engine}.xml`);
      fs.writeFileSync(first, cinCensusXml(buildHeader({ lea: t.world.laCode }), clean));
      await importCinCensus(t.db, t.world.laCode, first);
      const broken = buildChild('DQ2');
      episodeOf(broken).assessments = [buildAssessment({ assessmentActualStartDate: '2025-06-10', assessmentAuthorisationDate: '2025-06-02' })];
      const second = path.join(dir, `second-${engine}.xml`);
      fs.writeFileSync(second, cinCensusXml(buildHeader({ lea: t.world.laCode }), [buildChild('DQ1'), broken]));
      await importCinCensus(t.db, t.world.laCode, second);
      brokenChildId = (await t.db.selectFrom('child').select('id').where('la_code', '=', t.world.laCode).where('la_child_id', '=', 'DQ2').executeTakeFirstOrThrow()).id;
    });
    after(() => t.close());

    test('counts findings per rule and links each child to its record', async () => {
      const analyst = await t.agent('performance_analyst');
      const page = await analyst.get('/data-quality?year=2025-26');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Data quality: CIN census 2025-26/);
      assert.match(page.body, /2 children in the census/);
      // The assessment authorised before it started, from the second import, is held in Haven (the
      // import keeps both dates) and reported against DQ2 only.
      const row = /<tr class="govuk-table__row">\s*<td class="govuk-table__cell">8608<\/td>[\s\S]*?<\/tr>/.exec(page.body);
      assert.ok(row, 'a row for rule 8608');
      assert.match(row[0], new RegExp(`<a class="govuk-link" href="/children/${brokenChildId}">DQ2</a>`));
      assert.doesNotMatch(row[0], /DQ1/);
      assert.match(row[0], /govuk-table__cell--numeric">1</);
    });

    test('shows the trend between the last two imports', async () => {
      const analyst = await t.agent('performance_analyst');
      const page = await analyst.get('/data-quality?year=2025-26');
      const trend = /<table class="govuk-table" id="trend">[\s\S]*?<\/table>/.exec(page.body)?.[0] ?? '';
      assert.match(trend, /<td class="govuk-table__cell">8608<\/td><td class="govuk-table__cell govuk-table__cell--numeric">0<\/td><td class="govuk-table__cell govuk-table__cell--numeric">1<\/td><td class="govuk-table__cell govuk-table__cell--numeric">\+1<\/td>/);
    });

    test('a social worker may not see it', async () => {
      const worker = await t.agent('social_worker');
      assert.equal((await worker.get('/data-quality')).statusCode, 403);
    });
  });
}
