/**
 * What the census carries beyond the KPI fields is kept too: an assessment's internal review date
 * and an episode's pre-proceedings and family group decision making records go in with the import
 * and come back out in the export, a second import of the same file changes nothing, and a record
 * without its start date is reported as not stored.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, testEngines, type TestDatabase } from '../../../test/database.ts';
import { censusChildrenFromRecords } from './export.ts';
import { importCinCensus } from './import.ts';
import { newPreProceedings, withDefaults } from './model.ts';
import { buildAssessment, buildChild, buildEpisode, buildHeader } from './test-factories.ts';
import { cinCensusXml } from './write.ts';

const LA = '913';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-cin-pp-'));

const preProceedings = withDefaults(newPreProceedings(), {
  ppStartDate: '2025-06-02',
  lbpSentDate: '2025-06-04',
  fgdmMeetingOffer: '1',
  fgdmMeetingFac: '0',
  initialPpMeetingDate: '2025-06-20',
  reviewMeetingsCount: '2',
  stepDecisionDate: '2025-11-03',
  ppOutcome: '2',
  courtAppDate: '2025-11-10',
  letterInitCpDate: '2025-05-30',
});
const child = buildChild('PP1');
child.cinDetails = [
  buildEpisode({
    cinReferralDate: '2025-04-07',
    cinClosureDate: undefined,
    reasonForClosure: undefined,
    assessments: [buildAssessment({ assessmentActualStartDate: '2025-04-08', assessmentInternalReviewDate: '2025-05-01', assessmentAuthorisationDate: '2025-05-20', assessmentFactors: ['2A'] })],
    preProceedings: [preProceedings, withDefaults(newPreProceedings(), { ppOutcome: '1' })],
  }),
];
const file = path.join(dir, 'census.xml');
fs.writeFileSync(file, cinCensusXml(buildHeader({ lea: LA }), [child]));

for (const engine of testEngines()) {
  describe(`census items beyond the figures (${engine})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(engine);
    });
    after(async () => {
      await database.close();
    });

    test('the internal review date and pre-proceedings go in, come back out, and a second import changes nothing', async () => {
      const first = await importCinCensus(database.db, LA, file);
      assert.deepEqual(first.changes.pre_proceedings, { inserted: 1, updated: 0, unchanged: 0 });
      assert.equal(first.skipped['pre-proceedings record without a PPStartDate'], 1);

      const exported = [];
      for await (const { child: c } of censusChildrenFromRecords(database.db, LA, '2025-26')) exported.push(c);
      assert.equal(exported.length, 1);
      const episode = exported[0]!.cinDetails[0]!;
      assert.equal(episode.assessments[0]?.assessmentInternalReviewDate, '2025-05-01');
      assert.deepEqual({ ...episode.preProceedings[0], line: undefined }, { ...preProceedings, line: undefined });
      assert.equal(episode.preProceedings.length, 1);

      const again = await importCinCensus(database.db, LA, file);
      assert.deepEqual(again.changes.pre_proceedings, { inserted: 0, updated: 0, unchanged: 1 });
      assert.deepEqual(again.changes.assessment, { inserted: 0, updated: 0, unchanged: 1 });
    });
  });
}
