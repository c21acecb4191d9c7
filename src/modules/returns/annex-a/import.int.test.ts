/**
 * `haven import annex-a` as a council would use it: a small Annex A workbook, written here with
 * exceljs, whose contacts sit on the boundaries of the KPI contract (first and last day of the
 * year, a referral one working day later over a weekend and over Christmas, one two working days
 * later, one the day before), with the spellings councils use (Ofsted's "q) 6: Police" prefixes,
 * Excel dates and dd/mm/yyyy text). The contacts KPIs are checked against values worked out by hand.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { createTestDatabase, testEngines, type TestDatabase } from '../../../test/database.ts';
import { computeKpis } from '../../kpi/engine.ts';
import { listImportRuns } from '../import-runs.ts';
import { importAnnexA } from './import.ts';
import { LAYOUTS } from './layouts.ts';
import { child, d, WORKBOOK, writeWorkbook } from './test-support.ts';

const LA = '871';

for (const engine of testEngines()) {
  describe(`haven import annex-a (${engine})`, () => {
    let database: TestDatabase;
    let dir: string;
    let file: string;
    before(async () => {
      database = await createTestDatabase(engine);
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'annex-a-'));
      file = path.join(dir, 'annex-a.xlsx');
      await writeWorkbook(file, WORKBOOK);
      // C1 is already known from another return, with a name Annex A does not carry.
      await database.db.insertInto('partnership').values({ la_code: LA, name: 'Annex A test' }).execute();
      await database.db.insertInto('child').values({ la_code: LA, la_child_id: 'C1', first_name: 'Ada', last_name: 'Lovelace', sex: 'F' }).execute();
    });
    after(async () => {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    test('List 1 becomes the contacts of the KPI contract, with the hand-computed figures', async () => {
      const progress: string[] = [];
      const result = await importAnnexA(database.db, LA, file, { progress: (m) => progress.push(m) });
      assert.deepEqual(result.rowsByList, { 1: 9, 2: 1, 3: 6, 4: 2, 5: 1, 6: 1, 7: 1, 8: 1, 10: 1 });
      assert.deepEqual([result.changes.early_help_episode?.inserted, result.changes.adoption?.inserted, result.changes.la_episode?.inserted], [1, 1, 1]);
      assert.ok(progress.some((m) => m.startsWith('List 1: 9 rows')), progress.join('\n'));
      const kpis = await computeKpis(database.db, LA, '2025-26');
      assert.equal(kpis.metrics['contacts.count'], 8);
      assert.deepEqual(kpis.metrics['contacts.by_source'], { '1A': 2, '2A': 1, '5A': 2, '6': 3 });
      assert.equal(kpis.metrics['contacts.to_referral_pct'], 62.5); // 5 of 8
      // List 6's CIN start is C1's referral: one episode, so six referrals, not seven.
      assert.equal(kpis.metrics['referrals.count'], 6);
      assert.equal(kpis.metrics['referrals.nfa_pct'], 16.7);
      assert.equal(kpis.metrics['assessments.completed'], 1);
      assert.equal(kpis.metrics['s47.count'], 1);
      assert.equal(kpis.metrics['cp.plans_started'], 1);
      assert.equal(kpis.metrics['cla.started'], 1);
      assert.deepEqual(result.notStored.map((n) => [n.list, n.row]), [[4, 3]]);
    });

    test('children link by Child Unique ID: the known child is updated, never duplicated', async () => {
      const c1 = await database.db.selectFrom('child').selectAll().where('la_code', '=', LA).where('la_child_id', '=', 'C1').execute();
      assert.equal(c1.length, 1);
      assert.equal(c1[0]!.first_name, 'Ada');
      assert.equal(c1[0]!.sex, 'M');
      assert.equal(c1[0]!.ethnicity, 'WBRI');
      assert.equal(c1[0]!.date_of_birth, '2015-02-01');
      const children = await database.db.selectFrom('child').select((eb) => eb.fn.countAll<string>().as('n')).where('la_code', '=', LA).executeTakeFirstOrThrow();
      assert.equal(Number(children.n), 9);
    });

    test('the same file twice changes nothing, and each run is recorded', async () => {
      const before = await computeKpis(database.db, LA, '2025-26');
      const again = await importAnnexA(database.db, LA, file);
      for (const [table, c] of Object.entries(again.changes)) assert.deepEqual([table, c.inserted, c.updated], [table, 0, 0]);
      assert.equal(again.changes.contact?.unchanged, 9);
      assert.deepEqual(await computeKpis(database.db, LA, '2025-26'), before);
      const runs = await listImportRuns(database.db, LA, 'annex-a');
      assert.equal(runs.length, 2);
      assert.equal(runs[1]!.changes.contact?.inserted, 9);
      const audit = await database.db.selectFrom('audit_event').select('action').where('la_code', '=', LA).where('action', '=', 'import.annex-a').execute();
      assert.equal(audit.length, 2);
    });

    test('one list as CSV adds only what is new', async () => {
      const csv = path.join(dir, 'list1.csv');
      fs.writeFileSync(csv, `${LAYOUTS[1].columns.join(',')}\nC3,Male,WBRI,01/02/2015,10,31/03/2026,5A\nC3,Male,WBRI,01/02/2015,10,30/03/2026,5A\n`);
      const result = await importAnnexA(database.db, LA, csv, { list: 1 });
      assert.deepEqual(result.changes.contact, { inserted: 1, updated: 0, unchanged: 1 });
      assert.equal((await computeKpis(database.db, LA, '2025-26')).metrics['contacts.count'], 9);
    });

    test('a bad value refuses the whole file, naming where it is, and nothing changes', async () => {
      const bad = path.join(dir, 'bad.xlsx');
      await writeWorkbook(bad, {
        1: [{ ...child('C20'), 'Date of Contact': d('2025-05-01'), 'Contact Source': '6' }],
        3: [
          { ...child('C20'), 'Date of Referral': d('2025-05-01') },
          { ...child('C21'), 'Date of Referral': '31/02/2025' },
        ],
      });
      const before = await computeKpis(database.db, LA, '2025-26');
      await assert.rejects(importAnnexA(database.db, LA, bad), (error: Error) => {
        assert.match(error.message, /^bad\.xlsx, sheet “List 3”, row 3, column “Date of Referral”: “31\/02\/2025” is not a real date/);
        return true;
      });
      assert.deepEqual(await computeKpis(database.db, LA, '2025-26'), before);
      const c20 = await database.db.selectFrom('child').select('id').where('la_code', '=', LA).where('la_child_id', '=', 'C20').execute();
      assert.equal(c20.length, 0);
      assert.equal((await listImportRuns(database.db, LA, 'annex-a')).length, 3);
    });

    test('a workbook without the list’s key column is refused at its header row', async () => {
      const noDate = path.join(dir, 'no-date.xlsx');
      const workbook = new ExcelJS.Workbook();
      workbook.addWorksheet('List 1').addRow(['Child Unique ID', 'Gender']);
      await workbook.xlsx.writeFile(noDate);
      await assert.rejects(importAnnexA(database.db, LA, noDate), /no-date\.xlsx, sheet “List 1”, row 1, column “Date of Contact”: empty is not present/);
    });

    test('a referral already recorded from the CIN census is the same episode, not a second one', async () => {
      const la = '874';
      await database.db.insertInto('partnership').values({ la_code: la, name: 'Census first' }).execute();
      const k1 = await database.db.insertInto('child').values({ la_code: la, la_child_id: 'K1', first_name: null, last_name: null }).returning('id').executeTakeFirstOrThrow();
      await database.db.insertInto('cin_episode').values({ la_code: la, child_id: k1.id, referral_date: '2025-06-02', referral_source: '5A', referral_nfa: false }).execute();
      const both = path.join(dir, 'both.xlsx');
      await writeWorkbook(both, {
        1: [{ ...child('K1'), 'Date of Contact': d('2025-06-02'), 'Contact Source': '5A' }],
        3: [{ ...child('K1'), 'Date of Referral': d('2025-06-02'), 'Referral Source': '5A', 'Referral NFA?': 'No' }],
      });
      const result = await importAnnexA(database.db, la, both);
      assert.deepEqual(result.changes.cin_episode, { inserted: 0, updated: 0, unchanged: 1 });
      assert.deepEqual(result.changes.child, { inserted: 0, updated: 1, unchanged: 0 });
      const kpis = await computeKpis(database.db, la, '2025-26');
      assert.equal(kpis.metrics['referrals.count'], 1);
      assert.equal(kpis.metrics['contacts.to_referral_pct'], 100);
    });

    test('List 9 care leavers become OC3 records of the year of their latest contact, merged with an SSDA903 one', async () => {
      const la = '875';
      await database.db.insertInto('partnership').values({ la_code: la, name: 'Care leavers' }).execute();
      // L1 is known from SSDA903 for 2025-26, with an activity and no accommodation.
      const l1 = await database.db.insertInto('child').values({ la_code: la, la_child_id: 'L1', first_name: null, last_name: null }).returning('id').executeTakeFirstOrThrow();
      await database.db.insertInto('care_leaver').values({ la_code: la, child_id: l1.id, year: '2025-26', in_touch: 'YES', activity: 'F2', accommodation: null }).execute();
      const leaver = (id: string, dob: string) => ({ ...child(id), 'Date of Birth': dob, 'Age of Child (Years)': 19 });
      const leavers = path.join(dir, 'leavers.xlsx');
      await writeWorkbook(leavers, {
        9: [
          // Blank activity keeps the return's F2; the accommodation is given by its description.
          { ...leaver('L1', '01/06/2006'), 'Date of Latest Contact': d('2025-11-03'), 'Is the Young Person in Touch?': 'Yes', 'Activity': null, 'Accommodation': 'Other accommodation: suitable' },
          // Contacted in the year before: recorded against 2024-25.
          { ...leaver('L2', '02/07/2006'), 'Date of Latest Contact': '20/03/2025', 'Is the Young Person in Touch?': 'a) No', 'Activity': 'G5', 'Accommodation': 'b) B2' },
          // No contact date: the year of the import.
          { ...leaver('L3', '03/08/2007'), 'Is the Young Person in Touch?': 'REFU' },
        ],
      });
      const result = await importAnnexA(database.db, la, leavers, { today: '2026-02-10' });
      assert.deepEqual(result.changes.care_leaver, { inserted: 2, updated: 1, unchanged: 0 });
      assert.deepEqual(result.notStored, []);
      const rows = await database.db.selectFrom('care_leaver as cl').innerJoin('child as c', 'c.id', 'cl.child_id')
        .select(['c.la_child_id', 'cl.year', 'cl.in_touch', 'cl.activity', 'cl.accommodation']).where('cl.la_code', '=', la).orderBy('c.la_child_id').execute();
      assert.deepEqual(rows, [
        { la_child_id: 'L1', year: '2025-26', in_touch: 'YES', activity: 'F2', accommodation: 'Y1' },
        { la_child_id: 'L2', year: '2024-25', in_touch: 'NO', activity: 'G5', accommodation: 'B2' },
        { la_child_id: 'L3', year: '2025-26', in_touch: 'REFU', activity: null, accommodation: null },
      ]);
      assert.deepEqual((await importAnnexA(database.db, la, leavers, { today: '2026-02-10' })).changes.care_leaver, { inserted: 0, updated: 0, unchanged: 3 });

      const wrong = path.join(dir, 'leavers-wrong.xlsx');
      await writeWorkbook(wrong, { 9: [{ ...leaver('L4', '01/01/2007'), 'Date of Latest Contact': d('2025-10-01'), 'Activity': 'Gardening' }] });
      await assert.rejects(importAnnexA(database.db, la, wrong), /leavers-wrong\.xlsx, sheet “List 9”, row 2, column “Activity”: “Gardening” is not an SSDA903 OC3 main activity/);
    });

    test('a truncated workbook is refused as unreadable and nothing changes', async () => {
      const truncated = path.join(dir, 'truncated.xlsx');
      fs.writeFileSync(truncated, fs.readFileSync(file).subarray(0, 2000));
      const before = await computeKpis(database.db, LA, '2025-26');
      await assert.rejects(importAnnexA(database.db, LA, truncated), /^Error: truncated\.xlsx: not a readable Excel workbook/);
      assert.deepEqual(await computeKpis(database.db, LA, '2025-26'), before);
    });
  });
}
