/**
 * Recording a child's journey through the pages (as a worker's browser would post them): each step
 * saved with its audit event, statutory rules refused with GOV.UK wording and nothing saved, and
 * the clocks and chronology following the record.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testEngines } from '../../test/database.ts';
import { dateFields } from '../../test/forms.ts';
import { startTestApp, type Agent, type TestApp } from '../../test/app.ts';
import { buildChild } from '../../test/factories.ts';
import { addWorkingDays } from '../../core/calendar/index.ts';
import { today } from './service.ts';

for (const engine of testEngines()) {
  describe(`the child's journey (${engine})`, () => {
    let t: TestApp;
    let sw: Agent;
    before(async () => {
      t = await startTestApp(engine);
      sw = await t.agent('social_worker');
    });
    after(() => t.close());

    test('a referral opens an assessment clock due 45 working days later, shown on the record', async () => {
      const child = await buildChild(t.db, t.world, { firstName: 'Clock', lastName: 'Watcher', dateOfBirth: '2016-01-01' });
      const referral = addWorkingDays(today(), 0);
      const saved = await sw.post(`/children/${child.id}/referrals/new`, { ...dateFields('referralDate', referral), referralSource: '5A', primaryNeed: 'N1', referralNfa: 'no' });
      assert.equal(saved.statusCode, 303);
      const page = await sw.get(`/children/${child.id}`);
      assert.match(page.body, /Child and family assessment authorised/);
      const due = addWorkingDays(referral, 45);
      const [y, m, d] = due.split('-').map(Number);
      const dueText = new Date(Date.UTC(y!, m! - 1, d!)).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
      assert.match(page.body, new RegExp(dueText));
      assert.match(page.body, /45 working days left/);
      const audit = await t.db.selectFrom('audit_event').select(['action', 'detail']).where('record_id', '=', child.id).where('action', '=', 'journey.referral').execute();
      assert.equal(audit.length, 1);
    });

    test('a statutory rule is refused with the rule named, and nothing is saved', async () => {
      const child = await buildChild(t.db, t.world, { dateOfBirth: '2016-01-01' });
      await sw.post(`/children/${child.id}/referrals/new`, { ...dateFields('referralDate', '2025-06-02'), referralSource: '5A', primaryNeed: 'N1', referralNfa: 'no' });
      const episode = await t.db.selectFrom('cin_episode').select('id').where('child_id', '=', child.id).executeTakeFirstOrThrow();
      const early = await sw.post(`/children/${child.id}/episodes/${episode.id}/assessments/new`, dateFields('startDate', '2025-05-30'));
      assert.equal(early.statusCode, 400);
      assert.match(early.body, /There is a problem/);
      assert.match(early.body, /cannot be before the referral date \(CIN rule 1103\)/);
      const notReal = await sw.post(`/children/${child.id}/episodes/${episode.id}/assessments/new`, { 'startDate-day': '31', 'startDate-month': '2', 'startDate-year': '2025' });
      assert.match(notReal.body, /Date the assessment started must be a real date/);
      const future = await sw.post(`/children/${child.id}/episodes/${episode.id}/assessments/new`, dateFields('startDate', '2099-01-01'));
      assert.match(future.body, /must be today or in the past/);
      const count = await t.db.selectFrom('assessment').select((eb) => eb.fn.countAll<number>().as('n')).where('child_id', '=', child.id).executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 0);
    });

    test('an assessment authorised late needs a reason, and the clock then shows it late', async () => {
      const child = await buildChild(t.db, t.world, { dateOfBirth: '2016-01-01' });
      await sw.post(`/children/${child.id}/referrals/new`, { ...dateFields('referralDate', '2025-04-01'), referralSource: '5A', primaryNeed: 'N1', referralNfa: 'no' });
      const episode = await t.db.selectFrom('cin_episode').select('id').where('child_id', '=', child.id).executeTakeFirstOrThrow();
      await sw.post(`/children/${child.id}/episodes/${episode.id}/assessments/new`, dateFields('startDate', '2025-04-02'));
      const assessment = await t.db.selectFrom('assessment').select('id').where('child_id', '=', child.id).executeTakeFirstOrThrow();
      const noReason = await sw.post(`/children/${child.id}/assessments/${assessment.id}/authorise`, { ...dateFields('authorisationDate', '2025-06-10'), factors: '3A', outcome: 'cin_plan' });
      assert.equal(noReason.statusCode, 400);
      assert.match(noReason.body, /Enter why the assessment took longer than 45 working days \(it was due by 2025-06-09\)/);
      const ok = await sw.post(`/children/${child.id}/assessments/${assessment.id}/authorise`, { ...dateFields('authorisationDate', '2025-06-10'), factors: '3A', outcome: 'cin_plan', extensionReason: 'Family abroad for three weeks' });
      assert.equal(ok.statusCode, 303);
      const row = await t.db.selectFrom('assessment').selectAll().where('id', '=', assessment.id).executeTakeFirstOrThrow();
      assert.deepEqual([row.authorisation_date, row.factors, row.extension_signed_off_by], ['2025-06-10', ['3A'], t.world.users.social_worker.id]);
    });

    test('only the allocated worker, their team manager and MASH managers may record; others may read', async () => {
      const child = await buildChild(t.db, t.world, { dateOfBirth: '2016-01-01' });
      const form = { ...dateFields('referralDate', '2025-06-02'), referralSource: '5A', primaryNeed: 'N1', referralNfa: 'no' };
      assert.equal((await (await t.agent('lado')).post(`/children/${child.id}/referrals/new`, form)).statusCode, 403);
      assert.equal((await (await t.agent('team_manager')).post(`/children/${child.id}/referrals/new`, form)).statusCode, 303);
      assert.equal((await (await t.agent('lado')).get(`/children/${child.id}`)).statusCode, 200);
    });

    test('the chronology lists every step in date order, can be filtered, marked and exported (audited)', async () => {
      const child = await buildChild(t.db, t.world, { dateOfBirth: '2016-01-01' });
      await sw.post(`/children/${child.id}/referrals/new`, { ...dateFields('referralDate', '2025-06-02'), referralSource: '5A', primaryNeed: 'N1', referralNfa: 'no' });
      const episode = await t.db.selectFrom('cin_episode').select('id').where('child_id', '=', child.id).executeTakeFirstOrThrow();
      await sw.post(`/children/${child.id}/episodes/${episode.id}/strategy-discussions/new`, { ...dateFields('heldOn', '2025-06-03'), decision: 's47_joint' });
      const page = await sw.get(`/children/${child.id}/chronology`);
      const rows = [...page.body.matchAll(/<tr class="govuk-table__row">\s*<td class="govuk-table__cell">([^<]+)<\/td>\s*<td class="govuk-table__cell">([^<]+)<\/td>/g)].map((m) => [m[1], m[2]]);
      assert.deepEqual(rows, [['2 June 2025', 'Referral'], ['3 June 2025', 'Strategy discussion'], ['3 June 2025', 'Section 47 enquiry started']]);
      assert.match(page.body, /Section 47 \(joint with police\)/);
      const filtered = await sw.get(`/children/${child.id}/chronology?stage=section47`);
      assert.doesNotMatch(filtered.body, />Referral</);
      await sw.post(`/children/${child.id}/chronology/marks`, { eventKey: `strategy:${(await t.db.selectFrom('strategy_discussion').select('id').where('child_id', '=', child.id).executeTakeFirstOrThrow()).id}`, significant: 'yes' });
      const significant = await sw.get(`/children/${child.id}/chronology?significant=yes`);
      assert.match(significant.body, /1 events|>1 events</);
      const csv = await sw.get(`/children/${child.id}/chronology?format=csv`);
      assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
      assert.match(csv.body, /^date,stage,event,detail,significant\r\n"2025-06-02","referral","Referral"/);
      const exported = await t.db.selectFrom('audit_event').select('action').where('record_id', '=', child.id).where('action', '=', 'child.chronology.export').execute();
      assert.equal(exported.length, 1);
    });

    test('the work tray lists what falls due on the worker’s cases, overdue first', async () => {
      const overdue = await buildChild(t.db, t.world, { firstName: 'Overdue', lastName: 'Case', dateOfBirth: '2016-01-01' });
      const fresh = await buildChild(t.db, t.world, { firstName: 'Fresh', lastName: 'Case', dateOfBirth: '2016-01-01' });
      await sw.post(`/children/${overdue.id}/referrals/new`, { ...dateFields('referralDate', '2025-01-06'), referralSource: '5A', primaryNeed: 'N1', referralNfa: 'no' });
      await sw.post(`/children/${fresh.id}/referrals/new`, { ...dateFields('referralDate', today()), referralSource: '5A', primaryNeed: 'N1', referralNfa: 'no' });
      const tray = await sw.get('/work-tray');
      assert.equal(tray.statusCode, 200);
      const order = [...tray.body.matchAll(/href="\/children\/([0-9a-f-]+)">/g)].map((m) => m[1]);
      assert.ok(order.indexOf(overdue.id) >= 0 && order.indexOf(fresh.id) > order.indexOf(overdue.id), 'overdue case listed before the fresh one');
    });
  });
}
