/**
 * Allocating a child's case: a team manager gives it to a social worker of the team, the case
 * moves from one worker's tray to the other's, the social worker history follows, and the change
 * is audited. A social worker cannot allocate.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testEngines } from '../../test/database.ts';
import { dateFields } from '../../test/forms.ts';
import { startTestApp, type Agent, type TestApp } from '../../test/app.ts';
import { buildChild, TEST_PASSWORD } from '../../test/factories.ts';
import { today } from './service.ts';

for (const engine of testEngines()) {
  describe(`allocating a case (${engine})`, () => {
    let t: TestApp;
    let manager: Agent;
    let sw: Agent;
    let colleague: Agent;
    let colleagueId: string;
    before(async () => {
      t = await startTestApp(engine);
      manager = await t.agent('team_manager');
      sw = await t.agent('social_worker');
      // A second social worker in the assessment team, and one in another team.
      const hash = t.world.users.social_worker.password_hash;
      colleagueId = (await t.db.insertInto('app_user').values({ la_code: t.world.laCode, email: 'colleague@309.test', display_name: 'Priya Colleague', role: 'social_worker', agency_id: t.world.agencies.council, team_id: t.world.teams.assessment, password_hash: hash, oidc_issuer: null, oidc_subject: null }).returning('id').executeTakeFirstOrThrow()).id;
      await t.db.insertInto('app_user').values({ la_code: t.world.laCode, email: 'other-team@309.test', display_name: 'Otto Otherteam', role: 'social_worker', agency_id: t.world.agencies.council, team_id: t.world.teams.childProtection, password_hash: hash, oidc_issuer: null, oidc_subject: null }).execute();
      colleague = await t.agent();
      await colleague.signIn('colleague@309.test', TEST_PASSWORD);
    });
    after(() => t.close());

    test('a team manager reallocates a case to a colleague; the work trays follow', async () => {
      const child = await buildChild(t.db, t.world, { firstName: 'Tray', lastName: 'Mover' });
      // The allocated worker records a referral, so an assessment falls due on the case.
      assert.equal((await sw.post(`/children/${child.id}/referrals/new`, { ...dateFields('referralDate', today()), referralSource: '5A', primaryNeed: 'N1', referralNfa: 'no' })).statusCode, 303);
      assert.match((await sw.get('/work-tray')).body, new RegExp(`/children/${child.id}`));
      assert.doesNotMatch((await colleague.get('/work-tray')).body, new RegExp(`/children/${child.id}`));

      // The manager sees only social workers of the team to choose from.
      const form = await manager.get(`/children/${child.id}/allocation`);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /Allocated to Test social_worker/);
      assert.match(form.body, /Priya Colleague/);
      assert.doesNotMatch(form.body, /Otto Otherteam/);
      assert.equal((await manager.post(`/children/${child.id}/allocation`, { workerId: colleagueId })).statusCode, 303);

      assert.doesNotMatch((await sw.get('/work-tray')).body, new RegExp(`/children/${child.id}`));
      assert.match((await colleague.get('/work-tray')).body, new RegExp(`/children/${child.id}`));
      const page = await manager.get(`/children/${child.id}`);
      assert.match(page.body, /Allocated to[\s\S]*Priya Colleague[\s\S]*Reallocate/);
      const episode = await t.db.selectFrom('cin_episode').select('allocated_worker_id').where('child_id', '=', child.id).executeTakeFirstOrThrow();
      assert.equal(episode.allocated_worker_id, colleagueId);
      const history = await t.db.selectFrom('sw_episode').select(['sw_id', 'sw_decom', 'sw_dec']).where('child_id', '=', child.id).execute();
      assert.deepEqual(history, [{ sw_id: colleagueId, sw_decom: today(), sw_dec: null }]);
      const audit = await t.db.selectFrom('audit_event').select(['actor_user_id', 'detail']).where('record_id', '=', child.id).where('action', '=', 'child.allocate').executeTakeFirstOrThrow();
      assert.equal(audit.actor_user_id, t.world.users.team_manager.id);
      assert.deepEqual(audit.detail, { from: { workerId: t.world.users.social_worker.id, teamId: t.world.teams.assessment }, to: { workerId: colleagueId, teamId: t.world.teams.assessment } });
      // The previous worker can no longer record on the case; the new one can.
      assert.equal((await sw.get(`/children/${child.id}/contacts/new`)).statusCode, 403);
      assert.equal((await colleague.get(`/children/${child.id}/contacts/new`)).statusCode, 200);
    });

    test('a worker outside the manager’s team cannot be chosen, and nothing changes', async () => {
      const child = await buildChild(t.db, t.world);
      const outsider = await t.db.selectFrom('app_user').select('id').where('email', '=', 'other-team@309.test').executeTakeFirstOrThrow();
      const refused = await manager.post(`/children/${child.id}/allocation`, { workerId: outsider.id });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /There is a problem[\s\S]*href="#workerId">Select a social worker in your team/);
      const after = await t.db.selectFrom('child').select('allocated_worker_id').where('id', '=', child.id).executeTakeFirstOrThrow();
      assert.equal(after.allocated_worker_id, t.world.users.social_worker.id);
    });

    test('a new, unallocated child can be taken into the manager’s team; another team’s case cannot be touched', async () => {
      const unallocated = await buildChild(t.db, t.world, { teamId: null, allocatedWorkerId: null });
      assert.match((await manager.get(`/children/${unallocated.id}/allocation`)).body, /Not allocated to a social worker/);
      assert.equal((await manager.post(`/children/${unallocated.id}/allocation`, { workerId: colleagueId })).statusCode, 303);
      const row = await t.db.selectFrom('child').select(['team_id', 'allocated_worker_id']).where('id', '=', unallocated.id).executeTakeFirstOrThrow();
      assert.deepEqual(row, { team_id: t.world.teams.assessment, allocated_worker_id: colleagueId });

      const otherTeams = await buildChild(t.db, t.world, { teamId: t.world.teams.childProtection, allocatedWorkerId: null });
      assert.equal((await manager.post(`/children/${otherTeams.id}/allocation`, { workerId: colleagueId })).statusCode, 403);
    });

    test('a social worker cannot allocate, and the refusal is audited', async () => {
      const child = await buildChild(t.db, t.world);
      assert.equal((await sw.get(`/children/${child.id}/allocation`)).statusCode, 403);
      assert.equal((await sw.post(`/children/${child.id}/allocation`, { workerId: colleagueId })).statusCode, 403);
      const row = await t.db.selectFrom('child').select('allocated_worker_id').where('id', '=', child.id).executeTakeFirstOrThrow();
      assert.equal(row.allocated_worker_id, t.world.users.social_worker.id);
      assert.doesNotMatch((await sw.get(`/children/${child.id}`)).body, /Reallocate/);
      const denied = await t.db.selectFrom('audit_event').select('detail').where('actor_user_id', '=', t.world.users.social_worker.id).where('action', '=', 'child.allocate').where('outcome', '=', 'denied').execute();
      assert.equal(denied.length, 2);
      assert.deepEqual(denied[0]!.detail, { route: '/children/:id/allocation' });
    });
  });
}
