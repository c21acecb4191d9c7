/**
 * The parts of the journey recorded through the same step pages as the rest: child in need plans
 * (start, reviews, end), early help for a family, adoption milestones (the decision to place and
 * its reversal, and AD1), and care leavers. Each save enforces the CIN census or SSDA903 rule that
 * applies, with an error summary naming the field, and saves nothing when refused.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testEngines } from '../../test/database.ts';
import { dateFields } from '../../test/forms.ts';
import { startTestApp, type Agent, type TestApp } from '../../test/app.ts';
import { buildChild } from '../../test/factories.ts';

/** Asserts a 400 with the GOV.UK error summary linking the field to the message. */
const refusedWith = (response: { statusCode: number; body: string }, field: string, message: RegExp) => {
  assert.equal(response.statusCode, 400, `expected a refusal naming ${field}`);
  assert.match(response.body, /There is a problem/);
  assert.match(response.body, new RegExp(`href="#${field}">${message.source}`));
};

for (const engine of testEngines()) {
  describe(`plans, early help, adoption and care leavers (${engine})`, () => {
    let t: TestApp;
    let sw: Agent;
    before(async () => {
      t = await startTestApp(engine);
      sw = await t.agent('social_worker');
    });
    after(() => t.close());

    const referral = async (childId: string, date: string, nfa = 'no') => {
      assert.equal((await sw.post(`/children/${childId}/referrals/new`, { ...dateFields('referralDate', date), referralSource: '5A', primaryNeed: 'N1', referralNfa: nfa })).statusCode, 303);
      return (await t.db.selectFrom('cin_episode').select('id').where('child_id', '=', childId).orderBy('referral_date', 'desc').executeTakeFirstOrThrow()).id;
    };
    const lookedAfter = async (childId: string, decom: string) => {
      assert.equal((await sw.post(`/children/${childId}/looked-after/new`, { ...dateFields('decom', decom), rne: 'S', legalStatus: 'C2', place: 'U4', provider: 'PR1' })).statusCode, 303);
    };

    test('a child in need plan is started, reviewed and ended, with CIN rules 4004 and 4011 enforced', async () => {
      const child = await buildChild(t.db, t.world, { dateOfBirth: '2016-01-01' });
      const episode = await referral(child.id, '2025-06-02');
      refusedWith(await sw.post(`/children/${child.id}/episodes/${episode}/cin-plans/new`, dateFields('startDate', '2025-06-01')), 'startDate', /Date the child in need plan started cannot be before the referral date/);
      assert.equal((await sw.post(`/children/${child.id}/episodes/${episode}/cin-plans/new`, dateFields('startDate', '2025-06-10'))).statusCode, 303);
      refusedWith(await sw.post(`/children/${child.id}/episodes/${episode}/cin-plans/new`, dateFields('startDate', '2025-06-20')), 'startDate', /This child already has an open child in need plan: end it first \(CIN rule 4004\)/);
      const plan = await t.db.selectFrom('cin_plan').select('id').where('child_id', '=', child.id).executeTakeFirstOrThrow();

      // The record offers the review and the end of the plan.
      const page = await sw.get(`/children/${child.id}`);
      assert.match(page.body, new RegExp(`href="/children/${child.id}/cin-plans/${plan.id}/reviews/new">Record a child in need plan review`));
      refusedWith(await sw.post(`/children/${child.id}/cin-plans/${plan.id}/reviews/new`, dateFields('reviewDate', '2025-06-05')), 'reviewDate', /Date of the review cannot be before the child in need plan started/);
      assert.equal((await sw.post(`/children/${child.id}/cin-plans/${plan.id}/reviews/new`, dateFields('reviewDate', '2025-07-10'))).statusCode, 303);
      refusedWith(await sw.post(`/children/${child.id}/cin-plans/${plan.id}/end`, dateFields('endDate', '2025-06-09')), 'endDate', /Date the child in need plan ended cannot be before it started \(CIN rule 4011\)/);
      assert.equal((await sw.post(`/children/${child.id}/cin-plans/${plan.id}/end`, dateFields('endDate', '2025-08-01'))).statusCode, 303);
      // An ended plan cannot be ended again.
      assert.equal((await sw.post(`/children/${child.id}/cin-plans/${plan.id}/end`, dateFields('endDate', '2025-08-02'))).statusCode, 409);

      const after = await sw.get(`/children/${child.id}`);
      assert.match(after.body, /Child in need plan from 10 June 2025 to 1 August 2025, reviewed 1 time/);
      // The chronology, filtered to child in need plans, has the plan's three events in date order.
      const chronology = await sw.get(`/children/${child.id}/chronology?stage=child-in-need`);
      const events = [...chronology.body.matchAll(/<td class="govuk-table__cell">([^<]+)<\/td>\s*<td class="govuk-table__cell">([^<]+)<\/td>/g)].map((m) => [m[1], m[2]]);
      assert.deepEqual(events, [['10 June 2025', 'Child in need plan started'], ['10 July 2025', 'Child in need plan review'], ['1 August 2025', 'Child in need plan ended']]);
      const audit = await t.db.selectFrom('audit_event').select('action').where('record_id', '=', child.id).where('action', 'like', 'journey.cin-plan-%').where('outcome', '=', 'succeeded').orderBy('seq').execute();
      assert.deepEqual(audit.map((a) => a.action), ['journey.cin-plan-start', 'journey.cin-plan-review', 'journey.cin-plan-end']);
    });

    test('a child in need plan cannot run alongside a child protection plan (4001) or follow a referral with no further action (4000)', async () => {
      const child = await buildChild(t.db, t.world, { dateOfBirth: '2016-01-01' });
      const episode = await referral(child.id, '2025-06-02');
      await t.db.insertInto('cp_plan').values({ la_code: t.world.laCode, episode_id: episode, child_id: child.id, start_date: '2025-07-01', initial_category: 'NEG', latest_category: 'NEG', previous_plans: 0 }).execute();
      refusedWith(await sw.post(`/children/${child.id}/episodes/${episode}/cin-plans/new`, dateFields('startDate', '2025-07-15')), 'startDate', /A child in need plan cannot run at the same time as a child protection plan: end the child protection plan first \(CIN rule 4001\)/);
      // A step-down on the day the protection plan ends is allowed.
      await t.db.updateTable('cp_plan').set({ end_date: '2025-09-01' }).where('child_id', '=', child.id).execute();
      assert.equal((await sw.post(`/children/${child.id}/episodes/${episode}/cin-plans/new`, dateFields('startDate', '2025-09-01'))).statusCode, 303);

      const nfaChild = await buildChild(t.db, t.world, { dateOfBirth: '2016-01-01' });
      const nfa = await referral(nfaChild.id, '2025-06-02', 'yes');
      refusedWith(await sw.post(`/children/${nfaChild.id}/episodes/${nfa}/cin-plans/new`, dateFields('startDate', '2025-06-03')), 'startDate', /A referral closed with no further action cannot have a child in need plan \(CIN rule 4000\)/);
      const plans = await t.db.selectFrom('cin_plan').select('id').where('child_id', '=', nfaChild.id).execute();
      assert.equal(plans.length, 0);
    });

    test('early help is the family’s: a brother is included, both records show it, and ending it ends it for both', async () => {
      const child = await buildChild(t.db, t.world, { firstName: 'Ada', lastName: 'Early', dateOfBirth: '2016-01-01' });
      const brother = await buildChild(t.db, t.world, { firstName: 'Ben', lastName: 'Early', dateOfBirth: '2014-01-01' });
      await sw.post(`/children/${child.id}/family/children/new`, { laChildId: brother.la_child_id, relationship: 'sibling', livesTogether: 'yes' });
      const form = await sw.get(`/children/${child.id}/early-help/new`);
      assert.match(form.body, /Other children in the family to include[\s\S]*Ben Early/);
      // Choices are named for the reader, not by record id.
      assert.match(form.body, new RegExp(`<option value="${t.world.agencies.school}">School</option>`));
      assert.doesNotMatch(form.body, new RegExp(`${brother.id} – `));
      refusedWith(await sw.post(`/children/${child.id}/early-help/new`, { ...dateFields('startDate', '2025-05-01'), leadProfessional: 'Sam Patel, family support worker' }), 'leadAgency', /Select lead professional’s agency/);
      assert.equal((await sw.post(`/children/${child.id}/early-help/new`, { ...dateFields('startDate', '2025-05-01'), leadProfessional: 'Sam Patel, family support worker', leadAgency: t.world.agencies.school, siblings: brother.id })).statusCode, 303);

      const hers = await sw.get(`/children/${child.id}`);
      assert.match(hers.body, /data-testid="early-help"[\s\S]*From 1 May 2025: lead professional Sam Patel, family support worker \(School\)[\s\S]*With Ben Early/);
      // The brother is in the same episode, so his record offers to end it, not to start another.
      const his = await sw.get(`/children/${brother.id}`);
      assert.match(his.body, /With Ada Early/);
      assert.match(his.body, /End the early help episode/);
      assert.equal((await sw.post(`/children/${brother.id}/early-help/new`, { ...dateFields('startDate', '2025-05-02'), leadProfessional: 'X', leadAgency: t.world.agencies.school })).statusCode, 409);

      const episode = await t.db.selectFrom('early_help_episode as e').innerJoin('early_help_child as c', 'c.episode_id', 'e.id').select('e.id').where('c.child_id', '=', brother.id).executeTakeFirstOrThrow();
      refusedWith(await sw.post(`/children/${brother.id}/early-help/${episode.id}/end`, { ...dateFields('endDate', '2025-04-30'), outcome: 'stepped_down' }), 'endDate', /Date early help ended cannot be before it started/);
      assert.equal((await sw.post(`/children/${brother.id}/early-help/${episode.id}/end`, { ...dateFields('endDate', '2025-09-30'), outcome: 'stepped_down' })).statusCode, 303);
      assert.match((await sw.get(`/children/${child.id}`)).body, /From 1 May 2025 to 30 September 2025[\s\S]*outcome: stepped down/);
      const chronology = await sw.get(`/children/${child.id}/chronology?stage=early-help`);
      assert.match(chronology.body, /1 May 2025[\s\S]*Early help started[\s\S]*lead professional Sam Patel, family support worker, School[\s\S]*30 September 2025[\s\S]*Early help ended[\s\S]*outcome: stepped down/);
    });

    test('adoption: the decision to place and its reversal (SSDA903 522), and AD1 details checked against rules 333, 334, 511 and 514', async () => {
      const notInCare = await buildChild(t.db, t.world, { dateOfBirth: '2020-01-01' });
      assert.match((await sw.get(`/children/${notInCare.id}/adoption/details`)).body, /adoption details are recorded for a looked-after child/);

      const child = await buildChild(t.db, t.world, { dateOfBirth: '2020-01-01' });
      await lookedAfter(child.id, '2024-01-10');
      refusedWith(await sw.post(`/children/${child.id}/adoption/decisions/new`, dateFields('datePlaced', '2024-01-01')), 'datePlaced', /Date of the decision cannot be before the child became looked after/);
      assert.equal((await sw.post(`/children/${child.id}/adoption/decisions/new`, dateFields('datePlaced', '2024-02-01'))).statusCode, 303);
      assert.equal((await sw.post(`/children/${child.id}/adoption/decisions/new`, dateFields('datePlaced', '2024-02-02'))).statusCode, 409);

      const details = { ...dateFields('dateInt', '2024-03-01'), ...dateFields('dateMatch', '2024-06-01'), fosterCare: 'no', numberAdopters: '2', sexAdopters: 'MF', legalStatusAdopters: 'L11' };
      refusedWith(await sw.post(`/children/${child.id}/adoption/details`, { ...details, ...dateFields('dateInt', '2023-12-01') }), 'dateInt', /Date the child should be placed for adoption cannot be before the latest period of care started on 2024-01-10 \(SSDA903 rule 334\)/);
      refusedWith(await sw.post(`/children/${child.id}/adoption/details`, { ...details, ...dateFields('dateMatch', '2024-02-01') }), 'dateMatch', /Date the child was matched cannot be before the date they should be placed for adoption \(SSDA903 rule 333\)/);
      refusedWith(await sw.post(`/children/${child.id}/adoption/details`, { ...details, sexAdopters: 'M1' }), 'sexAdopters', /Two adopters are a couple: choose MM, FF or MF \(SSDA903 rule 511\)/);
      refusedWith(await sw.post(`/children/${child.id}/adoption/details`, { ...details, legalStatusAdopters: 'L0' }), 'legalStatusAdopters', /Legal status of the adopters does not fit their sex \(MF\): it needs M1 or F1 \(SSDA903 rule 514\)/);
      refusedWith(await sw.post(`/children/${child.id}/adoption/details`, { ...details, sexAdopters: 'XX' }), 'sexAdopters', /Select sex of the adopters from the list/);
      assert.equal(await t.db.selectFrom('adoption').select('child_id').where('child_id', '=', child.id).executeTakeFirst(), undefined);
      assert.equal((await sw.post(`/children/${child.id}/adoption/details`, details)).statusCode, 303);
      const ad1 = await t.db.selectFrom('adoption').selectAll().where('child_id', '=', child.id).executeTakeFirstOrThrow();
      assert.deepEqual([ad1.date_int, ad1.date_match, ad1.foster_care, ad1.number_adopters, ad1.sex_adopters, ad1.ls_adopters], ['2024-03-01', '2024-06-01', false, '2', 'MF', 'L11']);

      refusedWith(await sw.post(`/children/${child.id}/adoption/decisions/ceased`, { ...dateFields('dateCeased', '2024-01-20'), reason: 'RD3' }), 'dateCeased', /Date the decision was reversed cannot be before the decision on 2024-02-01 \(SSDA903 rule 522\)/);
      refusedWith(await sw.post(`/children/${child.id}/adoption/decisions/ceased`, dateFields('dateCeased', '2024-09-01')), 'reason', /Select reason/);
      assert.equal((await sw.post(`/children/${child.id}/adoption/decisions/ceased`, { ...dateFields('dateCeased', '2024-09-01'), reason: 'RD3' })).statusCode, 303);
      const page = await sw.get(`/children/${child.id}`);
      assert.match(page.body, /data-testid="adoption"[\s\S]*Decision to place for adoption 1 February 2024; no longer to be placed from 1 September 2024 \(RD3\)[\s\S]*Should be placed for adoption 1 March 2024, matched 1 June 2024/);
    });

    test('care leavers: SSDA903 rules 345, 344, 391 and 347, then the year’s record with the pathway plan', async () => {
      const child = await buildChild(t.db, t.world, { firstName: 'Cara', lastName: 'Leaver', dateOfBirth: '2007-06-01' });
      await lookedAfter(child.id, '2022-01-10');
      assert.equal((await sw.post(`/children/${child.id}/looked-after/end`, { ...dateFields('dec', '2025-06-01'), rec: 'E17' })).statusCode, 303);

      const form = { year: '2025-26', inTouch: 'YES', activity: 'F1', accommodation: 'S2', ...dateFields('pathwayPlanDate', '2025-07-01') };
      refusedWith(await sw.post(`/children/${child.id}/care-leaver/new`, { ...form, activity: '' }), 'activity', /Select the main activity: the young person is in touch \(SSDA903 rule 345\)/);
      refusedWith(await sw.post(`/children/${child.id}/care-leaver/new`, { ...form, inTouch: 'RHOM' }), 'activity', /Leave main activity and accommodation blank when the young person has died or returned home \(SSDA903 rule 344\)/);
      refusedWith(await sw.post(`/children/${child.id}/care-leaver/new`, { ...form, year: '2019-20' }), 'year', /The young person was 12 on their birthday in 2019-20: care leaver information is for ages 17 to 21 \(SSDA903 rule 391\)/);
      refusedWith(await sw.post(`/children/${child.id}/care-leaver/new`, { ...form, year: '2024-25', accommodation: 'T1' }), 'accommodation', /A care leaver under 18 cannot be accommodated in a foyer \(SSDA903 rule 347\)/);
      refusedWith(await sw.post(`/children/${child.id}/care-leaver/new`, { ...form, year: '2025-27' }), 'year', /Enter the reporting year like 2025-26/);
      assert.equal((await sw.post(`/children/${child.id}/care-leaver/new`, form)).statusCode, 303);
      // Not in touch the year before: activity and accommodation are left blank and reported as 0.
      assert.equal((await sw.post(`/children/${child.id}/care-leaver/new`, { year: '2024-25', inTouch: 'NO' })).statusCode, 303);
      const rows = await t.db.selectFrom('care_leaver').select(['year', 'in_touch', 'activity', 'accommodation', 'pathway_plan_date']).where('child_id', '=', child.id).orderBy('year').execute();
      assert.deepEqual(rows, [
        { year: '2024-25', in_touch: 'NO', activity: '0', accommodation: '0', pathway_plan_date: null },
        { year: '2025-26', in_touch: 'YES', activity: 'F1', accommodation: 'S2', pathway_plan_date: '2025-07-01' },
      ]);
      const page = await sw.get(`/children/${child.id}`);
      assert.match(page.body, /data-testid="care-leaver"[\s\S]*2025-26[\s\S]*YES[\s\S]*F1[\s\S]*S2[\s\S]*1 July 2025/);
    });
  });
}
