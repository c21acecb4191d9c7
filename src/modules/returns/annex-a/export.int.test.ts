/**
 * `haven export annex-a`: an export of an import reproduces the lists. The boundary workbook is
 * imported, exported, and the export imported into a second, empty partnership database: the two
 * exports hold the same rows, the KPIs agree, and List 1 holds exactly the contacts that went in.
 * Then the commands as a council runs them, in a separate process.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, testEngines, type TestDatabase } from '../../../test/database.ts';
import { computeKpis, type KpiDocument } from '../../kpi/engine.ts';
import { importAnnexA } from './import.ts';
import { exportAnnexA } from './export.ts';
import { readAnnexAWorkbook } from './read.ts';
import { WORKBOOK, writeWorkbook } from './test-support.ts';
import { parseDate, parseReferralSource } from './values.ts';

const LA = '872';
const bin = new URL('../../../../bin/haven.js', import.meta.url).pathname;

/** Every row of a workbook as text, list by list, in file order. */
async function rowsOf(file: string): Promise<string[]> {
  const rows: string[] = [];
  for await (const r of readAnnexAWorkbook(file)) rows.push(`${r.list}|${[...r.cells.entries()].map(([k, v]) => `${k}=${v instanceof Date ? v.toISOString().slice(0, 10) : String(v)}`).join('|')}`);
  return rows;
}

function haven(database: TestDatabase, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, HAVEN_DATA: database.dataDir, HAVEN_LA_CODE: LA };
  delete env.DATABASE_URL;
  if (database.databaseUrl) env.DATABASE_URL = database.databaseUrl;
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env }, (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

for (const engine of testEngines()) {
  describe(`haven export annex-a (${engine})`, () => {
    let first: TestDatabase;
    let second: TestDatabase;
    let dir: string;
    before(async () => {
      [first, second] = [await createTestDatabase(engine), await createTestDatabase(engine)];
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'annex-a-export-'));
    });
    after(async () => {
      await first.close();
      await second.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    test('import, export, import the export elsewhere: the same rows and the same KPIs', async () => {
      const input = path.join(dir, 'in.xlsx');
      await writeWorkbook(input, WORKBOOK);
      await importAnnexA(first.db, LA, input);
      const out1 = path.join(dir, 'out1.xlsx');
      const counts = await exportAnnexA(first.db, LA, out1, { today: '2026-04-01' });
      // C9's assessment had no referral to belong to, so it was not stored and is not exported.
      assert.deepEqual(counts, { 1: 9, 2: 1, 3: 6, 4: 1, 5: 1, 6: 5, 7: 1, 8: 1, 9: 0, 10: 1, 11: 0 });

      // List 1 holds exactly the contacts that went in: child, date and source code.
      const contactsIn = WORKBOOK[1]!.map((r) => `${String(r['Child Unique ID'])} ${parseDate(r['Date of Contact']!)} ${parseReferralSource(r['Contact Source']!)}`).sort();
      const contactsOut: string[] = [];
      for await (const r of readAnnexAWorkbook(out1)) {
        if (r.list === 1) contactsOut.push(`${String(r.cells.get('Child Unique ID'))} ${parseDate(r.cells.get('Date of Contact')!)} ${parseReferralSource(r.cells.get('Contact Source')!)}`);
      }
      assert.deepEqual(contactsOut.sort(), contactsIn);

      const again = await importAnnexA(first.db, LA, out1);
      for (const [table, c] of Object.entries(again.changes)) assert.deepEqual([table, c.inserted, c.updated], [table, 0, 0], 'the export re-imported changes nothing');

      await importAnnexA(second.db, LA, out1);
      const out2 = path.join(dir, 'out2.xlsx');
      await exportAnnexA(second.db, LA, out2, { today: '2026-04-01' });
      assert.deepEqual(await rowsOf(out2), await rowsOf(out1));
      const [a, b] = [await computeKpis(first.db, LA, '2025-26'), await computeKpis(second.db, LA, '2025-26')];
      assert.deepEqual(b, a);
      assert.equal(a.metrics['contacts.count'], 8);
    });

    test('the commands: import with progress and a summary per table, export, kpi', async () => {
      const input = path.join(dir, 'cli.xlsx');
      await writeWorkbook(input, WORKBOOK);
      const database = await createTestDatabase(engine);
      try {
        await database.release();
        const imported = await haven(database, ['import', 'annex-a', input]);
        assert.equal(imported.code, 0, imported.stderr);
        assert.match(imported.stderr, /^List 1: 9 rows$/m);
        assert.match(imported.stdout, /^ {2}contact: 9 inserted, 0 updated, 0 unchanged$/m);
        assert.match(imported.stdout, /^ {2}cin_episode: 6 inserted, 1 updated, 0 unchanged$/m);
        assert.match(imported.stdout, /not stored, 1 row: List 4: no referral of this child/);
        const twice = await haven(database, ['import', 'annex-a', input]);
        assert.match(twice.stdout, /^ {2}contact: 0 inserted, 0 updated, 9 unchanged$/m);

        const out = path.join(dir, 'cli-out.xlsx');
        const exported = await haven(database, ['export', 'annex-a', '--out', out]);
        assert.equal(exported.code, 0, exported.stderr);
        assert.match(exported.stdout, /List 1: 9, /);
        assert.ok(fs.statSync(out).size > 0);

        const api = path.join(dir, 'cli-api.json');
        const sent = await haven(database, ['export', 'dfe-api', '--out', api]);
        assert.equal(sent.code, 0, sent.stderr);
        assert.match(sent.stdout, /^9 children in 1 request file: /);
        assert.equal((JSON.parse(fs.readFileSync(api, 'utf8')) as unknown[]).length, 9);

        const kpi = await haven(database, ['kpi', '--year', '2025-26', '--json']);
        const document = JSON.parse(kpi.stdout) as KpiDocument;
        assert.equal(document.metrics['contacts.count'], 8);
        assert.equal(document.metrics['contacts.to_referral_pct'], 62.5);

        const badCsv = path.join(dir, 'list3.csv');
        fs.writeFileSync(badCsv, 'Child Unique ID,Date of Referral,Referral NFA?\nC1,02/04/2025,maybe\n');
        const refused = await haven(database, ['import', 'annex-a', badCsv, '--list', '3']);
        assert.equal(refused.code, 2);
        assert.match(refused.stderr, /list3\.csv, sheet “List 3”, row 2, column “Referral NFA\?”: “maybe” is not yes or no/);
      } finally {
        await database.close();
      }
    });
  });
}
