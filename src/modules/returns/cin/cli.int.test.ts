/**
 * `haven import cin-census` and `haven export cin-census` as a council runs them, in separate
 * processes against a real database: the import prints what it changed per table and the
 * validation findings, the same file again changes nothing, a broken file is refused with its line
 * and nothing stored changes, and the export of an import gives the same children back.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, testEngines, type TestDatabase } from '../../../test/database.ts';
import { generateCinCensusFile } from '../../../../bench/cin-generate.ts';
import type { CinChild } from './model.ts';
import { yesNo } from './model.ts';
import { parseCinCensus } from './parse.ts';
import { CIN_IMPORT_TABLES } from './import.ts';

const bin = new URL('../../../../bin/haven.js', import.meta.url).pathname;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-cin-cli-'));
const census = path.join(dir, 'census-2025-26.xml');
// A clean generated 2025-26 return: every item in it belongs to the year, so an export gives it back.
generateCinCensusFile(census, { children: 150, seed: 7, lea: '309' });

type Result = { code: number; stdout: string; stderr: string };

function haven(database: TestDatabase, args: string[]): Promise<Result> {
  const env: NodeJS.ProcessEnv = { ...process.env, HAVEN_DATA: database.dataDir, HAVEN_LA_CODE: '309' };
  delete env.DATABASE_URL;
  if (database.databaseUrl) env.DATABASE_URL = database.databaseUrl;
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** A child as comparable data: what Haven keeps of it, in a fixed order. */
function normalise(child: CinChild): unknown {
  const dates = <T>(items: T[], key: (item: T) => string | undefined): T[] => [...items].sort((a, b) => (key(a) ?? '').localeCompare(key(b) ?? ''));
  return {
    identifiers: { ...child.identifiers, line: undefined, genderCurrent: undefined },
    ethnicity: child.characteristics.ethnicity,
    disabilities: [...new Set(child.characteristics.disabilities)],
    episodes: dates(child.cinDetails, (e) => e.cinReferralDate).map((e) => ({
      referral: e.cinReferralDate,
      source: e.referralSource,
      need: e.primaryNeedCode,
      closure: e.cinClosureDate,
      reason: e.reasonForClosure,
      icpc: e.dateOfInitialCpc,
      nfa: yesNo(e.referralNfa) ?? false,
      assessments: dates(e.assessments, (a) => a.assessmentActualStartDate).map((a) => [a.assessmentActualStartDate, a.assessmentAuthorisationDate, [...new Set(a.assessmentFactors ?? [])]]),
      cinPlans: dates(e.cinPlanDates, (p) => p.cinPlanStartDate).map((p) => [p.cinPlanStartDate, p.cinPlanEndDate]),
      section47: dates(e.section47, (s) => s.s47ActualStartDate).map((s) => [s.s47ActualStartDate, s.initialCpcTarget, s.dateOfInitialCpc, yesNo(s.icpcNotRequired) ?? false]),
      plans: dates(e.childProtectionPlans, (p) => p.cppStartDate).map((p) => [
        p.cppStartDate, p.cppEndDate, p.initialCategoryOfAbuse, p.latestCategoryOfAbuse, p.numberOfPreviousCpp, [...(p.reviews?.cppReviewDates ?? [])].sort(),
      ]),
    })),
  };
}

for (const engine of testEngines()) {
  describe(`haven import / export cin-census (${engine})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(engine);
      await database.release();
    });
    after(() => database.close());

    test('import prints inserted rows per table and the findings; the same file again changes nothing', async () => {
      const first = await haven(database, ['import', 'cin-census', census]);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /census-2025-26\.xml: CIN census 2025-26, 150 children imported into partnership 309/);
      assert.match(first.stdout, /^ {2}child\s+150 inserted\s+0 updated\s+0 unchanged$/m);
      assert.match(first.stdout, /^Validation: 0 errors/m);
      assert.match(first.stderr, /cin-census: 150 children written/);
      const again = await haven(database, ['import', 'cin-census', census]);
      assert.equal(again.code, 0, again.stderr);
      const tables = again.stdout.split('\n').filter((l) => /^ {2}\w+\s+[\d,]+ inserted/.test(l));
      assert.equal(tables.length, CIN_IMPORT_TABLES.length);
      for (const line of tables) assert.match(line, /\s0 inserted\s+0 updated\s+[\d,]+ unchanged$/);
    });

    test('a file cut off half way is refused with file, line and what was expected; nothing changes', async () => {
      const text = fs.readFileSync(census, 'utf8');
      const cut = path.join(dir, 'cut.xml');
      fs.writeFileSync(cut, text.slice(0, Math.floor(text.length / 2)).replace(/<CINreferralDate>\d{4}-\d\d-\d\d<\/CINreferralDate>/g, '<CINreferralDate>2025-04-02</CINreferralDate>'));
      const before = await haven(database, ['export', 'cin-census', '--year', '2025-26']);
      const refused = await haven(database, ['import', 'cin-census', cut]);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /^haven: cut\.xml:\d+: .*expected/m);
      const afterwards = await haven(database, ['export', 'cin-census', '--year', '2025-26']);
      assert.equal(strip(afterwards.stdout), strip(before.stdout));
    });

    test('another local authority\u2019s census is refused, naming its <LEA>; with --la it loads into that partnership', async () => {
      const before = await haven(database, ['export', 'cin-census', '--year', '2025-26']);
      const refused = await haven(database, ['import', 'cin-census', census, '--la', '310']);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /census-2025-26\.xml:\d+: the census is local authority 309's in <LEA>; expected a census of partnership 310's children \(<LEA> 310\); to load this one into partnership 309, run the import with --la 309/);
      assert.equal(strip((await haven(database, ['export', 'cin-census', '--year', '2025-26'])).stdout), strip(before.stdout));
      const other = await haven(database, ['export', 'cin-census', '--year', '2025-26', '--la', '310']);
      assert.doesNotMatch(other.stdout, /<Child>/, 'nothing was loaded into partnership 310');
    });

    test('the export of an import gives the same children back', async () => {
      const out = path.join(dir, 'exported.xml');
      const exported = await haven(database, ['export', 'cin-census', '--year', '2025-26', '--out', out]);
      assert.equal(exported.code, 0, exported.stderr);
      const original = parseCinCensus(fs.readFileSync(census));
      const back = parseCinCensus(fs.readFileSync(out));
      assert.equal(back.header.referenceDate, '2026-03-31');
      assert.equal(back.header.lea, '309');
      const byId = (children: CinChild[]): Map<string, unknown> => new Map(children.map((c) => [c.identifiers.laChildId ?? '', normalise(c)]));
      const want = byId(original.children);
      const got = byId(back.children);
      assert.deepEqual([...got.keys()].sort(), [...want.keys()].sort());
      for (const [id, child] of want) assert.deepEqual(got.get(id), child, id);
      const validated = await haven(database, ['validate', 'cin-census', out, '--json']);
      const issues = (JSON.parse(validated.stdout) as { issues: { type: string }[] }).issues;
      assert.deepEqual(issues.filter((i) => i.type === 'error'), []);
    });
  });
}

/** The export without its creation time. */
function strip(xml: string): string {
  return xml.replace(/<DateTime>[^<]*<\/DateTime>/, '');
}
