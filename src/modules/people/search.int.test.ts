/** Finding children the way people type: partial and misspelt names, dates, NHS numbers, UPNs, postcodes. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testEngines } from '../../test/database.ts';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { buildChild, buildPartnership, type TestWorld } from '../../test/factories.ts';
import { findLikelyDuplicates, parseSearch, searchChildren } from './search.ts';

test('what is typed is split into dates, identifiers, postcodes and a name', () => {
  assert.deepEqual(parseSearch('Smith 14/03/2015'), { dateOfBirth: '2015-03-14', name: 'smith' });
  assert.deepEqual(parseSearch('943 476 5919'), { nhsNumber: '9434765919' });
  assert.deepEqual(parseSearch('a950000178301'), { upn: 'A950000178301' });
  assert.deepEqual(parseSearch('jo n17 0ab'), { postcode: 'N17 0AB', name: 'jo' });
  assert.deepEqual(parseSearch('DEMO0001'), { laChildId: 'DEMO0001' });
});

for (const engine of testEngines()) {
  describe(`search (${engine})`, () => {
    let database: TestDatabase;
    let world: TestWorld;
    before(async () => {
      database = await createTestDatabase(engine);
      world = await buildPartnership(database.db);
      const db = database.db;
      await buildChild(db, world, { firstName: 'Mohammed', lastName: 'Rahman', dateOfBirth: '2015-03-14' });
      await buildChild(db, world, { firstName: 'Katarzyna', lastName: 'Wiśniewska', dateOfBirth: '2012-11-02' });
      await buildChild(db, world, { firstName: 'Siobhan', lastName: 'O’Sullivan', dateOfBirth: '2018-07-21' });
      const tagged = await buildChild(db, world, { firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '2014-12-10' });
      await db.updateTable('child').set({ nhs_number: '9434765919', upn: 'A950000178301', postcode: 'N17 0AB' }).where('id', '=', tagged.id).execute();
      await db.insertInto('child_former_name').values({ la_code: '309', child_id: tagged.id, first_name: 'Ada', last_name: 'Byron' }).execute();
    });
    after(() => database.close());

    const names = async (q: string) => (await searchChildren(database.db, '309', parseSearch(q))).map((r) => `${r.first_name} ${r.last_name}`);

    test('misspelt and partial names find the child', async () => {
      assert.deepEqual(await names('Mohamed Rahmen'), ['Mohammed Rahman']);
      assert.deepEqual(await names('katarz'), ['Katarzyna Wiśniewska']);
      assert.deepEqual(await names('siobhan osullivan'), ['Siobhan O’Sullivan']);
    });

    test('a former name finds the child', async () => {
      assert.deepEqual(await names('ada byron'), ['Ada Lovelace']);
    });

    test('date of birth, NHS number, UPN and postcode each find the child', async () => {
      assert.deepEqual(await names('14/03/2015'), ['Mohammed Rahman']);
      assert.deepEqual(await names('943 476 5919'), ['Ada Lovelace']);
      assert.deepEqual(await names('A950000178301'), ['Ada Lovelace']);
      assert.deepEqual(await names('n170ab'), ['Ada Lovelace']);
      assert.deepEqual(await names('rahman 2015-03-15'), [], 'name and date must both match');
    });

    test('likely duplicates: a misspelt name with the same date of birth, or the same NHS number', async () => {
      const byName = await findLikelyDuplicates(database.db, '309', { firstName: 'Mohamad', lastName: 'Rahmaan', dateOfBirth: '2015-03-14' });
      assert.deepEqual(byName.map((d) => [d.first_name, d.reasons]), [['Mohammed', ['same date of birth', 'similar name']]]);
      const byNhs = await findLikelyDuplicates(database.db, '309', { firstName: 'Someone', lastName: 'Else', nhsNumber: '943 476 5919' });
      assert.deepEqual(byNhs.map((d) => [d.last_name, d.reasons[0]]), [['Lovelace', 'same NHS number']]);
      const none = await findLikelyDuplicates(database.db, '309', { firstName: 'Mohammed', lastName: 'Rahman', dateOfBirth: '2015-03-15' });
      assert.deepEqual(none, [], 'a different date of birth is a different child');
    });
  });
}
