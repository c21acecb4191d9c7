/**
 * The front door through its pages, as hub staff and partner practitioners' browsers post them:
 * a contact from the portal, screening with a rating history, research for hub agencies, matching
 * the child, the decision clock and the journey step it opens, the strategy discussion, feedback by
 * real email, the consultation line, the huddle and the figures; and who may see what.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testEngines } from '../../test/database.ts';
import { startTestApp, type Agent, type TestApp } from '../../test/app.ts';
import { emailFor, TEST_PASSWORD } from '../../test/factories.ts';
import { addWorkingDays, addWorkingHours, londonDateOf } from '../../core/calendar/index.ts';
import { verifyAuditChain } from '../../core/audit.ts';
import { reportingYearOf } from '../../core/dates.ts';
import { mashMetrics } from './metrics.ts';
import { addAgency, addUser, dateFields, portalContactForm, startMailServer } from './test-support.ts';

const idFrom = (location: string | string[] | number | undefined): string => /([0-9a-f-]{36})/.exec(String(location))![1]!;

for (const engine of testEngines()) {
  describe(`the front door (${engine})`, () => {
    let t: TestApp;
    let mail: Awaited<ReturnType<typeof startMailServer>>;
    let school: Agent;
    let manager: Agent;
    let health: string;
    let policeHub: Agent;
    let healthHub: Agent;
    let otherSchool: Agent;
    let contactId: string;

    const signIn = async (email: string): Promise<Agent> => {
      const agent = await t.agent();
      await agent.signIn(email, TEST_PASSWORD);
      return agent;
    };

    before(async () => {
      mail = await startMailServer();
      process.env.HAVEN_SMTP_URL = mail.url;
      t = await startTestApp(engine);
      health = await addAgency(t, 'Health board', 'health');
      const otherSchoolId = await addAgency(t, 'Other school', 'school');
      school = await t.agent('partner_practitioner');
      manager = await t.agent('mash_manager');
      policeHub = await signIn((await addUser(t, 'mash_practitioner', t.world.agencies.police, 'Police researcher')).email);
      healthHub = await signIn((await addUser(t, 'mash_practitioner', health, 'Health researcher')).email);
      otherSchool = await signIn((await addUser(t, 'partner_practitioner', otherSchoolId, 'Other teacher')).email);
    });
    after(async () => {
      await t.close();
      await mail.close();
      delete process.env.HAVEN_SMTP_URL;
    });

    test('a school sends a contact from the portal; it joins the hub’s queue with its decision due in 1 working day', async () => {
      await school.get('/portal/contacts/new');
      const missing = await school.post('/portal/contacts/new', portalContactForm({ concerns: '', consentState: 'not_sought', consentReason: '' }));
      assert.equal(missing.statusCode, 400);
      assert.match(missing.body, /Enter what you are worried about/);
      assert.match(missing.body, /Enter why consent was not sought/);

      const sent = await school.post('/portal/contacts/new', portalContactForm());
      assert.equal(sent.statusCode, 303);
      contactId = idFrom(sent.headers.location);
      const page = await school.get(String(sent.headers.location));
      assert.match(page.body, /Contact sent/);
      assert.match(page.body, /MASH-\d{6}/);

      const row = await t.db.selectFrom('contact as c').innerJoin('mash_contact as m', 'm.contact_id', 'c.id').selectAll().where('c.id', '=', contactId).executeTakeFirstOrThrow();
      assert.equal(row.door, 'portal');
      assert.equal(row.source, '2A', 'a school’s contact takes CIN source 2A');
      assert.equal(row.referrer_agency_id, t.world.agencies.school);
      assert.equal(row.decision_due_on, addWorkingDays(row.contact_date, 1));

      const queue = await manager.get('/front-door');
      assert.equal(queue.statusCode, 200);
      assert.match(queue.body, new RegExp(`/front-door/contacts/${contactId}`));
    });

    test('a partner practitioner sees only their own agency’s contacts and outcomes', async () => {
      const mine = await school.get('/portal');
      assert.match(mine.body, new RegExp(contactId));
      const theirs = await otherSchool.get('/portal');
      assert.doesNotMatch(theirs.body, new RegExp(contactId));
      assert.equal((await otherSchool.get(`/portal/contacts/${contactId}`)).statusCode, 403);
      // Nor the hub's pages about it.
      assert.equal((await school.get(`/front-door/contacts/${contactId}`)).statusCode, 403);
      assert.equal((await school.get('/front-door')).statusCode, 403);
      const denied = await t.db.selectFrom('audit_event').select('outcome').where('record_id', '=', contactId).where('action', '=', 'contact.outcome.view').where('outcome', '=', 'denied').execute();
      assert.equal(denied.length, 1, 'the refusal is audited');
    });

    test('a rating needs a reason to change, and its history is kept with each due time', async () => {
      const contact = await t.db.selectFrom('contact').select('received_at').where('id', '=', contactId).executeTakeFirstOrThrow();
      const screening = { rag: 'red', needLevel: '4', consentState: 'not_required', consentReason: 'Significant harm suspected', lawfulBasis: 'ca1989_s47', authoriseSharing: 'yes' };
      await manager.get(`/front-door/contacts/${contactId}/screening`);
      const incomplete = await manager.post(`/front-door/contacts/${contactId}/screening`, { ...screening, authoriseSharing: '' });
      assert.equal(incomplete.statusCode, 400);
      assert.match(incomplete.body, /Confirm that you authorise sharing information without consent/);
      assert.equal((await manager.post(`/front-door/contacts/${contactId}/screening`, screening)).statusCode, 303);

      const unexplained = await manager.post(`/front-door/contacts/${contactId}/screening`, { ...screening, rag: 'amber' });
      assert.equal(unexplained.statusCode, 400);
      assert.match(unexplained.body, /Enter why you are changing the rating/);
      let history = await t.db.selectFrom('mash_rating').selectAll().where('contact_id', '=', contactId).orderBy('rated_at').execute();
      assert.equal(history.length, 1);

      assert.equal((await manager.post(`/front-door/contacts/${contactId}/screening`, { ...screening, rag: 'amber', reason: 'Police confirm the stepfather has left the home' })).statusCode, 303);
      assert.equal((await manager.post(`/front-door/contacts/${contactId}/screening`, { ...screening, rag: 'red', reason: 'Stepfather seen returning' })).statusCode, 303);
      history = await t.db.selectFrom('mash_rating').selectAll().where('contact_id', '=', contactId).orderBy('rated_at').execute();
      assert.deepEqual(history.map((h) => [h.previous_rag, h.rag]), [[null, 'red'], ['red', 'amber'], ['amber', 'red']]);
      assert.equal(history[1]!.reason, 'Police confirm the stepfather has left the home');
      assert.equal(history[1]!.due_at.getTime(), addWorkingHours(contact.received_at!, 24).getTime(), 'Amber: 24 working hours from receipt');
      // Red is worked out of hours too: 4 working hours, or 4 hours on the clock if that comes first.
      const redDue = Math.min(addWorkingHours(contact.received_at!, 4).getTime(), contact.received_at!.getTime() + 4 * 3_600_000);
      assert.equal(history[2]!.due_at.getTime(), redDue, 'Red: 4 working hours from receipt, or 4 hours on the clock out of hours');
      const current = await t.db.selectFrom('mash_contact').select(['rag', 'rag_due_at', 'screening_version', 'need_level', 'sharing_authorised_by']).where('contact_id', '=', contactId).executeTakeFirstOrThrow();
      assert.equal(current.rag, 'red');
      assert.equal(current.screening_version, '2026.2');
      assert.equal(current.need_level, 4);
      assert.equal(current.sharing_authorised_by, t.world.users.mash_manager.id);
      // The database keeps the rule too: a change of rating without a reason is refused.
      await assert.rejects(t.db.insertInto('mash_rating').values({ la_code: t.world.laCode, contact_id: contactId, rag: 'green', previous_rag: 'red', reason: ' ', working_hours: 72, due_at: new Date(), scheme_version: 'x', rated_by: t.world.users.mash_manager.id }).execute());
      const page = await manager.get(`/front-door/contacts/${contactId}`);
      assert.match(page.body, /Stepfather seen returning/);
    });

    test('research goes to each hub agency with its own deadline; only that agency answers it', async () => {
      await manager.get(`/front-door/contacts/${contactId}/research/new`);
      assert.equal((await manager.post(`/front-door/contacts/${contactId}/research/new`, { agencyId: t.world.agencies.police, question: 'Callouts to the address?', workingHours: '' })).statusCode, 303);
      assert.equal((await manager.post(`/front-door/contacts/${contactId}/research/new`, { agencyId: health, question: 'Health visitor involvement?', workingHours: '3' })).statusCode, 303);
      const requests = await t.db.selectFrom('mash_research_request').selectAll().where('contact_id', '=', contactId).orderBy('requested_at').execute();
      assert.equal(requests.length, 2);
      assert.equal(requests[0]!.due_at.getTime(), addWorkingHours(requests[0]!.requested_at, 2).getTime(), 'Red research: 2 working hours by default');
      assert.equal(requests[1]!.due_at.getTime(), addWorkingHours(requests[1]!.requested_at, 3).getTime());

      const policeList = await policeHub.get('/front-door/research');
      assert.match(policeList.body, new RegExp(requests[0]!.id));
      assert.doesNotMatch(policeList.body, new RegExp(requests[1]!.id), 'the police see only their own agency’s requests');
      assert.equal((await policeHub.get(`/front-door/research/${requests[1]!.id}`)).statusCode, 403);
      assert.equal((await school.get(`/front-door/research/${requests[0]!.id}`)).statusCode, 403);

      await policeHub.get(`/front-door/research/${requests[0]!.id}`);
      assert.equal((await policeHub.post(`/front-door/research/${requests[0]!.id}`, { answer: '' })).statusCode, 400);
      assert.equal((await policeHub.post(`/front-door/research/${requests[0]!.id}`, { answer: 'Two domestic incidents at the address this year.' })).statusCode, 303);
      await healthHub.get(`/front-door/research/${requests[1]!.id}`);
      assert.equal((await healthHub.post(`/front-door/research/${requests[1]!.id}`, { answer: 'Known to the health visitor; missed appointments.' })).statusCode, 303);
      assert.equal((await healthHub.post(`/front-door/research/${requests[1]!.id}`, { answer: 'again' })).statusCode, 409);
      const page = await manager.get(`/front-door/contacts/${contactId}`);
      assert.match(page.body, /Two domestic incidents at the address this year\./);
    });

    test('a decision needs the child’s record; it opens the journey’s referral, tells the referrer by email, and the school sees the outcome', async () => {
      await manager.get(`/front-door/contacts/${contactId}/decision`);
      const early = await manager.post(`/front-door/contacts/${contactId}/decision`, { decision: 'strategy_discussion', reasons: 'Disclosure of physical abuse' });
      assert.equal(early.statusCode, 400);
      assert.match(early.body, /Match the contact to the child’s record/);

      const search = await manager.get(`/front-door/contacts/${contactId}/child`);
      assert.equal(search.statusCode, 200);
      assert.equal((await manager.post(`/front-door/contacts/${contactId}/child`, { create: 'yes' })).statusCode, 303);
      const child = await t.db.selectFrom('contact').select('child_id').where('id', '=', contactId).executeTakeFirstOrThrow();
      assert.ok(child.child_id);

      await manager.get(`/front-door/contacts/${contactId}/decision`);
      const decided = await manager.post(`/front-door/contacts/${contactId}/decision`, { decision: 'strategy_discussion', reasons: 'Disclosure of physical abuse; police and health information corroborates.', feedback: 'A strategy discussion is being held today. Please keep Riley in school.' });
      assert.equal(decided.statusCode, 303);
      const row = await t.db.selectFrom('mash_contact').selectAll().where('contact_id', '=', contactId).executeTakeFirstOrThrow();
      assert.equal(row.decision, 'strategy_discussion');
      assert.equal(row.decided_by, t.world.users.mash_manager.id);
      assert.equal(row.decision_date, londonDateOf(new Date()));
      const episode = await t.db.selectFrom('cin_episode').selectAll().where('child_id', '=', child.child_id!).executeTakeFirstOrThrow();
      assert.equal(episode.id, row.episode_id);
      assert.equal(episode.contact_id, contactId);
      assert.equal(episode.referral_date, row.decision_date);
      assert.equal((await t.db.selectFrom('contact').select('outcome').where('id', '=', contactId).executeTakeFirstOrThrow()).outcome, 'strategy_discussion');
      assert.equal((await manager.post(`/front-door/contacts/${contactId}/decision`, { decision: 'nfa', reasons: 'again' })).statusCode, 409);

      // The email went through a real SMTP server to the practitioner who made the contact.
      await mail.waitFor(1);
      const outcome = mail.mails.find((m) => m.to.includes(emailFor('partner_practitioner')));
      assert.ok(outcome, 'the referrer was emailed');
      assert.match(outcome.text, /Strategy discussion \(section 47\)/);
      assert.match(outcome.text, new RegExp(`/portal/contacts/${contactId}`));
      assert.doesNotMatch(outcome.text, /Riley|Portal|Hill Primary/, 'the email does not name the child');
      const feedback = await t.db.selectFrom('mash_contact').select(['feedback_given_at', 'feedback_method']).where('contact_id', '=', contactId).executeTakeFirstOrThrow();
      assert.equal(feedback.feedback_method, 'email');
      assert.ok(feedback.feedback_given_at);

      const portal = await school.get(`/portal/contacts/${contactId}`);
      assert.match(portal.body, /Strategy discussion \(section 47\)/);
      assert.match(portal.body, /Please keep Riley in school/);
      assert.doesNotMatch(portal.body, /Two domestic incidents/, 'the school sees the outcome, not the research');
      assert.doesNotMatch(portal.body, /Disclosure of physical abuse; police/, 'nor the manager’s reasons');
    });

    test('the strategy discussion: attendees by agency, a warning when health is missing, Section 47, shared with every attendee', async () => {
      await manager.get(`/front-door/contacts/${contactId}/strategy-discussion`);
      const form = {
        ...dateFields('heldOn', londonDateOf(new Date())), decision: 's47_joint', informParents: 'later', informParentsDetail: 'After the joint visit',
        safetyPlan: 'Riley stays with his grandmother tonight.',
        attendee0Name: 'Sara Social', attendee0Agency: t.world.agencies.council, attendee0Role: 'Social worker', attendee0Email: 'sara@council.test',
        attendee1Name: 'DS Pike', attendee1Agency: t.world.agencies.police, attendee1Role: 'Detective sergeant', attendee1Email: 'pike@police.test',
        attendee2Name: 'Sam Teacher', attendee2Agency: t.world.agencies.school, attendee2Role: 'DSL',
        action0Text: 'Joint visit', action0Owner: 'Sara Social and DS Pike',
      };
      const noSafety = await manager.post(`/front-door/contacts/${contactId}/strategy-discussion`, { ...form, safetyPlan: '' });
      assert.equal(noSafety.statusCode, 400);
      assert.match(noSafety.body, /No attendee from health/);
      const saved = await manager.post(`/front-door/contacts/${contactId}/strategy-discussion`, form);
      assert.equal(saved.statusCode, 303);
      const discussionId = idFrom(saved.headers.location);
      const page = await manager.get(`/front-door/strategy-discussions/${discussionId}`);
      assert.match(page.body, /No attendee from health/);
      const s47 = await t.db.selectFrom('s47_enquiry').selectAll().where('strategy_discussion_id', '=', discussionId).executeTakeFirstOrThrow();
      assert.equal(s47.start_date, londonDateOf(new Date()));
      assert.equal(s47.icpc_target_date, addWorkingDays(s47.start_date, 15));
      await mail.waitFor(3);
      assert.ok(mail.mails.some((m) => m.to.includes('sara@council.test')));
      assert.ok(mail.mails.some((m) => m.to.includes('pike@police.test')));
      // Shared in Haven too: the school attended and may read it; another school may not.
      assert.equal((await school.get(`/front-door/strategy-discussions/${discussionId}`)).statusCode, 200);
      assert.equal((await otherSchool.get(`/front-door/strategy-discussions/${discussionId}`)).statusCode, 403);

      // The joint visit happens: the manager marks the action done, once; the school sees it done but cannot mark actions.
      assert.match(page.body, /Mark done<span class="govuk-visually-hidden">: Joint visit/);
      assert.equal((await manager.post(`/front-door/strategy-discussions/${discussionId}/actions`, { index: '5' })).statusCode, 400, 'no sixth action');
      assert.equal((await manager.post(`/front-door/strategy-discussions/${discussionId}/actions`, { index: '0' })).statusCode, 303);
      assert.equal((await manager.post(`/front-door/strategy-discussions/${discussionId}/actions`, { index: '0' })).statusCode, 409, 'done once');
      const done = await school.get(`/front-door/strategy-discussions/${discussionId}`);
      assert.match(done.body, /govuk-tag--green">Done<\/strong>/);
      assert.doesNotMatch(done.body, /Mark done/);
      const audited = await t.db.selectFrom('audit_event').select(['record_id', 'actor_user_id']).where('action', '=', 'strategy.action.complete').execute();
      assert.deepEqual(audited, [{ record_id: s47.child_id, actor_user_id: t.world.users.mash_manager.id }]);
    });

    test('the decision clock: a Christmas Eve contact is due on 29 December, and a late decision is counted as late', async () => {
      const hub = await t.agent('mash_practitioner');
      await hub.get('/front-door/contacts/new');
      const saved = await hub.post('/front-door/contacts/new', {
        ...dateFields('receivedOn', '2025-12-24'), receivedTime: '16:30', how: 'phone', source: '1A', referrerAgencyId: '', referrerName: 'A neighbour',
        childFirstName: 'Noel', childLastName: 'Late', concerns: 'Children left alone overnight', familyAware: 'not_known', consentState: 'not_sought', consentReason: 'Anonymous caller',
      });
      assert.equal(saved.statusCode, 303);
      const id = idFrom(saved.headers.location);
      const row = await t.db.selectFrom('contact as c').innerJoin('mash_contact as m', 'm.contact_id', 'c.id').select(['c.contact_date', 'm.decision_due_on', 'm.decision_rule_version']).where('c.id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.contact_date, '2025-12-24');
      assert.equal(row.decision_due_on, '2025-12-29', '25, 26 December are holidays and 27-28 a weekend');
      assert.equal(row.decision_rule_version, '2026.1');
      await manager.get(`/front-door/contacts/${id}/screening`);
      await manager.post(`/front-door/contacts/${id}/screening`, { rag: 'green', needLevel: '1', consentState: 'not_sought', consentReason: 'Anonymous', lawfulBasis: 'dpa_sch1_para18', authoriseSharing: 'yes' });
      assert.match((await manager.get('/front-door/huddle')).body, /data-testid="decision-overdue">[1-9]/);
      await manager.get(`/front-door/contacts/${id}/decision`);
      assert.equal((await manager.post(`/front-door/contacts/${id}/decision`, { decision: 'advice', reasons: 'Advice given to the caller' })).statusCode, 303);
      const page = await manager.get(`/front-door/contacts/${id}`);
      assert.match(page.body, /Within 1 working day\s*<\/dt>\s*<dd[^>]*>\s*No \(due by 29 December 2025/);
      // In the figures for 2025-26: this late decision, and none of this year's.
      const metrics = await mashMetrics(t.db, t.world.laCode, '2025-26');
      assert.equal(metrics.metrics['mash.decisions.within_1wd_pct'], 0);
      assert.equal(metrics.metrics['mash.contacts.by_source']['1A'], 1);
      assert.equal(metrics.metrics['mash.contacts.by_outcome'].advice, 1);
      assert.equal(metrics.metrics['mash.rag.timescale_met_pct'], 0);
      // No email address for an anonymous caller: the hub records the feedback by hand, or it stays outstanding.
      assert.match((await manager.get('/front-door')).body, /Referrers not yet told the outcome[\s\S]*MASH-/);
      await manager.post(`/front-door/contacts/${id}/feedback`, { method: 'phone' });
      const fb = await t.db.selectFrom('mash_contact').select(['feedback_method', 'feedback_by']).where('contact_id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual(fb, { feedback_method: 'phone', feedback_by: t.world.users.mash_manager.id });
    });

    test('the consultation line: every call logged, searchable, audited', async () => {
      const hub = await t.agent('mash_practitioner');
      await hub.get('/front-door/consultations/new');
      assert.equal((await hub.post('/front-door/consultations/new', { callerName: '' })).statusCode, 400);
      assert.equal((await hub.post('/front-door/consultations/new', {
        callerName: 'Jo Nurse', callerRole: 'School nurse', callerAgencyId: health, childName: 'Mia Brook', concern: 'Weight loss and low mood',
        advice: 'Speak to the GP; refer to CAMHS', followUp: 'Call back Friday', ...dateFields('followUpDue', addWorkingDays(londonDateOf(new Date()), 2)),
      })).statusCode, 303);
      const found = await hub.get('/front-door/consultations?q=camhs%20nurse');
      assert.match(found.body, /Jo Nurse/);
      assert.match(found.body, /Call back Friday/);
      const none = await hub.get('/front-door/consultations?q=nobody-matches');
      assert.match(none.body, /0 consultations/);
      const searches = await t.db.selectFrom('audit_event').select('detail').where('action', '=', 'consultation.search').execute();
      assert.ok(searches.length >= 2);
      assert.equal((await school.get('/front-door/consultations')).statusCode, 403);
    });

    test('the huddle and the figures show the day’s work; the audit chain holds', async () => {
      const huddle = await manager.get('/front-door/huddle');
      assert.equal(huddle.statusCode, 200);
      assert.match(huddle.body, /<script nonce="[^"]+">/, 'the refresh script carries the CSP nonce');
      assert.match(huddle.body, /data-testid="research-awaited">0</);
      const year = reportingYearOf(londonDateOf(new Date())).label;
      const metrics = await manager.get(`/front-door/metrics?year=${year}&format=json`);
      const body = metrics.json() as { metrics: Record<string, unknown> };
      assert.equal(body.metrics['mash.contacts.count'], 1);
      assert.deepEqual(body.metrics['mash.contacts.by_door'], { portal: 1 });
      assert.equal(body.metrics['mash.decisions.within_1wd_pct'], 100);
      assert.equal(body.metrics['mash.feedback.within_target_pct'], 100);
      assert.equal(body.metrics['mash.consultations.count'], 1);
      assert.equal((await manager.get(`/front-door/metrics?year=${year}`)).statusCode, 200);
      assert.equal((await school.get('/front-door/huddle')).statusCode, 403);
      assert.equal((await verifyAuditChain(t.db)).firstBroken, null);
    });
  });
}
