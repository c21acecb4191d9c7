/**
 * `importSsda903` against a real database: a hand-made pair of returns (last year's and this
 * year's, overlapping) whose looked-after and care-leaver KPIs were worked out by hand from
 * kpi-definitions.md, re-imports that change nothing, a child known from elsewhere updated in place,
 * and refusals that leave the database as it was.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from '../../../core/db/kysely.ts';
import { createTestDatabase, testEngines, type TestDatabase } from '../../../test/database.ts';
import { computeKpis } from '../../kpi/engine.ts';
import { importSsda903, deriveCollectionYear } from './import.ts';
import { readSsda903Directory, Ssda903ReadError } from './read.ts';
import { writeCsvReturn, writeXmlReturn, type CsvReturn } from './test-returns.ts';

/** Episode row: CHILD, DECOM, RNE, LS, CIN, PLACE, PLACE_PROVIDER, DEC, REC, REASON_PLACE_CHANGE, HOME_POST, PL_POST, URN. */
const ep = (child: string, decom: string, rne: string, ls: string, dec = '', rec = '', reason = ''): string[] =>
  [child, decom, rne, ls, 'N1', 'U1', 'PR1', dec, rec, reason, 'E20 5JF', 'E20 6AA', 'SC999999'];

// Last year (2024-25): C2 and C5 are looked after at 31 March 2025; L3 was a care leaver then.
const LAST_YEAR: CsvReturn = {
  header: [
    ['C2', 'F', '03/02/2019', 'WBRI', '', '', ''],
    ['C5', 'M', '04/05/2012', 'WBRI', '', '', ''],
    ['L3', 'F', '01/04/2005', 'WBRI', '', '', ''],
  ],
  episodes: [ep('C2', '01/06/2024', 'S', 'C2'), ep('C5', '31/03/2025', 'S', 'C2')],
  oc3: [['L3', '01/04/2005', 'NO', '0', '0']],
};

// This year (2025-26), with the boundary cases of the contract's CLA and care-leaver sections.
const THIS_YEAR: CsvReturn = {
  header: [
    ['C1', 'M', '10/10/2015', 'WBRI', 'A123456789012', '', ''],
    ['C2', 'F', '03/02/2019', 'WBRI', '', '', ''],
    ['C3', 'M', '05/05/2016', 'WBRI', '', '', ''],
    ['C4', 'F', '06/06/2010', 'WBRI', '', '', ''],
    ['C5', 'M', '04/05/2012', 'WBRI', '', '', ''],
    ['C7', 'M', '07/07/2011', 'WBRI', '', '', ''],
    ['L1', 'M', '01/04/2008', 'WBRI', '', '', ''],
    ['L2', 'F', '31/03/2008', 'WBRI', '', '', ''],
    ['L3', 'F', '01/04/2005', 'WBRI', '', '', ''],
    ['L4', 'M', '31/03/2004', 'WBRI', '', '', ''],
    ['L5', 'M', '31/03/2007', 'WBRI', '', '', ''],
    // L6 is in oc3.csv only: the date of birth comes from there.
  ],
  episodes: [
    // C1 starts on the first day of the year and is still looked after: started, at year end.
    ep('C1', '01/04/2025', 'S', 'C2'),
    // C2: an X1 chain (a change of placement is not a ceasing), then adopted on the reference date
    // itself, so not looked after at year end (DEC > D is needed to be open on D).
    ep('C2', '01/06/2024', 'S', 'C2', '01/09/2025', 'X1', 'CARPL'),
    ep('C2', '01/09/2025', 'P', 'E1', '31/03/2026', 'E11'),
    // C3: a short break (V3): in no looked-after figure at all.
    ep('C3', '01/05/2025', 'S', 'V3', '03/05/2025', 'E13'),
    // C4 starts on the reference date: started and at year end.
    ep('C4', '31/03/2026', 'S', 'L1'),
    // C5 started last year (in last year's return, open then) and left on 1 April under an SGO.
    ep('C5', '31/03/2025', 'S', 'C2', '01/04/2025', 'E45'),
    // C7: started, moved (X1), still looked after: one child at year end, one start.
    ep('C7', '01/10/2025', 'S', 'C1', '10/01/2026', 'X1', 'CARPL'),
    ep('C7', '10/01/2026', 'L', 'C2'),
  ],
  reviews: [['C1', '10/10/2015', '20/04/2025', 'PN1']],
  // Ages on the birthday in the year: L1 17, L2 18, L3 20, L4 22 (out), L5 19, L6 17.
  oc3: [
    ['L1', '01/04/2008', 'YES', 'F1', 'B1'],
    ['L2', '31/03/2008', 'NO', '0', '0'],
    ['L3', '01/04/2005', 'YES', 'G4', 'D1'],
    ['L4', '31/03/2004', 'YES', 'F2', 'B1'],
    ['L5', '31/03/2007', 'YES', 'P3', 'Z2'],
    ['L6', '31/03/2009', 'REFU', '0', '0'],
  ],
  missing: [['C7', '07/07/2011', 'M', '01/11/2025', '02/11/2025']],
};

const LA = '901';

for (const engine of testEngines()) {
  describe(`SSDA903 import (${engine})`, () => {
    let database: TestDatabase;
    let lastYear: string;
    let thisYear: string;
    before(async () => {
      database = await createTestDatabase(engine);
      lastYear = writeCsvReturn(LAST_YEAR);
      thisYear = writeCsvReturn(THIS_YEAR);
    });
    after(async () => {
      await database.close();
      fs.rmSync(lastYear, { recursive: true, force: true });
      fs.rmSync(thisYear, { recursive: true, force: true });
    });

    const count = async (table: string): Promise<number> => {
      const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE la_code = ${LA}`.execute(database.db);
      return r.rows[0]?.n ?? 0;
    };

    test('the collection year comes from the latest event date', async () => {
      assert.equal(deriveCollectionYear((await readSsda903Directory(lastYear)).current), '2024-25');
      assert.equal(deriveCollectionYear((await readSsda903Directory(thisYear)).current), '2025-26');
    });

    test('a child known from the CIN census is updated, not duplicated', async () => {
      await database.db.insertInto('partnership').values({ la_code: LA, name: 'SSDA903 test' }).execute();
      await database.db
        .insertInto('child')
        .values({ la_code: LA, la_child_id: 'C1', first_name: 'Ann', last_name: 'Example', date_of_birth: '2015-10-10', sex: 'U', team_id: null, allocated_worker_id: null, lead_agency_id: null, restriction: null, restriction_reviewed_at: null, nhs_number: '9434765919' })
        .execute();
      const last = await importSsda903(database.db, LA, lastYear, { batchSize: 2 });
      assert.equal(last.year, '2024-25');
      assert.deepEqual(last.changes.la_episode, { inserted: 2, updated: 0, unchanged: 0 });
      const now = await importSsda903(database.db, LA, thisYear, { batchSize: 3 });
      assert.equal(now.year, '2025-26');
      // C2's first episode and C5's were in last year's return: C5's gets its DEC, C2's its DEC and REC.
      assert.deepEqual(now.changes.la_episode, { inserted: 6, updated: 2, unchanged: 0 });
      // Twelve children in this return; three of them were known from last year's, C1 from the census.
      assert.deepEqual(now.changes.child, { inserted: 8, updated: 1, unchanged: 3 });
      const c1 = await database.db.selectFrom('child').selectAll().where('la_code', '=', LA).where('la_child_id', '=', 'C1').execute();
      assert.equal(c1.length, 1);
      assert.equal(c1[0]?.first_name, 'Ann');
      assert.equal(c1[0]?.nhs_number, '9434765919');
      assert.equal(c1[0]?.sex, 'M');
      assert.equal(c1[0]?.upn, 'A123456789012');
      const l6 = await database.db.selectFrom('child').select('date_of_birth').where('la_code', '=', LA).where('la_child_id', '=', 'L6').executeTakeFirstOrThrow();
      assert.equal(l6.date_of_birth, '2009-03-31');
      assert.equal(await count('la_episode'), 8);
    });

    test('the KPIs after the import are the contract\u2019s, worked out by hand', async () => {
      await database.db.insertInto('population').values({ la_code: LA, year: '2025-26', population_0_17: 60_877 }).execute();
      const { metrics } = await computeKpis(database.db, LA, '2025-26');
      // At year end: C1, C4 (started on 31 March) and C7 (after an X1 move). Not C2 (DEC 31 March), not C3 (V3).
      assert.equal(metrics['cla.at_year_end'], 3);
      assert.equal(metrics['cla.rate_per_10k_at_year_end'], 0.5);
      // Started (RNE S, DECOM in the year): C1, C4, C7's first episode; C3's short break is left out.
      assert.equal(metrics['cla.started'], 3);
      // Ceased (DEC in the year, REC not X1): C2 adopted (E11), C5 SGO (E45); X1s and C3's V3 left out.
      assert.equal(metrics['cla.ceased'], 2);
      assert.equal(metrics['cla.ceased_adopted'], 1);
      assert.equal(metrics['cla.ceased_sgo'], 1);
      assert.equal(metrics['cla.ceased_adopted_pct'], 50);
      assert.equal(metrics['cla.ceased_sgo_pct'], 50);
      // Aged 17-21: L1, L2, L3, L5, L6 (L4 is 22). EET: L1 F1, L5 P3. In touch: L1, L3, L5.
      assert.equal(metrics['care_leavers.eet_pct_17_21'], 40);
      assert.equal(metrics['care_leavers.in_touch_pct_17_21'], 60);
      // Aged 19-21: L3 (D1, suitable) and L5 (Z2, not suitable). Last year's L3 row stays in 2024-25.
      assert.equal(metrics['care_leavers.suitable_accommodation_pct_19_21'], 50);
    });

    test('the same returns again change nothing', async () => {
      const before = await computeKpis(database.db, LA, '2025-26');
      const again = await importSsda903(database.db, LA, thisYear);
      for (const [table, changes] of Object.entries(again.changes)) {
        assert.equal(changes.inserted, 0, table);
        assert.equal(changes.updated, 0, table);
      }
      assert.equal(again.changes.la_episode?.unchanged, 8);
      assert.equal(await count('la_episode'), 8);
      assert.equal(await count('child'), 12);
      assert.equal(await count('care_leaver'), 7);
      assert.deepEqual((await computeKpis(database.db, LA, '2025-26')).metrics, before.metrics);
    });

    test('each import leaves an import run with its findings per rule, and an audit event', async () => {
      const runs = await database.db.selectFrom('import_run').selectAll().where('la_code', '=', LA).where('kind', '=', 'ssda903').orderBy('started_at').execute();
      assert.equal(runs.length, 3);
      assert.deepEqual(runs.map((r) => r.year), ['2024-25', '2025-26', '2025-26']);
      const findings = runs[1]?.findings as Record<string, number>;
      assert.ok(Object.keys(findings).length > 0, 'the hand-made return breaks some rules (no reviews for most children, for one)');
      const audits = await database.db.selectFrom('audit_event').select('record_id').where('la_code', '=', LA).where('action', '=', 'returns.import').execute();
      assert.deepEqual(new Set(audits.map((a) => a.record_id)), new Set(runs.map((r) => r.id)));
    });

    test('a return Haven cannot hold is refused, located, and nothing changes', async () => {
      const tables = ['child', 'la_episode', 'la_review', 'care_leaver', 'missing_episode', 'import_run'];
      const counts = await Promise.all(tables.map(count));
      const bad = writeCsvReturn({
        ...THIS_YEAR,
        episodes: [...(THIS_YEAR.episodes ?? []), ep('C9', '01/05/2025', 'S', 'C2'), ep('C8', '31/02/2026', 'S', 'C2'), ep('C9', '01/05/2025', 'S', 'C2', '02/02/2025', 'E11')],
      });
      try {
        await assert.rejects(importSsda903(database.db, LA, bad), (error: unknown) => {
          assert.ok(error instanceof Ssda903ReadError);
          const text = error.message;
          assert.match(text, /episodes\.csv line 11, column DECOM \("31\/02\/2026"\): expected a real date written dd\/mm\/yyyy/);
          assert.match(text, /episodes\.csv line 12, column DEC \("02\/02\/2025"\): expected a date on or after DECOM \(01\/05\/2025\)/);
          assert.match(text, /episodes\.csv line 12, column DECOM .*once; line 10 has the same/);
          return true;
        });
        assert.deepEqual(await Promise.all(tables.map(count)), counts);
      } finally {
        fs.rmSync(bad, { recursive: true, force: true });
      }
    });

    test('a corrected return replaces its year: rows of its children it no longer holds go, other years and other children stay', async () => {
      const la = '903';
      const first = writeCsvReturn({
        header: [['K1', 'M', '01/01/2015', 'WBRI', '', '', ''], ['K2', 'F', '02/02/2014', 'WBRI', '', '', '']],
        // K1's episode was keyed with the wrong DECOM; last year's closed episode is outside the year.
        episodes: [ep('K1', '01/03/2024', 'S', 'C2', '01/03/2025', 'E13'), ep('K1', '01/05/2025', 'S', 'C2'), ep('K2', '01/06/2025', 'S', 'C2')],
        reviews: [['K1', '01/01/2015', '10/06/2025', 'PN1'], ['K1', '01/01/2015', '11/06/2025', 'PN1']],
        oc2: [['K1', '01/01/2015', '', '', '0', '1', '1', '1', '1', '0', '', '']],
      });
      const corrected = writeCsvReturn({
        header: [['K1', 'M', '01/01/2015', 'WBRI', '', '', '']],
        episodes: [ep('K1', '02/05/2025', 'S', 'C2')],
        reviews: [['K1', '01/01/2015', '10/06/2025', 'PN1']],
        // No oc2.csv: the return does not carry it, so K1's OC2 row stays.
      });
      try {
        await importSsda903(database.db, la, first, { year: '2025-26' });
        const result = await importSsda903(database.db, la, corrected, { year: '2025-26' });
        assert.deepEqual(result.changes.la_episode, { inserted: 1, updated: 0, unchanged: 0, deleted: 1 });
        assert.deepEqual(result.changes.la_review, { inserted: 0, updated: 0, unchanged: 1, deleted: 1 });
        const episodes = await sql<{ child: string; decom: string }>`
          SELECT c.la_child_id AS child, e.decom::text FROM la_episode e JOIN child c ON c.id = e.child_id WHERE e.la_code = ${la} ORDER BY 1, 2`.execute(database.db);
        // K1's wrong episode went, last year's stayed; K2 is not in the corrected return and keeps its own.
        assert.deepEqual(episodes.rows, [{ child: 'K1', decom: '2024-03-01' }, { child: 'K1', decom: '2025-05-02' }, { child: 'K2', decom: '2025-06-01' }]);
        const outcomes = await sql<{ n: number }>`SELECT count(*)::int AS n FROM la_outcome WHERE la_code = ${la}`.execute(database.db);
        assert.equal(outcomes.rows[0]?.n, 1);
        // The same corrected return again changes nothing.
        const again = await importSsda903(database.db, la, corrected, { year: '2025-26' });
        for (const [table, c] of Object.entries(again.changes)) assert.deepEqual([table, c.inserted, c.updated, c.deleted ?? 0], [table, 0, 0, 0]);
      } finally {
        fs.rmSync(first, { recursive: true, force: true });
        fs.rmSync(corrected, { recursive: true, force: true });
      }
    });

    test('last year\u2019s return loaded after this year\u2019s fills gaps but reopens nothing', async () => {
      const other = '902';
      const newer = writeCsvReturn({ header: THIS_YEAR.header ?? [], episodes: [ep('C5', '31/03/2025', 'S', 'C2', '01/04/2025', 'E45')] });
      const older = writeCsvReturn({ ...LAST_YEAR, episodes: [ep('C2', '01/06/2024', 'S', 'C2'), [...ep('C5', '31/03/2025', 'S', 'C2').slice(0, 5), 'U3', 'PR2']] });
      try {
        assert.equal((await importSsda903(database.db, other, newer)).newerYear, null);
        const result = await importSsda903(database.db, other, older);
        assert.equal(result.year, '2024-25');
        assert.equal(result.newerYear, '2025-26');
        const episodes = await sql<{ child: string; decom: string; dec: string | null; rec: string | null; place: string }>`
          SELECT c.la_child_id AS child, e.decom::text, e.dec::text, e.rec, e.place FROM la_episode e JOIN child c ON c.id = e.child_id
          WHERE e.la_code = ${other} ORDER BY 1`.execute(database.db);
        assert.deepEqual(episodes.rows, [
          // Only last year's return has C2's episode: it is added.
          { child: 'C2', decom: '2024-06-01', dec: null, rec: null, place: 'U1' },
          // C5's episode stays as this year's return closed it: neither reopened nor moved to U3.
          { child: 'C5', decom: '2025-03-31', dec: '2025-04-01', rec: 'E45', place: 'U1' },
        ]);
        // Last year's care leaver is added against last year.
        const leavers = await sql<{ year: string }>`SELECT year FROM care_leaver WHERE la_code = ${other}`.execute(database.db);
        assert.deepEqual(leavers.rows, [{ year: '2024-25' }]);
        // The newer return again still corrects values as its own.
        assert.equal((await importSsda903(database.db, other, newer)).newerYear, null);
      } finally {
        fs.rmSync(newer, { recursive: true, force: true });
        fs.rmSync(older, { recursive: true, force: true });
      }
    });

    test('a file that is not CSV text is refused by name', async () => {
      const dir = writeCsvReturn({ header: THIS_YEAR.header ?? [] });
      fs.writeFileSync(path.join(dir, 'episodes.csv'), Buffer.from([0xff, 0xfe, 0x43, 0x00]));
      try {
        await assert.rejects(importSsda903(database.db, LA, dir), /episodes\.csv: expected a CSV text file, but this is UTF-16 text/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

for (const engine of testEngines()) {
  describe(`SSDA903 XML import (${engine})`, () => {
    let database: TestDatabase;
    let csv: string;
    let xml: string;
    before(async () => {
      database = await createTestDatabase(engine);
      csv = writeCsvReturn(THIS_YEAR);
      xml = writeXmlReturn(THIS_YEAR);
    });
    after(async () => {
      await database.close();
      fs.rmSync(csv, { recursive: true, force: true });
      fs.rmSync(path.dirname(xml), { recursive: true, force: true });
    });

    test('the XML return gives the same records and KPIs as the CSV files', async () => {
      const fromCsv = await importSsda903(database.db, '903', csv);
      const fromXml = await importSsda903(database.db, '904', xml);
      assert.equal(fromXml.year, '2025-26');
      for (const table of ['la_episode', 'la_review', 'care_leaver', 'missing_episode']) {
        assert.deepEqual(fromXml.changes[table], fromCsv.changes[table], table);
      }
      const csvKpis = await computeKpis(database.db, '903', '2025-26');
      const xmlKpis = await computeKpis(database.db, '904', '2025-26');
      for (const id of (Object.keys(csvKpis.metrics) as (keyof typeof csvKpis.metrics)[]).filter((m) => m.startsWith('cla.') || m.startsWith('care_leavers.'))) {
        assert.deepEqual(xmlKpis.metrics[id], csvKpis.metrics[id], id);
      }
      assert.equal(xmlKpis.metrics['cla.at_year_end'], 3);
      const again = await importSsda903(database.db, '904', xml);
      assert.equal(again.changes.la_episode?.unchanged, 8);
    });

    test('a truncated XML file is refused with its line, and nothing is stored', async () => {
      const text = fs.readFileSync(xml, 'utf8');
      const cut = path.join(path.dirname(xml), 'cut.xml');
      fs.writeFileSync(cut, text.slice(0, Math.floor(text.length / 2)));
      await assert.rejects(importSsda903(database.db, '905', cut), (error: unknown) => {
        assert.ok(error instanceof Ssda903ReadError);
        assert.match(error.message, /^cut\.xml line \d+.*: expected .*truncated/);
        return true;
      });
      const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM child WHERE la_code = '905'`.execute(database.db);
      assert.equal(r.rows[0]?.n, 0);
    });
  });
}
