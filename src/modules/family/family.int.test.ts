/**
 * The people around a child, as a worker records them through the pages: a parent and a teacher
 * added with who lives with the child and who holds parental responsibility, a brother linked
 * from his own record, former names that search then finds, and refusals in GOV.UK wording.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testEngines } from '../../test/database.ts';
import { startTestApp, type Agent, type TestApp } from '../../test/app.ts';
import { buildChild } from '../../test/factories.ts';

const person = (over: Record<string, string> = {}): Record<string, string> => ({
  relationship: 'mother', firstName: 'Maria', lastName: 'Okafor', 'dateOfBirth-day': '3', 'dateOfBirth-month': '7', 'dateOfBirth-year': '1988',
  livesWithChild: 'yes', parentalResponsibility: 'yes', phone: '07700 900982', ...over,
});

for (const engine of testEngines()) {
  describe(`the child's family and household (${engine})`, () => {
    let t: TestApp;
    let sw: Agent;
    before(async () => {
      t = await startTestApp(engine);
      sw = await t.agent('social_worker');
    });
    after(() => t.close());

    test('a parent and a teacher are added; the household, parental responsibility and family tree show them', async () => {
      const child = await buildChild(t.db, t.world, { firstName: 'Ada', lastName: 'Okafor' });
      // The worker adds the child's mother, who lives with her and holds parental responsibility.
      assert.equal((await sw.get(`/children/${child.id}/family/people/new`)).statusCode, 200);
      assert.equal((await sw.post(`/children/${child.id}/family/people/new`, person())).statusCode, 303);
      // And her teacher, who works for the school and lives elsewhere.
      const teacher = await sw.post(`/children/${child.id}/family/people/new`, person({ relationship: 'teacher', firstName: 'Tom', lastName: 'Reed', livesWithChild: 'no', parentalResponsibility: 'no', agencyId: t.world.agencies.school, 'dateOfBirth-day': '', 'dateOfBirth-month': '', 'dateOfBirth-year': '' }));
      assert.equal(teacher.statusCode, 303);

      const family = await sw.get(`/children/${child.id}/family`);
      assert.equal(family.statusCode, 200);
      const household = /data-testid="household">([\s\S]*?)<\/table>/.exec(family.body)?.[1] ?? '';
      assert.match(household, /Maria Okafor[\s\S]*Mother[\s\S]*3 July 1988[\s\S]*Yes/);
      assert.doesNotMatch(household, /Tom Reed/, 'the teacher does not live with the child');
      const tree = /data-testid="family-tree"[^>]*>([\s\S]*?)<\/ol>/.exec(family.body)?.[1] ?? '';
      assert.match(tree, /Parents and their generation[\s\S]*Maria Okafor<\/a>, mother[\s\S]*Lives with the child[\s\S]*Parental responsibility/);
      assert.match(tree, /Professionals[\s\S]*Tom Reed<\/a>, teacher or designated safeguarding lead \(School\)/);

      // The child's own page lists both, with the link to the family tree.
      const page = await sw.get(`/children/${child.id}`);
      assert.match(page.body, /data-testid="family"[\s\S]*Maria Okafor[\s\S]*Tom Reed/);
      const audit = await t.db.selectFrom('audit_event').select('action').where('record_id', '=', child.id).where('action', '=', 'child.family.person.add').execute();
      assert.equal(audit.length, 2);
    });

    test('a person’s details are corrected, and the change is audited with what it was before', async () => {
      const child = await buildChild(t.db, t.world);
      await sw.post(`/children/${child.id}/family/people/new`, person({ relationship: 'parent_partner', firstName: 'Lee', lastName: 'Grant', parentalResponsibility: 'no' }));
      const rel = await t.db.selectFrom('child_relationship').select('id').where('child_id', '=', child.id).executeTakeFirstOrThrow();
      const form = await sw.get(`/children/${child.id}/family/${rel.id}/edit`);
      assert.match(form.body, /value="Lee"/);
      assert.equal((await sw.post(`/children/${child.id}/family/${rel.id}/edit`, person({ relationship: 'step_parent', firstName: 'Lee', lastName: 'Grant', livesWithChild: 'no', parentalResponsibility: 'yes' }))).statusCode, 303);
      const row = await t.db.selectFrom('child_relationship').selectAll().where('id', '=', rel.id).executeTakeFirstOrThrow();
      assert.deepEqual([row.relationship, row.lives_with_child, row.has_parental_responsibility], ['step_parent', false, true]);
      const event = await t.db.selectFrom('audit_event').select('detail').where('record_id', '=', child.id).where('action', '=', 'child.family.person.change').executeTakeFirstOrThrow();
      assert.deepEqual((event.detail as { from: unknown }).from, { relationship: 'parent_partner', livesWithChild: true, parentalResponsibility: false });
    });

    test('a form with problems is refused with an error summary naming each field, and nothing is saved', async () => {
      const child = await buildChild(t.db, t.world);
      const bad = await sw.post(`/children/${child.id}/family/people/new`, { relationship: 'gp', firstName: '', lastName: '', 'dateOfBirth-day': '31', 'dateOfBirth-month': '2', 'dateOfBirth-year': '1990', email: 'not-an-email', parentalResponsibility: 'yes' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /There is a problem/);
      for (const [href, text] of [
        ['firstName', 'Enter the person’s first name or last name'], ['dateOfBirth', 'Date of birth must be a real date'],
        ['email', 'Enter an email address in the correct format, like name@example.com'], ['livesWithChild', 'Select whether this person lives with the child'],
        ['agencyId', 'Select the agency the professional works for'], ['parentalResponsibility', 'A professional working with the child does not hold parental responsibility'],
      ]) assert.match(bad.body, new RegExp(`href="#${href}">${text}`), href);
      const count = await t.db.selectFrom('child_relationship').select((eb) => eb.fn.countAll<number>().as('n')).where('child_id', '=', child.id).executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 0);
    });

    test('a brother with his own record is linked: each record shows the other, and the household counts him', async () => {
      const child = await buildChild(t.db, t.world, { firstName: 'Ada', lastName: 'Mensah' });
      const brother = await buildChild(t.db, t.world, { firstName: 'Kofi', lastName: 'Mensah', dateOfBirth: '2012-02-02' });
      const unknown = await sw.post(`/children/${child.id}/family/children/new`, { laChildId: 'NO-SUCH', relationship: 'sibling', livesTogether: 'yes' });
      assert.match(unknown.body, /href="#laChildId">There is no current record with that LA child ID/);
      const itself = await sw.post(`/children/${child.id}/family/children/new`, { laChildId: child.la_child_id, relationship: 'sibling', livesTogether: 'yes' });
      assert.match(itself.body, /Enter the LA child ID of another child, not this one/);
      assert.equal((await sw.post(`/children/${child.id}/family/children/new`, { laChildId: brother.la_child_id, relationship: 'sibling', livesTogether: 'yes' })).statusCode, 303);
      // Linking again changes the link rather than duplicating it.
      assert.equal((await sw.post(`/children/${child.id}/family/children/new`, { laChildId: brother.la_child_id, relationship: 'half_sibling', livesTogether: 'yes' })).statusCode, 303);

      const mine = await sw.get(`/children/${child.id}/family`);
      assert.match(/data-testid="household">([\s\S]*?)<\/table>/.exec(mine.body)?.[1] ?? '', new RegExp(`href="/children/${brother.id}">Kofi Mensah[\\s\\S]*Half-brother or half-sister[\\s\\S]*2 February 2012`));
      const his = await sw.get(`/children/${brother.id}/family`);
      assert.match(his.body, new RegExp(`href="/children/${child.id}">Ada Mensah</a>, half-brother or half-sister`));
      const links = await t.db.selectFrom('child_relationship').select(['child_id', 'relationship']).where('related_child_id', 'in', [child.id, brother.id]).execute();
      assert.equal(links.length, 2);
      assert.ok(links.every((l) => l.relationship === 'half_sibling'));
      const audited = await t.db.selectFrom('audit_event').select('record_id').where('action', '=', 'child.family.sibling.link').where('record_id', 'in', [child.id, brother.id]).execute();
      assert.deepEqual(new Set(audited.map((a) => a.record_id)), new Set([child.id, brother.id]));
    });

    test('when a brother’s duplicate record is merged, the link follows to the surviving record', async () => {
      const child = await buildChild(t.db, t.world, { firstName: 'Ola', lastName: 'Merge' });
      const duplicate = await buildChild(t.db, t.world, { firstName: 'Sam', lastName: 'Merge', dateOfBirth: '2013-03-03' });
      const survivor = await buildChild(t.db, t.world, { firstName: 'Samuel', lastName: 'Merge', dateOfBirth: '2013-03-03' });
      await sw.post(`/children/${child.id}/family/children/new`, { laChildId: duplicate.la_child_id, relationship: 'sibling', livesTogether: 'yes' });
      const manager = await t.agent('team_manager');
      await manager.get(`/children/${survivor.id}/merge`);
      assert.equal((await manager.post(`/children/${survivor.id}/merge`, { duplicate: duplicate.la_child_id })).statusCode, 303);
      const family = await sw.get(`/children/${child.id}/family`);
      assert.match(family.body, new RegExp(`href="/children/${survivor.id}">Samuel Merge`));
      // The survivor took over the duplicate's side of the link too.
      assert.match((await sw.get(`/children/${survivor.id}/family`)).body, new RegExp(`href="/children/${child.id}">Ola Merge`));
    });

    test('a restricted record cannot be linked by someone who cannot open it', async () => {
      const child = await buildChild(t.db, t.world);
      const restricted = await buildChild(t.db, t.world, { restriction: 'high_profile' });
      const refused = await sw.post(`/children/${child.id}/family/children/new`, { laChildId: restricted.la_child_id, relationship: 'sibling', livesTogether: 'no' });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /You cannot open that child’s record, so you cannot link it/);
    });

    test('former names are added and corrected; search finds the child by a former name', async () => {
      const child = await buildChild(t.db, t.world, { firstName: 'Jade', lastName: 'Whitfield', dateOfBirth: '2014-05-05' });
      const current = await sw.post(`/children/${child.id}/former-names/new`, { firstName: 'Jade', lastName: 'Whitfield' });
      assert.match(current.body, /This is the child’s current name/);
      const early = await sw.post(`/children/${child.id}/former-names/new`, { firstName: 'Jade', lastName: 'Brennan', 'untilDate-day': '1', 'untilDate-month': '1', 'untilDate-year': '2010' });
      assert.match(early.body, /href="#untilDate">Date the name stopped being used must be on or after the child’s date of birth/);
      assert.equal((await sw.post(`/children/${child.id}/former-names/new`, { firstName: 'Jade', lastName: 'Brenan', 'untilDate-day': '1', 'untilDate-month': '9', 'untilDate-year': '2020' })).statusCode, 303);
      const again = await sw.post(`/children/${child.id}/former-names/new`, { firstName: 'jade', lastName: 'brenan' });
      assert.match(again.body, /This former name is already on the child’s record/);

      // The worker corrects a misspelling.
      const name = await t.db.selectFrom('child_former_name').select('id').where('child_id', '=', child.id).executeTakeFirstOrThrow();
      assert.match((await sw.get(`/children/${child.id}/former-names/${name.id}/edit`)).body, /value="Brenan"/);
      assert.equal((await sw.post(`/children/${child.id}/former-names/${name.id}/edit`, { firstName: 'Jade', lastName: 'Brennan', 'untilDate-day': '1', 'untilDate-month': '9', 'untilDate-year': '2020' })).statusCode, 303);

      const page = await sw.get(`/children/${child.id}`);
      assert.match(page.body, /Former names[\s\S]*Jade Brennan/);
      const family = await sw.get(`/children/${child.id}/family`);
      assert.match(family.body, /Jade Brennan, used until 1 September 2020/);
      const found = await sw.get('/children?q=Jade+Brennan');
      assert.match(found.body, new RegExp(`/children/${child.id}`));
      const actions = await t.db.selectFrom('audit_event').select('action').where('record_id', '=', child.id).where('action', 'like', 'child.former-name.%').where('outcome', '=', 'succeeded').execute();
      assert.deepEqual(actions.map((a) => a.action).sort(), ['child.former-name.add', 'child.former-name.change']);
    });

    test('only those who may change the record may change the family; a partner agency sees neither page', async () => {
      const elsewhere = await buildChild(t.db, t.world, { allocatedWorkerId: t.world.users.team_manager.id, teamId: t.world.teams.childProtection });
      assert.equal((await sw.post(`/children/${elsewhere.id}/family/people/new`, person())).statusCode, 403);
      assert.equal((await sw.post(`/children/${elsewhere.id}/former-names/new`, { firstName: 'A', lastName: 'B' })).statusCode, 403);
      // The worker may still read the family of a child they may read.
      const read = await sw.get(`/children/${elsewhere.id}/family`);
      assert.equal(read.statusCode, 200);
      assert.doesNotMatch(read.body, /Add a family member/);
      const partner = await t.agent('partner_practitioner');
      assert.equal((await partner.get(`/children/${elsewhere.id}/family`)).statusCode, 403);
      const denied = await t.db.selectFrom('audit_event').select('outcome').where('record_id', '=', elsewhere.id).where('action', '=', 'child.family.person.open').execute();
      assert.deepEqual(denied.map((d) => d.outcome), ['denied']);
    });
  });
}
