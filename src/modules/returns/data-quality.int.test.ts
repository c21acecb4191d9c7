/**
 * The data-quality page as a performance analyst uses it: the CIN census and SSDA903 rules over
 * Haven's own records for a year, counted per rule, each child linked to its record, and the
 * change in findings between the last two imports of each return.
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
import { importSsda903 } from './ssda903/import.ts';
import { writeCsvReturn } from './ssda903/test-returns.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-data-quality-'));

for (const engine of testEngines()) {
  describe(`data-quality page (${engine})`, () => {
    let t: TestApp;
    let brokenChildId: string;
    let lookedAfterId: string;
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
      // A child looked after since May 2025, recorded with an ethnicity code the DfE does not list (rule 103).
      const episode = ['LA1', '01/05/2025', 'S', 'C2', 'N1', 'U1', 'PR1', '', '', '', 'E20 5JF', 'E20 6AA', 'SC999999'];
      const lookedAfter = writeCsvReturn({ header: [['LA1', 'F', '03/03/2012', 'XXXX', '', '', '']], episodes: [episode] });
      await importSsda903(t.db, t.world.laCode, lookedAfter, { year: '2025-26' });
      fs.rmSync(lookedAfter, { recursive: true, force: true });
      lookedAfterId = (await t.db.selectFrom('child').select('id').where('la_code', '=', t.world.laCode).where('la_child_id', '=', 'LA1').executeTakeFirstOrThrow()).id;
    });
    after(() => t.close());

    test('counts findings per rule and links each child to its record', async () => {
      const analyst = await t.agent('performance_analyst');
      const page = await analyst.get('/data-quality?year=2025-26');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Data quality: CIN census and SSDA903 2025-26/);
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

    test('the SSDA903 rules run over the looked-after children\u2019s records, each finding linked to the child', async () => {
      const analyst = await t.agent('performance_analyst');
      const page = await analyst.get('/data-quality?year=2025-26');
      assert.match(page.body, /SSDA903: children looked after \(the 2025-26 rules\)/);
      const rules = /<table class="govuk-table" id="ssda903-rules">[\s\S]*?<\/table>/.exec(page.body)?.[0] ?? '';
      const row = /<tr class="govuk-table__row">\s*<td class="govuk-table__cell">103<\/td>[\s\S]*?<\/tr>/.exec(rules);
      assert.ok(row, `a row for rule 103 in ${rules.slice(0, 400)}`);
      assert.match(row[0], new RegExp(`<a class="govuk-link" href="/children/${lookedAfterId}">LA1</a>`));
      assert.match(page.body, /id="ssda903-summary">\d+ children in the return; <strong>[1-9]\d* errors<\/strong>/);
      // One SSDA903 import so far: no trend yet.
      assert.doesNotMatch(page.body, /id="ssda903-trend"/);
      // A year still under way runs the latest rules Haven has, and says so.
      const later = await analyst.get('/data-quality?year=2026-27');
      assert.equal(later.statusCode, 200);
      assert.match(later.body, /Haven has no SSDA903 rules for 2026-27 yet: the 2025-26 rules run over the year’s records/);
    });

    test('a social worker may not see it', async () => {
      const worker = await t.agent('social_worker');
      assert.equal((await worker.get('/data-quality')).statusCode, 403);
    });
  });
}
