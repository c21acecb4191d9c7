/**
 * The KPI engine against a real database: every metric of the contract, with the worked examples
 * and the boundaries kpi-definitions.md names, asserting the exact figure a user would see. Each
 * test builds its own partnership, so the figures of one cannot leak into another.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../core/db/kysely.ts';
import { createTestDatabase, testEngines, type TestDatabase } from '../../test/database.ts';
import { calendarRange } from '../../core/calendar/index.ts';
import { addDays, reportingYearOf } from '../../core/dates.ts';
import { computeKpis, type KpiValue } from './engine.ts';
import { METRIC_IDS, type MetricId } from './definitions.ts';
import { buildKpiWorld, type KpiWorld } from './test-factories.ts';

for (const engine of testEngines()) {
  describe(`KPI engine (${engine})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(engine);
    });
    after(() => database.close());

    const world = (): Promise<KpiWorld> => buildKpiWorld(database.db);
    const figures = async (w: KpiWorld, year = '2025-26'): Promise<Record<MetricId, KpiValue>> => (await computeKpis(database.db, w.laCode, year)).metrics;

    test('the document has the contract’s ids in its order; with no records, counts are 0, percentages and rates null, by-code objects empty', async () => {
      const w = await world();
      const document = await computeKpis(database.db, w.laCode, '2025-26');
      assert.equal(document.year, '2025-26');
      assert.equal(document.la, w.laCode);
      assert.deepEqual(Object.keys(document.metrics), [...METRIC_IDS]);
      assert.equal(document.metrics['contacts.count'], 0);
      assert.equal(document.metrics['contacts.to_referral_pct'], null);
      assert.deepEqual(document.metrics['contacts.by_source'], {});
      assert.equal(document.metrics['referrals.rereferral_pct'], null);
      assert.equal(document.metrics['assessments.within_45wd_pct'], null);
      assert.equal(document.metrics['icpc.within_15wd_pct'], null);
      assert.equal(document.metrics['cp.second_or_subsequent_pct'], null);
      assert.equal(document.metrics['cla.ceased_adopted_pct'], null);
      assert.equal(document.metrics['care_leavers.eet_pct_17_21'], null);
      // No population recorded: no population and no rates.
      assert.equal(document.metrics['population.children_0_17'], null);
      assert.equal(document.metrics['cp.rate_per_10k_at_year_end'], null);
      assert.equal(document.metrics['cin.rate_per_10k_at_year_end'], null);
      // JSON round trip: exactly the contract's document.
      assert.deepEqual(JSON.parse(JSON.stringify(document)), document);
    });

    test('contacts: dated 1 April to 31 March; by source with no-source contacts left out; to referral within 1 working day', async () => {
      const w = await world();
      const c1 = await w.child();
      // A referral on Monday 7 April 2025.
      await w.referral(c1, '2025-04-07');
      await w.contact('2025-03-31', { childId: c1 }); // before the year
      await w.contact('2025-04-01', { childId: c1, source: '1A' }); // Tue -> Mon: 4 working days
      await w.contact('2025-04-04', { childId: c1, source: '5A' }); // Fri -> Mon: 1 working day
      await w.contact('2025-04-07', { childId: c1, source: '5A' }); // same day: 0
      await w.contact('2025-04-08', { childId: c1, source: null }); // after the referral
      await w.contact('2025-04-04', { childId: null, source: '1A' }); // no child: never linked
      // 31 March contact, referral (NFA) on 1 April: the next year's referral still counts.
      const c2 = await w.child();
      await w.referral(c2, '2026-04-01', { nfa: true, closureDate: '2026-04-01' });
      await w.contact('2026-03-31', { childId: c2, source: '3A' });
      await w.contact('2026-04-01', { childId: c2 }); // after the year
      // Christmas: 24 Dec -> 29 Dec is 1 working day; 23 Dec -> 29 Dec is 2.
      const c4 = await w.child();
      await w.referral(c4, '2025-12-29');
      await w.contact('2025-12-24', { childId: c4, source: '10' });
      const c5 = await w.child();
      await w.referral(c5, '2025-12-29');
      await w.contact('2025-12-23', { childId: c5, source: '2A' });
      // Another child's referral does not link a contact.
      const c6 = await w.child();
      const c7 = await w.child();
      await w.referral(c7, '2025-06-02');
      await w.contact('2025-06-02', { childId: c6, source: '1A' });

      const m = await figures(w);
      assert.equal(m['contacts.count'], 9);
      assert.deepEqual(m['contacts.by_source'], { '1A': 3, '2A': 1, '3A': 1, '5A': 2, '10': 1 });
      // Linked: 4 Apr, 7 Apr, 31 Mar, 24 Dec -> 4 of 9.
      assert.equal(m['contacts.to_referral_pct'], 44.4);
    });

    test('contacts: two referrals within the window still count a contact once', async () => {
      const w = await world();
      const c = await w.child();
      await w.referral(c, '2025-06-02'); // Monday
      await w.referral(c, '2025-06-03', { nfa: true, closureDate: '2025-06-03' });
      await w.contact('2025-05-29', { childId: c }); // Thu -> Mon: 2 working days
      await w.contact('2025-05-30', { childId: c }); // Fri -> Mon: 1
      await w.contact('2025-06-02', { childId: c }); // Mon: both referrals within 1 working day
      await w.contact('2025-06-03', { childId: c });
      const m = await figures(w);
      assert.equal(m['contacts.count'], 4);
      assert.equal(m['contacts.to_referral_pct'], 75);
    });

    test('referrals: 31 March and 1 April; NFA %; by source without empty sources', async () => {
      const w = await world();
      await w.referral(await w.child(), '2025-03-31');
      await w.referral(await w.child(), '2025-04-01', { source: '3A' });
      await w.referral(await w.child(), '2026-03-31', { nfa: true, source: null, closureDate: '2026-03-31' });
      await w.referral(await w.child(), '2026-04-01');
      const m = await figures(w);
      assert.equal(m['referrals.count'], 2);
      assert.equal(m['referrals.nfa_pct'], 50);
      assert.deepEqual(m['referrals.by_source'], { '3A': 1 });
      assert.equal(m['referrals.rereferral_pct'], 0);
    });

    test('re-referrals: on or after the same day a year before, strictly earlier, NFA ones and any year included', async () => {
      const w = await world();
      // The contract's worked example: 2025-03-15 before 2026-03-15 is within; 2025-03-14 is not.
      const c1 = await w.child();
      await w.referral(c1, '2025-03-15', { closureDate: '2025-05-01' });
      await w.referral(c1, '2026-03-15');
      const c2 = await w.child();
      await w.referral(c2, '2025-03-14', { closureDate: '2025-05-01' });
      await w.referral(c2, '2026-03-15');
      // An earlier NFA referral counts; the first referral of the year has none before it.
      const c3 = await w.child();
      await w.referral(c3, '2025-09-01', { nfa: true, closureDate: '2025-09-01' });
      await w.referral(c3, '2025-10-01');
      // Two years before: not within.
      const c4 = await w.child();
      await w.referral(c4, '2023-01-01', { closureDate: '2023-06-01' });
      await w.referral(c4, '2025-06-01');
      // 2024-05-01 is on or after 2024-04-30, so within 12 months of 2025-04-30.
      const c5 = await w.child();
      await w.referral(c5, '2024-05-01', { closureDate: '2024-06-01' });
      await w.referral(c5, '2025-04-30');
      const m = await figures(w);
      assert.equal(m['referrals.count'], 6);
      assert.equal(m['referrals.rereferral_pct'], 50);
      assert.equal(m['referrals.nfa_pct'], 16.7);
    });

    test('re-referrals: 29 February goes to 28 February', async () => {
      const w = await world();
      const within = await w.child();
      await w.referral(within, '2023-02-28', { closureDate: '2023-03-01' });
      await w.referral(within, '2024-02-29', { closureDate: '2024-03-01' });
      const dayTooEarly = await w.child();
      await w.referral(dayTooEarly, '2023-02-27', { closureDate: '2023-03-01' });
      await w.referral(dayTooEarly, '2024-02-29', { closureDate: '2024-03-01' });
      const fromLeapDay = await w.child();
      await w.referral(fromLeapDay, '2024-02-29', { closureDate: '2024-03-01' });
      await w.referral(fromLeapDay, '2025-02-28'); // 12 months before is 2024-02-28: within
      const afterLeapDay = await w.child();
      await w.referral(afterLeapDay, '2024-02-29', { closureDate: '2024-03-01' });
      await w.referral(afterLeapDay, '2025-03-01'); // 12 months before is 2024-03-01: not within
      // 2023-24: four referrals on 29 February 2024, one a re-referral.
      assert.equal((await figures(w, '2023-24'))['referrals.rereferral_pct'], 25);
      assert.equal((await figures(w, '2024-25'))['referrals.rereferral_pct'], 50);
    });

    test('the same referral in two years’ returns is one episode, counted once', async () => {
      const w = await world();
      const c = await w.child();
      // Imported from the 2024-25 return and again from the 2025-26 return (still open).
      for (let i = 0; i < 2; i += 1) {
        await sql`INSERT INTO cin_episode (la_code, child_id, referral_date) VALUES (${w.laCode}, ${c}, '2025-02-10')
          ON CONFLICT (la_code, child_id, referral_date) DO NOTHING`.execute(database.db);
      }
      assert.equal((await figures(w, '2024-25'))['referrals.count'], 1);
      const m = await figures(w, '2025-26');
      assert.equal(m['referrals.count'], 0);
      assert.equal(m['cin.children_in_year'], 1);
      assert.equal(m['cin.children_at_year_end'], 1);
    });

    test('assessments: completed in the year; 45 and 46 working days; toxic trio; by factor once per distinct code', async () => {
      const w = await world();
      const c = await w.child();
      let referrals = 0;
      const episode = (): Promise<string> => w.referral(c, addDays('2025-01-01', referrals++));
      // 45th working day after 2025-04-01 is 2025-06-09; the 46th is 2025-06-10.
      await w.assessment(await episode(), c, '2025-04-01', '2025-06-09', ['1A', '3A', '4B']);
      await w.assessment(await episode(), c, '2025-04-01', '2025-06-10', ['2B', '2B', '3C']);
      // Worked example: working_days(2025-12-24, 2025-12-29) = 1.
      await w.assessment(await episode(), c, '2025-12-24', '2025-12-29', []);
      await w.assessment(await episode(), c, '2026-01-05', '2026-03-31', ['4A', '21', '1A']);
      await w.assessment(await episode(), c, '2025-02-01', '2025-03-31', ['1A']); // before the year
      await w.assessment(await episode(), c, '2026-03-01', '2026-04-01', ['1A']); // after it
      await w.assessment(await episode(), c, '2026-03-01', null, ['1A']); // not authorised
      const m = await figures(w);
      assert.equal(m['assessments.completed'], 4);
      assert.equal(m['assessments.within_45wd_pct'], 50);
      assert.equal(m['assessments.toxic_trio_any'], 3);
      assert.equal(m['assessments.toxic_trio_all'], 1);
      assert.deepEqual(m['assessments.by_factor'], { '1A': 2, '2B': 1, '3A': 1, '3C': 1, '4A': 1, '4B': 1, '21': 1 });
    });

    test('children in need: non-NFA episodes overlapping the year, and open on 31 March; distinct children; rate', async () => {
      const w = await world();
      await w.population('2025-26', 60_877);
      await w.referral(await w.child(), '2024-06-01', { closureDate: '2025-03-31' }); // closed before the year
      await w.referral(await w.child(), '2024-06-01', { closureDate: '2025-04-01' }); // in the year only
      await w.referral(await w.child(), '2026-03-31'); // in the year and open at its end
      await w.referral(await w.child(), '2026-04-01'); // after the year
      await w.referral(await w.child(), '2025-06-01', { nfa: true, closureDate: '2025-06-01' }); // NFA
      await w.referral(await w.child(), '2025-05-01', { nfa: true }); // NFA left open: still NFA
      const twice = await w.child(); // two episodes: one child
      await w.referral(twice, '2025-05-01', { closureDate: '2025-07-01' });
      await w.referral(twice, '2025-09-01');
      await w.referral(await w.child(), '2025-05-01', { closureDate: '2026-03-31' }); // closed on 31 March: not open
      await w.referral(await w.child(), '2025-05-01', { closureDate: '2026-04-01' }); // open on 31 March
      const m = await figures(w);
      assert.equal(m['cin.children_in_year'], 5);
      assert.equal(m['cin.children_at_year_end'], 3);
      assert.equal(m['cin.rate_per_10k_at_year_end'], 0.5);
    });

    test('Section 47 and ICPCs: start in the year; distinct children; ICPCs from Section 47 rows only; 15 and 16 working days', async () => {
      const w = await world();
      await w.population('2025-26', 10_000);
      const c1 = await w.child();
      const e1 = await w.referral(c1, '2025-03-25');
      await w.s47(e1, c1, '2025-04-01', '2025-04-24'); // 15th working day after 1 April
      await w.s47(e1, c1, '2025-05-01', '2025-05-23'); // 15 (5 May a bank holiday)
      const c2 = await w.child();
      await w.s47(await w.referral(c2, '2025-03-25'), c2, '2025-04-01', '2025-04-25'); // 16
      const c3 = await w.child();
      await w.s47(await w.referral(c3, '2025-03-01'), c3, '2025-03-20', '2025-04-10'); // started last year, ICPC this year: 15
      const c4 = await w.child();
      await w.s47(await w.referral(c4, '2026-03-01'), c4, '2026-03-31');
      const c5 = await w.child();
      await w.s47(await w.referral(c5, '2026-03-01'), c5, '2026-04-01', '2026-04-20');
      // A transfer-in ICPC on the episode, with no Section 47 here: not counted.
      await w.referral(await w.child(), '2025-05-01', { episodeIcpcDate: '2025-06-01' });
      const m = await figures(w);
      assert.equal(m['s47.count'], 4);
      assert.equal(m['s47.children'], 3);
      assert.equal(m['s47.rate_per_10k'], 3);
      assert.equal(m['icpc.count'], 4);
      assert.equal(m['icpc.within_15wd_pct'], 75);
    });

    test('child protection plans: open on 31 March, started, ceased, second or subsequent, by initial category', async () => {
      const w = await world();
      const plan = async (start: string, options: Parameters<KpiWorld['cpPlan']>[3]): Promise<void> => {
        const c = await w.child();
        await w.cpPlan(await w.referral(c, '2024-01-01'), c, start, options);
      };
      await plan('2025-04-01', { initialCategory: 'NEG', previousPlans: 0 });
      await plan('2025-03-31', { endDate: '2026-03-31' }); // ceased on 31 March: not open
      await plan('2025-06-01', { endDate: '2026-04-01', initialCategory: 'PHY', previousPlans: 2 });
      await plan('2026-03-31', { initialCategory: null, previousPlans: null });
      await plan('2026-04-01', {});
      await plan('2024-01-01', { endDate: '2025-04-01' });
      await plan('2024-01-01', { endDate: '2025-03-31' });
      const m = await figures(w);
      assert.equal(m['cp.plans_at_year_end'], 3);
      assert.equal(m['cp.plans_started'], 3);
      assert.equal(m['cp.plans_ceased'], 2);
      assert.equal(m['cp.second_or_subsequent_pct'], 33.3);
      assert.deepEqual(m['cp.by_initial_category'], { NEG: 1, PHY: 1 });
      assert.equal(m['cp.rate_per_10k_at_year_end'], null);
    });

    test('rates per 10,000: 187 plans at year end in a population of 60,877 is 30.7', async () => {
      const w = await world();
      await w.population('2025-26', 60_877);
      await w.population('2024-25', 1); // another year's population is not used
      await w.openCpPlans(187, '2025-10-01');
      const m = await figures(w);
      assert.equal(m['cp.plans_at_year_end'], 187);
      assert.equal(m['population.children_0_17'], 60_877);
      assert.equal(m['cp.rate_per_10k_at_year_end'], 30.7);
    });

    test('children looked after: V3/V4 left out of everything; X1 not a ceasing; open on 31 March; adopted and SGO', async () => {
      const w = await world();
      await w.population('2025-26', 20_000);
      // A period of care of two episodes: the X1 change is not a ceasing; adopted at the end.
      const chain = await w.child();
      await w.laEpisode(chain, '2025-05-01', { dec: '2025-08-01', rec: 'X1' });
      await w.laEpisode(chain, '2025-08-01', { rne: 'L', dec: '2026-01-10', rec: 'E11' });
      // Short breaks: not started, not ceased, not looked after at the year's end.
      const shortBreaks = await w.child();
      await w.laEpisode(shortBreaks, '2025-05-01', { dec: '2025-06-01', rec: 'E11', legalStatus: 'V3' });
      await w.laEpisode(shortBreaks, '2025-10-01', { legalStatus: 'V4' });
      await w.laEpisode(await w.child(), '2024-01-01'); // open
      await w.laEpisode(await w.child(), '2024-01-01', { dec: '2026-03-31', rec: 'E45' }); // ceased on 31 March: SGO
      await w.laEpisode(await w.child(), '2024-01-01', { dec: '2026-04-01', rec: 'E12' }); // open on 31 March
      await w.laEpisode(await w.child(), '2025-09-01', { legalStatus: null }); // no legal status: in
      await w.laEpisode(await w.child(), '2025-11-01', { dec: '2026-02-01', rec: null }); // ceased, no REC
      await w.laEpisode(await w.child(), '2026-04-01'); // after the year
      await w.laEpisode(await w.child(), '2025-06-01', { rne: 'P' }); // open, not a new period of care
      const handover = await w.child(); // one episode ends and the next starts on 31 March: one child
      await w.laEpisode(handover, '2025-01-01', { dec: '2026-03-31', rec: 'X1' });
      await w.laEpisode(handover, '2026-03-31', { rne: 'L' });
      const m = await figures(w);
      assert.equal(m['cla.at_year_end'], 5);
      assert.equal(m['cla.rate_per_10k_at_year_end'], 2.5);
      assert.equal(m['cla.started'], 3);
      assert.equal(m['cla.ceased'], 3);
      assert.equal(m['cla.ceased_adopted'], 1);
      assert.equal(m['cla.ceased_sgo'], 1);
      assert.equal(m['cla.ceased_adopted_pct'], 33.3);
      assert.equal(m['cla.ceased_sgo_pct'], 33.3);
    });

    test('care leavers: age reached on the birthday in the year (17, 21 in; 16, 22 out); rows with no information stay in', async () => {
      const w = await world();
      const leaver = async (dateOfBirth: string | null, inTouch: string | null, activity: string | null, accommodation: string | null): Promise<string> => {
        const c = await w.child({ dateOfBirth });
        await w.careLeaver(c, '2025-26', { inTouch, activity, accommodation });
        return c;
      };
      const seventeen = await leaver('2008-06-01', 'YES', 'F1', 'B1'); // 17 on 1 June 2025
      await w.careLeaver(seventeen, '2024-25', { inTouch: 'NO', activity: 'G4', accommodation: '0' }); // another year's row
      await leaver('2009-03-31', 'NO', 'G4', '0'); // 17 on 31 March 2026
      await leaver('2009-04-01', 'YES', 'F1', 'B1'); // 16: out
      await leaver('2004-04-01', 'YES', 'P2', 'C1'); // 21 on 1 April 2025
      await leaver('2004-03-31', 'YES', 'F1', 'B1'); // 22 on 31 March 2026: out
      await leaver('2006-06-01', 'YES', '0', '0'); // 19, no information on activity or accommodation
      await leaver('2007-02-28', 'DIED', null, null); // 19
      await leaver('2008-02-29', 'YES', 'F3', 'Z2'); // 18 (born on 29 February)
      await leaver('2005-09-01', 'YES', 'F5', 'E1'); // 20
      await leaver(null, 'YES', 'F1', 'B1'); // no date of birth: no age
      const m = await figures(w);
      // 17-21: 7 rows; EET F1, P2, F3, F5 = 4; in touch 5.
      assert.equal(m['care_leavers.eet_pct_17_21'], 57.1);
      assert.equal(m['care_leavers.in_touch_pct_17_21'], 71.4);
      // 19-21: 4 rows; C1 and E1 suitable.
      assert.equal(m['care_leavers.suitable_accommodation_pct_19_21'], 50);
    });

    test('figures are per partnership: another partnership’s records are not counted', async () => {
      const mine = await world();
      const theirs = await world();
      await theirs.population('2025-26', 5_000);
      await theirs.contact('2025-06-01', { childId: await theirs.child() });
      await theirs.referral(await theirs.child(), '2025-06-01');
      await mine.contact('2025-06-01', {});
      const m = await figures(mine);
      assert.equal(m['contacts.count'], 1);
      assert.equal(m['referrals.count'], 0);
      assert.equal(m['population.children_0_17'], null);
      assert.equal((await figures(theirs))['contacts.count'], 1);
    });

    test('a working-day figure needing a date outside the calendar is an error, not a guess', async () => {
      const w = await world();
      const c = await w.child();
      await w.assessment(await w.referral(c, '2014-11-01'), c, '2014-12-01', '2015-02-02', []);
      await assert.rejects(figures(w, '2014-15'), RangeError);
      // A contact on the calendar's last day has no second working day after it.
      const later = await world();
      const { last } = calendarRange();
      await later.contact(last, {});
      await assert.rejects(figures(later, reportingYearOf(last).label), /outside the working-day calendar/);
    });
  });
}
