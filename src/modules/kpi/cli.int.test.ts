/**
 * `haven kpi` as an analyst runs it, in a separate process against a real database: --json prints
 * the contract's document and nothing else; without it, a table of this year against last year.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createTestDatabase, testEngines, type TestDatabase } from '../../test/database.ts';
import { computeKpis, type KpiDocument } from './engine.ts';
import { METRIC_IDS } from './definitions.ts';
import { buildKpiWorld } from './test-factories.ts';

const bin = new URL('../../../bin/haven.js', import.meta.url).pathname;

type Result = { code: number; stdout: string; stderr: string };

function haven(database: TestDatabase, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, HAVEN_DATA: database.dataDir, ...env };
  delete childEnv.DATABASE_URL;
  if (database.databaseUrl) childEnv.DATABASE_URL = database.databaseUrl;
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: childEnv }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

for (const engine of testEngines()) {
  describe(`haven kpi (${engine})`, () => {
    let database: TestDatabase;
    let laCode: string;
    let expected: KpiDocument;
    before(async () => {
      database = await createTestDatabase(engine);
      // A partnership with a little of each year: two referrals this year, one last year.
      const w = await buildKpiWorld(database.db);
      laCode = w.laCode;
      const child = await w.child();
      await w.referral(child, '2024-10-01', { closureDate: '2024-12-01' });
      await w.referral(child, '2025-06-02', { source: '5A' });
      await w.referral(await w.child(), '2025-06-03', { nfa: true, closureDate: '2025-06-03', source: '5A' });
      await w.contact('2025-06-02', { childId: child });
      await w.population('2025-26', 60_877);
      expected = await computeKpis(database.db, laCode, '2025-26');
      await database.release();
    });
    after(() => database.close());

    test('--json prints the contract document only', async () => {
      const { code, stdout, stderr } = await haven(database, ['kpi', '--year', '2025-26', '--json', '--la', laCode]);
      assert.equal(code, 0, stderr);
      const document = JSON.parse(stdout) as KpiDocument;
      assert.deepEqual(document, expected);
      assert.deepEqual(Object.keys(document.metrics), [...METRIC_IDS]);
      assert.equal(document.metrics['referrals.count'], 2);
      assert.equal(document.metrics['referrals.rereferral_pct'], 50);
    });

    test('the partnership defaults to HAVEN_LA_CODE', async () => {
      const { code, stdout, stderr } = await haven(database, ['kpi', '--year', '2025-26', '--json'], { HAVEN_LA_CODE: laCode });
      assert.equal(code, 0, stderr);
      assert.equal((JSON.parse(stdout) as KpiDocument).la, laCode);
    });

    test('without --json: each metric this year, last year and the change', async () => {
      const { code, stdout, stderr } = await haven(database, ['kpi', '--year', '2025-26', '--la', laCode]);
      assert.equal(code, 0, stderr);
      assert.match(stdout, /^Metric\s+Title\s+2025-26\s+2024-25\s+Change$/m);
      assert.match(stdout, /^referrals\.count\s+Referrals\s+2\s+1\s+\+1$/m);
      assert.match(stdout, /^referrals\.nfa_pct\s+.*\s50\.0%\s+0\.0%\s+\+50\.0 pts$/m);
      assert.match(stdout, /^population\.children_0_17\s+.*\s60,877\s+–\s+–$/m);
      assert.match(stdout, /^ {2}5A\s+2\s+0\s+\+2$/m);
      for (const id of METRIC_IDS) assert.match(stdout, new RegExp(`^${id.replace('.', '\\.')}\\s`, 'm'));
    });

    test('a year not in the form YYYY-YY is refused with a plain message', async () => {
      const { code, stdout, stderr } = await haven(database, ['kpi', '--year', '2025-27']);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.match(stderr, /year: Enter a reporting year in the form YYYY-YY, for example 2025-26/);
    });
  });
}
