/**
 * Two years of CIN census imported into an empty partnership give the KPI contract's figures
 * (kpi-definitions.md, referrals.*, assessments.*, cin.*, s47.*, icpc.*, cp.*), computed here by
 * hand from the files below, boundary cases included; the same episode in both years' returns is
 * one episode; the same file twice changes nothing; a broken file changes nothing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from '../../../core/db/kysely.ts';
import { createTestDatabase, testEngines, type TestDatabase } from '../../../test/database.ts';
import { computeKpis } from '../../kpi/engine.ts';
import { listImportRuns } from '../import-runs.ts';
import type { CinChild, CinDetails } from './model.ts';
import { importCinCensus } from './import.ts';
import { CinParseError } from './parse.ts';
import { buildAssessment, buildChild, buildCinPlan, buildEpisode, buildHeader, buildProtectionPlan, buildSection47 } from './test-factories.ts';
import { cinCensusXml } from './write.ts';

const LA = '309';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-cin-import-'));

function childWith(id: string, episodes: CinDetails[]): CinChild {
  const child = buildChild(id);
  child.cinDetails = episodes;
  return child;
}

const open = { cinClosureDate: undefined, reasonForClosure: undefined };

// 2024-25 (census day 2025-03-31): what was known then.
const census2024 = [
  // A: referred 2025-03-15, assessment under way on census day.
  childWith('A1', [buildEpisode({ cinReferralDate: '2025-03-15', referralSource: '1A', assessments: [buildAssessment({ assessmentActualStartDate: '2025-03-17', assessmentAuthorisationDate: undefined, assessmentFactors: undefined })], ...open })]),
  // B: an NFA referral on 2025-03-14 (more than 12 months before B's next one).
  childWith('B1', [buildEpisode({ cinReferralDate: '2025-03-14', referralNfa: '1', assessments: [], cinClosureDate: '2025-03-14', reasonForClosure: 'RC8' })]),
  // E: open since 2024-06-01, S47 started 2025-03-20 with its ICPC still to come.
  childWith('E1', [buildEpisode({ cinReferralDate: '2024-06-01', assessments: [], section47: [buildSection47({ s47ActualStartDate: '2025-03-20', initialCpcTarget: '2025-04-10', dateOfInitialCpc: undefined })], ...open })]),
  // G: on a child protection plan since 2024-06-01 (two before it).
  childWith('G1', [buildEpisode({ cinReferralDate: '2024-05-01', assessments: [], childProtectionPlans: [buildProtectionPlan({ cppStartDate: '2024-06-01', cppEndDate: undefined, initialCategoryOfAbuse: 'SAB', latestCategoryOfAbuse: 'SAB', numberOfPreviousCpp: '2', reviews: undefined })], ...open })]),
];

// 2025-26 (census day 2026-03-31).
const census2025 = [
  // A: the same episode, now closed, its assessment authorised 2025-05-19 (42 working days), then
  // a new referral on 2026-03-15: exactly 12 months after 2025-03-15, a re-referral.
  childWith('A1', [
    buildEpisode({ cinReferralDate: '2025-03-15', referralSource: '1A', cinClosureDate: '2025-09-30', reasonForClosure: 'RC1', assessments: [buildAssessment({ assessmentActualStartDate: '2025-03-17', assessmentAuthorisationDate: '2025-05-19', assessmentFactors: ['8B'] })] }),
    buildEpisode({ cinReferralDate: '2026-03-15', referralSource: '5A', assessments: [], ...open }),
  ]),
  // B: referred 2026-03-15, NFA; the earlier referral (2025-03-14) is 12 months and a day before.
  childWith('B1', [buildEpisode({ cinReferralDate: '2026-03-15', referralSource: '1A', referralNfa: '1', assessments: [], cinClosureDate: '2026-03-15', reasonForClosure: 'RC8' })]),
  // C: referred on the year's first day (NFA written "false"); assessment 2025-04-01 -> 2025-06-05
  // (43 working days: Easter and both May bank holidays out) with all three "toxic trio" groups and
  // a repeated code; S47 2025-04-02 -> ICPC 2025-04-24 (14 working days); a second plan, open.
  childWith('C1', [buildEpisode({
    cinReferralDate: '2025-04-01', referralSource: '2A', referralNfa: 'false', ...open,
    assessments: [buildAssessment({ assessmentActualStartDate: '2025-04-01', assessmentAuthorisationDate: '2025-06-05', assessmentFactors: ['1A', '3A', '4B', '3A'] })],
    section47: [buildSection47({ s47ActualStartDate: '2025-04-02', initialCpcTarget: '2025-04-24', dateOfInitialCpc: '2025-04-24' })],
    childProtectionPlans: [buildProtectionPlan({ cppStartDate: '2025-04-24', cppEndDate: undefined, initialCategoryOfAbuse: 'NEG', latestCategoryOfAbuse: 'NEG', numberOfPreviousCpp: '1', reviews: { cppReviewDates: ['2025-07-10'] } })],
  })]),
  // D: an NFA referral written "true".
  childWith('D1', [buildEpisode({ cinReferralDate: '2025-06-02', referralSource: '3A', referralNfa: 'true', assessments: [], cinClosureDate: '2025-06-02', reasonForClosure: 'RC8' })]),
  // E: closed on the year's first day (in the year, not open at its end); the S47 from last year
  // had its ICPC on 2025-04-10, 15 working days after 2025-03-20 (within); a plan ending on census day.
  childWith('E1', [buildEpisode({
    cinReferralDate: '2024-06-01', cinClosureDate: '2025-04-01', reasonForClosure: 'RC2', assessments: [],
    section47: [buildSection47({ s47ActualStartDate: '2025-03-20', initialCpcTarget: '2025-04-10', dateOfInitialCpc: '2025-04-10' })],
    childProtectionPlans: [buildProtectionPlan({ cppStartDate: '2025-04-10', cppEndDate: '2026-03-31', initialCategoryOfAbuse: 'PHY', latestCategoryOfAbuse: 'PHY', numberOfPreviousCpp: '0' })],
  })]),
  // F: closed on census day (not open on it); assessment 2025-09-01 -> 2025-11-04 is 46 working
  // days (late); S47 2025-09-01 -> ICPC 2025-09-23 is 16 (late); a plan ending on census day.
  childWith('F1', [buildEpisode({
    cinReferralDate: '2025-09-01', referralSource: '5A', cinClosureDate: '2026-03-31', reasonForClosure: 'RC1',
    assessments: [buildAssessment({ assessmentActualStartDate: '2025-09-01', assessmentAuthorisationDate: '2025-11-04', assessmentFactors: ['2A'] })],
    cinPlanDates: [buildCinPlan({ cinPlanStartDate: '2025-09-10', cinPlanEndDate: '2025-09-23' })],
    section47: [buildSection47({ s47ActualStartDate: '2025-09-01', initialCpcTarget: '2025-09-22', dateOfInitialCpc: '2025-09-23' })],
    childProtectionPlans: [buildProtectionPlan({ cppStartDate: '2025-09-23', cppEndDate: '2026-03-31', initialCategoryOfAbuse: 'EMO', latestCategoryOfAbuse: 'EMO', numberOfPreviousCpp: '0', reviews: { cppReviewDates: ['2025-12-10'] } })],
  })]),
  // G: last year's plan ended on the year's first day (ceased in the year, not started in it).
  childWith('G1', [buildEpisode({
    cinReferralDate: '2024-05-01', cinClosureDate: '2025-05-01', reasonForClosure: 'RC1', assessments: [],
    childProtectionPlans: [buildProtectionPlan({ cppStartDate: '2024-06-01', cppEndDate: '2025-04-01', initialCategoryOfAbuse: 'SAB', latestCategoryOfAbuse: 'SAB', numberOfPreviousCpp: '2', reviews: undefined })],
  })]),
];

const file2024 = path.join(dir, 'cin-2024-25.xml');
const file2025 = path.join(dir, 'cin-2025-26.xml');
fs.writeFileSync(file2024, cinCensusXml(buildHeader({ year: '2025', referenceDate: '2025-03-31', lea: LA }), census2024));
fs.writeFileSync(file2025, cinCensusXml(buildHeader({ lea: LA }), census2025));

/** The contract's figures for 2025-26, worked out by hand from the two files above. */
const EXPECTED: Record<string, unknown> = {
  // A 2026-03-15, B 2026-03-15, C 2025-04-01, D 2025-06-02, F 2025-09-01 (A's 2025-03-15 is last year's).
  'referrals.count': 5,
  'referrals.rereferral_pct': 20, // A only (1 of 5)
  'referrals.nfa_pct': 40, // B ("1") and D ("true")
  'referrals.by_source': { '5A': 2, '1A': 1, '2A': 1, '3A': 1 },
  'assessments.completed': 3, // A, C, F
  'assessments.within_45wd_pct': 66.7, // A (42), C (43); not F (46)
  'assessments.toxic_trio_any': 2, // C, F
  'assessments.toxic_trio_all': 1, // C
  'assessments.by_factor': { '8B': 1, '1A': 1, '3A': 1, '4B': 1, '2A': 1 },
  'cin.children_in_year': 5, // A, C, E (closed 1 April), F, G; not the NFA B and D
  'cin.children_at_year_end': 2, // A (new episode), C; F closed on census day
  'cin.rate_per_10k_at_year_end': null, // no population imported
  's47.count': 2, // C, F; E's started last year
  's47.children': 2,
  'icpc.count': 3, // C, E, F
  'icpc.within_15wd_pct': 66.7, // C (14), E (15); not F (16)
  'cp.plans_at_year_end': 1, // C; E and F end on census day
  'cp.plans_started': 3, // C, E, F
  'cp.plans_ceased': 3, // E, F, G
  'cp.second_or_subsequent_pct': 33.3, // C
  'cp.by_initial_category': { NEG: 1, PHY: 1, EMO: 1 },
};

function sortedObject(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)));
}

function assertContract(metrics: Record<string, unknown>): void {
  for (const [id, expected] of Object.entries(EXPECTED)) {
    assert.deepEqual(sortedObject(metrics[id]), sortedObject(expected), id);
  }
}

for (const engine of testEngines()) {
  describe(`import cin-census (${engine})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(engine);
    });
    after(async () => {
      await database.close();
    });

    test('a child already in Haven (from another source) is updated, not duplicated', async () => {
      await database.db.insertInto('partnership').values({ la_code: LA, name: 'Test' }).onConflict((oc) => oc.doNothing()).execute();
      await database.db.insertInto('child').values({ la_code: LA, la_child_id: 'G1', first_name: 'Gale', last_name: 'Test', date_of_birth: '2015-05-01', sex: null, team_id: null, allocated_worker_id: null, lead_agency_id: null, restriction: null, restriction_reviewed_at: null }).execute();
      const first = await importCinCensus(database.db, LA, file2024);
      assert.equal(first.year, '2024-25');
      assert.deepEqual(first.changes.child, { inserted: 3, updated: 1, unchanged: 0 });
      const g = await database.db.selectFrom('child').selectAll().where('la_child_id', '=', 'G1').execute();
      assert.equal(g.length, 1);
      assert.equal(g[0]?.first_name, 'Gale', 'what the census does not carry is kept');
      assert.equal(g[0]?.sex, 'F');
    });

    test('the next year: episodes in both returns are updated, new ones inserted; KPIs are the contract’s', async () => {
      const second = await importCinCensus(database.db, LA, file2025);
      assert.equal(second.year, '2025-26');
      assert.equal(second.notInFile, 0, 'every episode of the year Haven holds for these children is in the file');
      // A, E, G's episodes were in last year's return: one episode each, updated with their closures.
      assert.deepEqual(second.changes.cin_episode, { inserted: 5, updated: 3, unchanged: 0 });
      assert.deepEqual(second.changes.s47_enquiry, { inserted: 2, updated: 1, unchanged: 0 });
      assert.deepEqual(second.changes.cp_plan, { inserted: 3, updated: 1, unchanged: 0 });
      const episodes = await sql<{ n: number }>`SELECT count(*)::int AS n FROM cin_episode WHERE la_code = ${LA}`.execute(database.db);
      assert.equal(episodes.rows[0]?.n, 9);
      const kpis = await computeKpis(database.db, LA, '2025-26');
      assertContract(kpis.metrics);
    });

    test('the same file again changes nothing, and says so', async () => {
      const before = await computeKpis(database.db, LA, '2025-26');
      const again = await importCinCensus(database.db, LA, file2025);
      for (const [table, c] of Object.entries(again.changes)) {
        assert.equal(c.inserted + c.updated, 0, `${table} changed: ${JSON.stringify(c)}`);
      }
      assert.equal(again.changes.cin_episode.unchanged, 8);
      assert.deepEqual(await computeKpis(database.db, LA, '2025-26'), before);
      const runs = await listImportRuns(database.db, LA, 'cin-census');
      assert.equal(runs.length, 3);
      assert.equal(runs[0]?.sha256, runs[1]?.sha256);
      const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_event WHERE la_code = ${LA} AND action = 'returns.import'`.execute(database.db);
      assert.equal(audit.rows[0]?.n, 3);
    });

    test('a file that breaks off half way is refused, naming the line, and nothing changes', async () => {
      const whole = fs.readFileSync(file2025, 'utf8');
      const broken = path.join(dir, 'broken.xml');
      fs.writeFileSync(broken, whole.replace('<CINreferralDate>2025-09-01</CINreferralDate>', '<CINreferralDate>2025-09-01</CINreferralDate><Colour>red</Colour>'));
      const counts = async (): Promise<unknown> => (await sql`SELECT (SELECT count(*) FROM child) AS c, (SELECT count(*) FROM cin_episode) AS e, (SELECT count(*) FROM import_run) AS r`.execute(database.db)).rows;
      const beforeCounts = await counts();
      await assert.rejects(importCinCensus(database.db, LA, broken), (error: unknown) => {
        assert.ok(error instanceof CinParseError);
        assert.match(error.message, /broken\.xml:\d+: an unknown element <Colour> in <CINdetails>; expected one of/);
        return true;
      });
      assert.deepEqual(await counts(), beforeCounts);
    });

    test('a census older than 2023-24 is refused before anything is read into Haven', async () => {
      const old = path.join(dir, 'old.xml');
      fs.writeFileSync(old, cinCensusXml(buildHeader({ year: '2023', referenceDate: '2023-03-31', lea: LA }), [buildChild('Z1')]));
      await assert.rejects(importCinCensus(database.db, LA, old), /old\.xml:\d+: the census is for 2022-23 in <Year>; expected a census from 2023-24 on/);
      const z = await database.db.selectFrom('child').select('id').where('la_child_id', '=', 'Z1').execute();
      assert.equal(z.length, 0);
    });
  });

  describe(`import cin-census, newer year first (${engine})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(engine);
    });
    after(async () => {
      await database.close();
    });

    test('importing last year’s return after this year’s reopens nothing and changes no value: the same figures', async () => {
      assert.equal((await importCinCensus(database.db, LA, file2025)).newerYear, null);
      // Last year's census, with A1's referral source as it was first recorded (since corrected).
      const older = path.join(dir, 'cin-2024-25-uncorrected.xml');
      fs.writeFileSync(older, fs.readFileSync(file2024, 'utf8').replace('<ReferralSource>1A</ReferralSource>', '<ReferralSource>9</ReferralSource>'));
      const result = await importCinCensus(database.db, LA, older);
      assert.equal(result.newerYear, '2025-26');
      const a1 = await sql<{ source: string; closure: string | null }>`
        SELECT e.referral_source AS source, e.closure_date::text AS closure FROM cin_episode e JOIN child c ON c.id = e.child_id
        WHERE c.la_code = ${LA} AND c.la_child_id = 'A1' AND e.referral_date = '2025-03-15'`.execute(database.db);
      assert.deepEqual(a1.rows, [{ source: '1A', closure: '2025-09-30' }]);
      const kpis = await computeKpis(database.db, LA, '2025-26');
      assertContract(kpis.metrics);
      assert.equal(result.notInFile, 0, 'an older census is not expected to hold the later episodes');

      // This year's census with A1's second referral date (the first 2026-03-15 in the file) corrected: the old episode stays, and is counted.
      const corrected = path.join(dir, 'cin-2025-26-corrected.xml');
      fs.writeFileSync(corrected, fs.readFileSync(file2025, 'utf8').replace('<CINreferralDate>2026-03-15</CINreferralDate>', '<CINreferralDate>2026-03-16</CINreferralDate>'));
      assert.notEqual(fs.readFileSync(corrected, 'utf8'), fs.readFileSync(file2025, 'utf8'));
      assert.equal((await importCinCensus(database.db, LA, corrected)).notInFile, 1);
    });
  });
}
