/**
 * Name search through the dictionary of names in use (migration 0013): children loaded in bulk
 * and renamed children are found, the best matches come first even when a name is shared by more
 * children than a page holds, and merged records stay out.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../core/db/kysely.ts';
import { createTestDatabase, testEngines, type TestDatabase } from '../../test/database.ts';
import { buildChild, buildPartnership, type TestWorld } from '../../test/factories.ts';
import { parseSearch, searchChildren } from './search.ts';

for (const engine of testEngines()) {
  describe(`search by name at scale (${engine})`, () => {
    let database: TestDatabase;
    let world: TestWorld;
    before(async () => {
      database = await createTestDatabase(engine);
      world = await buildPartnership(database.db);
    });
    after(() => database.close());

    const search = (q: string, limit = 50) => searchChildren(database.db, '309', parseSearch(q), limit);

    test('a child loaded in bulk (foreign-key triggers off) is found by a misspelt name', async () => {
      await database.db.transaction().execute(async (trx) => {
        await sql`SET LOCAL session_replication_role = replica`.execute(trx);
        await sql`INSERT INTO child (la_code, la_child_id, first_name, last_name, date_of_birth)
                  SELECT '309', 'BULK' || n, 'Oluwaseun', 'Adeyemi-Bankole', ('2014-02-0' || n)::date FROM generate_series(1, 3) n`.execute(trx);
      });
      const found = await search('oluwaseun adeyemi bankole');
      assert.equal(found.length, 3);
      assert.ok(found.every((c) => c.last_name === 'Adeyemi-Bankole'));
    });

    test('a renamed child is found by the new name', async () => {
      const child = await buildChild(database.db, world, { firstName: 'Tia', lastName: 'Lambert', dateOfBirth: '2016-05-05' });
      await database.db.updateTable('child').set({ last_name: 'Quigley-Hart' }).where('id', '=', child.id).execute();
      assert.deepEqual((await search('tia quigly hart')).map((c) => c.id), [child.id]);
    });

    test('the exact name fills the page before near names, however many share it; merged records stay out', async () => {
      await sql`INSERT INTO child (la_code, la_child_id, first_name, last_name, date_of_birth)
                SELECT '309', 'SAME' || n, 'Keisha', CASE WHEN n <= 12 THEN 'Okafor' ELSE 'Okafro' END, '2012-01-01'::date + n
                FROM generate_series(1, 20) n`.execute(database.db);
      const page = await search('Keisha Okafor', 10);
      assert.equal(page.length, 10);
      assert.ok(page.every((c) => c.last_name === 'Okafor'), 'the ten best are all exact matches');
      const all = await search('Keisha Okafor');
      assert.equal(all.filter((c) => c.last_name === 'Okafor').length, 12);
      assert.equal(all.filter((c) => c.last_name === 'Okafro').length, 8, 'the misspelt ones follow');
      assert.ok(all.findIndex((c) => c.last_name === 'Okafro') > all.findLastIndex((c) => c.last_name === 'Okafor'));
      const keep = all[0]!;
      const gone = all[1]!;
      await database.db.updateTable('child').set({ merged_into: keep.id }).where('id', '=', gone.id).execute();
      assert.ok(!(await search('Keisha Okafor')).some((c) => c.id === gone.id));
    });
  });
}
