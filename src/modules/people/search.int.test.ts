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

for (const engine of testEngines()) {
  describe(`adding and merging children (${engine})`, () => {
    test('a new child with a misspelt name and the same date of birth is offered the existing record first; a merge keeps both histories', async () => {
      const { startTestApp } = await import('../../test/app.ts');
      const t = await startTestApp(engine);
      try {
        const existing = await buildChild(t.db, t.world, { firstName: 'Mohammed', lastName: 'Rahman', dateOfBirth: '2015-03-14' });
        await t.db.insertInto('cin_episode').values({ la_code: '309', child_id: existing.id, referral_date: '2025-05-01', referral_source: '5A' }).execute();
        const worker = await t.agent('mash_practitioner');
        await worker.get('/children/new');
        const form = { firstName: 'Mohamed', lastName: 'Rahmen', 'dateOfBirth-day': '14', 'dateOfBirth-month': '3', 'dateOfBirth-year': '2015', sex: 'M' };
        const offered = await worker.post('/children/new', form);
        assert.equal(offered.statusCode, 200);
        assert.match(offered.body, /This child may already have a record/);
        assert.match(offered.body, /Mohammed Rahman/);
        assert.match(offered.body, /same date of birth, similar name/);
        const bad = await worker.post('/children/new', { ...form, nhsNumber: '1234567890' });
        assert.match(bad.body, /Enter a valid NHS number/);
        const created = await worker.post('/children/new', { ...form, confirmed: 'yes' });
        assert.equal(created.statusCode, 303);
        const duplicateId = String(created.headers.location).split('/').pop()!;
        const duplicate = await t.db.selectFrom('child').selectAll().where('id', '=', duplicateId).executeTakeFirstOrThrow();
        await t.db.insertInto('cin_episode').values({ la_code: '309', child_id: duplicate.id, referral_date: '2025-09-01', referral_source: '1A' }).execute();

        // A manager merges the new record into the old one: both referrals now on the survivor.
        const manager = await t.agent('team_manager');
        await manager.get(`/children/${existing.id}/merge`);
        const merged = await manager.post(`/children/${existing.id}/merge`, { duplicate: duplicate.la_child_id });
        assert.equal(merged.statusCode, 303);
        const referrals = await t.db.selectFrom('cin_episode').select('referral_date').where('child_id', '=', existing.id).orderBy('referral_date').execute();
        assert.deepEqual(referrals.map((r) => r.referral_date), ['2025-05-01', '2025-09-01']);
        const after = await t.db.selectFrom('child').select('merged_into').where('id', '=', duplicate.id).executeTakeFirstOrThrow();
        assert.equal(after.merged_into, existing.id);
        const audit = await t.db.selectFrom('audit_event').select(['action', 'record_id']).where('action', 'in', ['child.merge', 'child.merged-into', 'child.create']).orderBy('seq').execute();
        assert.deepEqual(audit.map((a) => a.action), ['child.create', 'child.merge', 'child.merged-into']);
        // The duplicate's name still finds the child, now through the survivor.
        assert.deepEqual((await searchChildren(t.db, '309', parseSearch('mohamed rahmen'))).map((r) => r.id), [existing.id]);
      } finally {
        await t.close();
      }
    });
  });
}
