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
import { LAYOUTS, type ListNumber } from './layouts.ts';

const LA = '871';
const d = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

type Rows = Partial<Record<ListNumber, Record<string, string | Date | number | null>[]>>;

/** Writes a workbook with the Annex A header row on each list given, cells by column title. */
export async function writeWorkbook(file: string, rows: Rows): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  for (const [n, list] of Object.entries(rows)) {
    const layout = LAYOUTS[Number(n) as ListNumber];
    const sheet = workbook.addWorksheet(layout.sheet);
    sheet.addRow([...layout.columns]);
    for (const r of list) sheet.addRow(layout.columns.map((c) => r[c] ?? null));
  }
  await workbook.xlsx.writeFile(file);
}

const child = (id: string) => ({ 'Child Unique ID': id, Gender: 'a) Male', Ethnicity: 'a) WBRI', 'Date of Birth': '01/02/2015', 'Age of Child (Years)': 10 });

/** The workbook of the boundary cases; the comments give each contact's part in the hand count. */
const WORKBOOK: Rows = {
  1: [
    { ...child('C1'), 'Date of Contact': d('2025-04-01'), 'Contact Source': 'q) 6: Police' }, // first day of the year; referral next working day: counted
    { ...child('C1'), 'Date of Contact': '01/04/2025', 'Contact Source': '1A' }, // a second contact that day, another source: counted
    { ...child('C2'), 'Date of Contact': d('2025-03-31'), 'Contact Source': '6' }, // the day before the year: not in it
    { ...child('C3'), 'Date of Contact': '31/03/2026', 'Contact Source': '5A: Health services – GP' }, // last day of the year, no referral
    { ...child('C4'), 'Date of Contact': d('2025-12-19'), 'Contact Source': '6' }, // Friday; referral Monday = 1 working day: counted
    { ...child('C5'), 'Date of Contact': d('2025-12-24'), 'Contact Source': '2A' }, // referral 29 Dec = 1 working day (Christmas): counted
    { ...child('C6'), 'Date of Contact': d('2025-06-02'), 'Contact Source': '6' }, // referral 2 working days later: not counted
    { ...child('C7'), 'Date of Contact': d('2025-06-10'), 'Contact Source': '5A' }, // referral the day before: not counted
    { ...child('C8'), 'Date of Contact': d('2025-07-01'), 'Contact Source': '1A' }, // NFA referral the same day: counted
  ],
  3: [
    { ...child('C1'), 'Date of Referral': d('2025-04-02'), 'Referral Source': '6', 'Referral NFA?': 'No' },
    { ...child('C4'), 'Date of Referral': '22/12/2025', 'Referral Source': '6', 'Referral NFA?': 'No' },
    { ...child('C5'), 'Date of Referral': d('2025-12-29'), 'Referral Source': '2A', 'Referral NFA?': 'N' },
    { ...child('C6'), 'Date of Referral': d('2025-06-04'), 'Referral Source': '6', 'Referral NFA?': 'No' },
    { ...child('C7'), 'Date of Referral': d('2025-06-09'), 'Referral Source': '5A', 'Referral NFA?': 'No' },
    { ...child('C8'), 'Date of Referral': d('2025-07-01'), 'Referral Source': '1A', 'Referral NFA?': 'a) Yes' },
  ],
  4: [
    { ...child('C1'), 'Continuous Assessment Start Date': d('2025-04-03'), 'Continuous Assessment Date of Authorisation': d('2025-05-01') },
    { ...child('C9'), 'Continuous Assessment Start Date': d('2025-05-01') }, // no referral on record: not stored
  ],
  5: [{ ...child('C4'), 'Strategy Discussion Initiating Section 47 Enquiry Start Date': d('2025-12-23'), 'Date of Initial Child Protection Conference': d('2026-01-12') }],
  // The same episode as C1's referral: merged, not a second referral.
  6: [{ ...child('C1'), 'CIN Start Date': d('2025-04-02'), 'Primary Need Code': 'N1', 'CIN Closure Date': null }],
  7: [{ ...child('C4'), 'Child Protection Plan Start Date': d('2026-01-12'), 'Initial Category of Abuse': 'NEG', 'Latest Category of Abuse': 'NEG', 'Number of Previous Child Protection Plans': 0 }],
  8: [{ ...child('C5'), 'Date Started to be Looked After': d('2026-01-05'), 'Legal Status': 'C2', 'Child’s Category of Need': 'N1' }],
};

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
      assert.deepEqual(result.rowsByList, { 1: 9, 3: 6, 4: 2, 5: 1, 6: 1, 7: 1, 8: 1 });
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
  });
}
