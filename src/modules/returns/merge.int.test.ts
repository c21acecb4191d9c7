/**
 * The merge every statutory import writes through: new rows inserted, held rows updated only where
 * the merged values differ (coalesce keeps what the file leaves blank, replace takes the blank,
 * a list replaces only when it has entries), a key given twice in a batch keeps its last row, and
 * rows under a parent the import inserted are not looked up yet still land under it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../core/db/kysely.ts';
import { withoutReferenceChecks } from '../../core/db/bulk-load.ts';
import { createTestDatabase, testEngines, type TestDatabase } from '../../test/database.ts';
import { TableMerge, type MergeSpec } from './merge.ts';

const CHILD: MergeSpec = {
  table: 'child',
  id: true,
  keys: { la_child_id: 'text' },
  columns: {
    ethnicity: { type: 'text', merge: 'coalesce' },
    date_of_birth: { type: 'date', merge: 'coalesce' },
    disabilities: { type: 'text[]', merge: 'nonempty' },
    uasc: { type: 'boolean', merge: 'coalesce', onInsert: false },
  },
  touch: 'updated_at',
};
const EPISODE: MergeSpec = {
  table: 'cin_episode',
  id: true,
  keys: { child_id: 'uuid', referral_date: 'date' },
  columns: { primary_need: { type: 'text', merge: 'replace' }, referral_nfa: { type: 'boolean', merge: 'coalesce', onInsert: false } },
};

for (const engine of testEngines()) {
  describe(`merging a return's rows (${engine})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(engine);
      await sql`INSERT INTO partnership (la_code, name) VALUES ('901', 'Merge test') ON CONFLICT DO NOTHING`.execute(database.db);
    });
    after(async () => {
      await database.close();
    });

    test('inserts, updates what differs, leaves the rest, and keeps the last of a key given twice', async () => {
      const first = await database.db.transaction().execute(async (trx) => {
        const merge = new TableMerge(trx, '901', CHILD);
        const ids = await merge.merge([
          { la_child_id: 'M1', ethnicity: 'WBRI', date_of_birth: '2015-04-01', disabilities: ['AUT'] },
          { la_child_id: 'M2', ethnicity: 'ABAN', date_of_birth: null, disabilities: [] },
          { la_child_id: 'M2', ethnicity: 'APKN', date_of_birth: '2016-02-29', disabilities: ['HAND', 'VIS "quoted" \\ back'] },
        ]);
        return { ids, changes: { ...merge.changes } };
      });
      assert.deepEqual(first.changes, { inserted: 2, updated: 0, unchanged: 0 });
      const { rows } = await sql<{ la_child_id: string; ethnicity: string; dob: string | null; disabilities: string[]; uasc: boolean; id: string }>`
        SELECT la_child_id, ethnicity, date_of_birth::text AS dob, disabilities, uasc, id::text AS id FROM child WHERE la_code = '901' ORDER BY la_child_id`.execute(database.db);
      assert.deepEqual(rows.map(({ id: _, ...r }) => r), [
        { la_child_id: 'M1', ethnicity: 'WBRI', dob: '2015-04-01', disabilities: ['AUT'], uasc: false },
        { la_child_id: 'M2', ethnicity: 'APKN', dob: '2016-02-29', disabilities: ['HAND', 'VIS "quoted" \\ back'], uasc: false },
      ]);
      assert.equal(first.ids.get('M1'), rows[0]?.id, 'the id returned is the id stored');

      const second = await database.db.transaction().execute(async (trx) => {
        const merge = new TableMerge(trx, '901', CHILD);
        await merge.merge([
          // Blank ethnicity and no disabilities keep what is held: unchanged.
          { la_child_id: 'M1', ethnicity: null, date_of_birth: '2015-04-01', disabilities: [] },
          // A new date of birth: updated; the other values kept.
          { la_child_id: 'M2', ethnicity: null, date_of_birth: '2016-03-01', disabilities: [] },
        ]);
        return merge.changes;
      });
      assert.deepEqual(second, { inserted: 0, updated: 1, unchanged: 1 });
      const m2 = await sql<{ ethnicity: string; dob: string; disabilities: string[] }>`
        SELECT ethnicity, date_of_birth::text AS dob, disabilities FROM child WHERE la_code = '901' AND la_child_id = 'M2'`.execute(database.db);
      assert.deepEqual(m2.rows[0], { ethnicity: 'APKN', dob: '2016-03-01', disabilities: ['HAND', 'VIS "quoted" \\ back'] });
    });

    test('rows under a parent the import inserted are written without a look-up, and replace takes a blank', async () => {
      await database.db.transaction().execute((trx) =>
        withoutReferenceChecks(trx, ['child', 'cin_episode'], async () => {
          const children = new TableMerge(trx, '901', CHILD);
          const ids = await children.merge([{ la_child_id: 'M3', ethnicity: null, date_of_birth: '2019-01-01', disabilities: [] }, { la_child_id: 'M1', ethnicity: null, date_of_birth: null, disabilities: [] }]);
          assert.equal(children.made.size, 1, 'only M3 is new');
          const episodes = new TableMerge(trx, '901', EPISODE);
          await episodes.merge(
            [
              { child_id: ids.get('M3')!, referral_date: '2025-05-01', primary_need: 'N1', referral_nfa: null },
              { child_id: ids.get('M1')!, referral_date: '2025-06-01', primary_need: 'N2', referral_nfa: true },
            ],
            children.made,
          );
          assert.deepEqual(episodes.changes, { inserted: 2, updated: 0, unchanged: 0 });
        }),
      );
      await database.db.transaction().execute(async (trx) => {
        const episodes = new TableMerge(trx, '901', EPISODE);
        const m1 = await sql<{ id: string }>`SELECT id::text AS id FROM child WHERE la_code = '901' AND la_child_id = 'M1'`.execute(trx);
        await episodes.merge([{ child_id: m1.rows[0]!.id, referral_date: '2025-06-01', primary_need: null, referral_nfa: null }]);
        assert.deepEqual(episodes.changes, { inserted: 0, updated: 1, unchanged: 0 });
      });
      const { rows } = await sql<{ la_child_id: string; primary_need: string | null; referral_nfa: boolean }>`
        SELECT c.la_child_id, e.primary_need, e.referral_nfa FROM cin_episode e JOIN child c ON c.la_code = e.la_code AND c.id = e.child_id
        WHERE e.la_code = '901' ORDER BY c.la_child_id`.execute(database.db);
      assert.deepEqual(rows, [
        { la_child_id: 'M1', primary_need: null, referral_nfa: true },
        { la_child_id: 'M3', primary_need: 'N1', referral_nfa: false },
      ]);
    });
  });
}
