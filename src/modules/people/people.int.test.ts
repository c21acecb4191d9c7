/**
 * Opening children's records through the policy and the audit trail: searches and views are
 * recorded, restricted records need a named exception or a break-glass reason (flagged to
 * managers), the member of staff a record concerns never opens it, and managers see who looked.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { testEngines } from '../../test/database.ts';
import { startTestApp, Agent, type TestApp } from '../../test/app.ts';
import { buildChild, emailFor, TEST_PASSWORD } from '../../test/factories.ts';
import { buildApp } from '../../server.ts';
import { loggerOptions } from '../../core/log.ts';

for (const engine of testEngines()) {
  describe(`children's records (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(() => t.close());

    test('a search is audited with its terms, and a view with the record opened', async () => {
      const child = await buildChild(t.db, t.world, { firstName: 'Oluwaseun', lastName: 'Adebayo' });
      const sw = await t.agent('social_worker');
      const results = await sw.get('/children?q=seun%20adeb');
      assert.match(results.body, /Oluwaseun Adebayo/);
      await sw.get(`/children/${child.id}`);
      const events = await t.db.selectFrom('audit_event').select(['action', 'record_id', 'outcome', 'actor_user_id', 'detail']).where('actor_user_id', '=', t.world.users.social_worker.id).where('action', 'in', ['child.search', 'child.view']).orderBy('seq').execute();
      assert.deepEqual(events.map((e) => [e.action, e.record_id, e.outcome]), [['child.search', null, 'allowed'], ['child.view', child.id, 'allowed']]);
      assert.deepEqual(events[0]!.detail, { query: 'seun adeb', terms: { name: 'seun adeb' }, results: 1 });
    });

    test('a partner practitioner opens only children their agency leads, and the refusal is audited', async () => {
      const theirs = await buildChild(t.db, t.world, { leadAgencyId: t.world.agencies.school });
      const notTheirs = await buildChild(t.db, t.world, { leadAgencyId: t.world.agencies.police });
      const partner = await t.agent('partner_practitioner');
      assert.equal((await partner.get(`/children/${theirs.id}`)).statusCode, 200);
      assert.equal((await partner.get(`/children/${notTheirs.id}`)).statusCode, 403);
      const denied = await t.db.selectFrom('audit_event').select('detail').where('record_id', '=', notTheirs.id).where('outcome', '=', 'denied').executeTakeFirstOrThrow();
      assert.deepEqual(denied.detail, { reason: 'out-of-scope' });
    });

    test('a restricted record: the named exception opens it, others must break glass, the related member of staff never', async () => {
      const child = await buildChild(t.db, t.world, { restriction: 'staff_relative' });
      await t.db.insertInto('record_access_rule').values([
        { la_code: '309', record_type: 'child', record_id: child.id, user_id: t.world.users.team_manager.id, rule: 'allow', reason: 'Manages the case', granted_by: null },
        { la_code: '309', record_type: 'child', record_id: child.id, user_id: t.world.users.mash_practitioner.id, rule: 'exclude', reason: 'Related to the child', granted_by: null },
      ]).execute();

      // Named exception: straight in.
      assert.equal((await (await t.agent('team_manager')).get(`/children/${child.id}`)).statusCode, 200);

      // Someone else: asked for a reason; too short a reason is refused with a GOV.UK error.
      const lado = await t.agent('lado');
      const gate = await lado.get(`/children/${child.id}`);
      assert.equal(gate.statusCode, 403);
      assert.match(gate.body, /This record is restricted/);
      const short = await lado.post(`/children/${child.id}/break-glass`, { reason: 'need it' });
      assert.equal(short.statusCode, 400);
      assert.match(short.body, /Enter why you need to open this restricted record/);
      const opened = await lado.post(`/children/${child.id}/break-glass`, { reason: 'Allegation strategy meeting needs the history now' });
      assert.equal(opened.statusCode, 303);
      const page = await lado.get(`/children/${child.id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /opened this restricted record by break-glass/);

      // The break-glass is audited with its reason and flagged to managers.
      const event = await t.db.selectFrom('audit_event').select(['purpose', 'break_glass']).where('record_id', '=', child.id).where('actor_user_id', '=', t.world.users.lado.id).where('outcome', '=', 'allowed').orderBy('seq').executeTakeFirstOrThrow();
      assert.deepEqual(event, { purpose: 'Allegation strategy meeting needs the history now', break_glass: true });
      const manager = await t.agent('mash_manager');
      const alerts = await manager.get('/break-glass');
      assert.match(alerts.body, /Allegation strategy meeting needs the history now/);
      assert.match((await manager.get('/')).body, /break-glass opening/);

      // One grant and one view in the trail: the opening is not counted twice.
      const trail = await t.db.selectFrom('audit_event').select(['action', 'outcome', 'break_glass']).where('record_id', '=', child.id).where('actor_user_id', '=', t.world.users.lado.id).orderBy('seq').execute();
      assert.deepEqual(trail.map((e) => [e.action, e.outcome, e.break_glass]), [
        ['child.view', 'denied', false],
        ['child.break-glass', 'allowed', true],
        ['child.view', 'allowed', true],
      ]);

      // A role that may not break glass cannot raise the alert either.
      const analyst = await t.agent('performance_analyst');
      assert.equal((await analyst.post(`/children/${child.id}/break-glass`, { reason: 'Checking the census figures for this child' })).statusCode, 403);
      assert.equal((await analyst.get(`/children/${child.id}`)).statusCode, 403);

      // The member of staff the record concerns: refused, with no break-glass offered.
      const relative = await t.agent('mash_practitioner');
      const refused = await relative.get(`/children/${child.id}`);
      assert.equal(refused.statusCode, 403);
      assert.doesNotMatch(refused.body, /Why do you need to open this record/);
      assert.equal((await relative.post(`/children/${child.id}/break-glass`, { reason: 'I want to see my family record' })).statusCode, 403);
    });

    test('break-glass on a record that is not restricted raises no alert', async () => {
      const child = await buildChild(t.db, t.world);
      const sw = await t.agent('social_worker');
      const response = await sw.post(`/children/${child.id}/break-glass`, { reason: 'No glass to break here at all' });
      assert.equal(response.statusCode, 303);
      const alerts = await t.db.selectFrom('break_glass_alert').select('id').where('record_id', '=', child.id).execute();
      assert.deepEqual(alerts, []);
    });

    test('"who has viewed this record" lists each viewer with counts and break-glass, for managers only', async () => {
      const child = await buildChild(t.db, t.world);
      await (await t.agent('social_worker')).get(`/children/${child.id}`);
      const lado = await t.agent('lado');
      await lado.get(`/children/${child.id}`);
      await lado.get(`/children/${child.id}`);
      const manager = await t.agent('team_manager');
      const page = await manager.get(`/children/${child.id}/viewers`);
      assert.equal(page.statusCode, 200);
      const rows = [...page.body.matchAll(/<tr class="govuk-table__row">\s*<td class="govuk-table__cell">([^<]+)<br>[\s\S]*?govuk-table__cell--numeric">(\d+)</g)].map((m) => [m[1]!.trim(), m[2]]);
      assert.deepEqual(rows, [['Test lado', '2'], ['Test social_worker', '1']]);
      assert.equal((await (await t.agent('social_worker')).get(`/children/${child.id}/viewers`)).statusCode, 403);
    });

    test('log lines never carry a child’s name or identifier', async () => {
      const lines: string[] = [];
      const stream = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
      const app = await buildApp({ db: t.db, config: t.config, engine }, { logger: { ...(loggerOptions('trace') as object), stream } });
      await app.ready();
      try {
        const child = await buildChild(t.db, t.world, { firstName: 'Zebedee', lastName: 'Quartermaine' });
        const agent = new Agent(app);
        await agent.signIn(emailFor('social_worker'), TEST_PASSWORD);
        await agent.get('/children?q=Quartermaine');
        await agent.get(`/children/${child.id}`);
        await agent.get(`/children/${child.id}/viewers`);
        const log = lines.join('');
        assert.ok(lines.length > 5, 'requests were logged');
        for (const secret of ['Zebedee', 'Quartermaine', child.id, child.la_child_id, emailFor('social_worker')]) {
          assert.equal(log.includes(secret), false, `log contains ${secret}`);
        }
        assert.match(log, /"route":"\/children\/:id"/);
      } finally {
        await app.close();
      }
    });
  });
}
