/**
 * The engine against a second, deliberately naive reading of the contract: on a random but
 * repeatable partnership (the benchmark's generator, small), every figure of three years must equal
 * what plain TypeScript computes from all the rows with the kernel's calendar and dates. And the
 * drill-down must list exactly the records behind every figure.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Kysely } from '../../core/db/kysely.ts';
import type { Database } from '../../core/db/schema.ts';
import { workingDaysBetween } from '../../core/calendar/index.ts';
import { reportingYear, twelveMonthsBefore } from '../../core/dates.ts';
import { percentage, ratePer10000 } from '../../core/rounding.ts';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import { createTestDatabase, testEngines, type TestDatabase } from '../../test/database.ts';
import { buildDataset } from '../../../bench/kpi-scale.ts';
import { computeKpis, drillDown, type KpiValue } from './engine.ts';
import { KPI_DEFINITIONS, METRIC_IDS, type MetricId } from './definitions.ts';
import { buildKpiWorld } from './test-factories.ts';

const LA = '555';
const YEARS = ['2023-24', '2024-25', '2025-26'];

/** Every figure of `year`, computed in TypeScript from all the partnership's rows, line by line from the contract. */
async function naiveKpis(db: Kysely<Database>, laCode: string, year: string): Promise<Record<MetricId, KpiValue>> {
  const { start, end, label } = reportingYear(year);
  const inYear = (d: string | null): d is string => d !== null && d >= start && d <= end;
  const tally = (codes: (string | null)[]): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const code of codes) if (code !== null) out[code] = (out[code] ?? 0) + 1;
    return out;
  };
  const distinct = (ids: string[]): number => new Set(ids).size;

  const contacts = await db.selectFrom('contact').selectAll().where('la_code', '=', laCode).execute();
  const episodes = await db.selectFrom('cin_episode').selectAll().where('la_code', '=', laCode).execute();
  const assessments = await db.selectFrom('assessment').selectAll().where('la_code', '=', laCode).execute();
  const s47s = await db.selectFrom('s47_enquiry').selectAll().where('la_code', '=', laCode).execute();
  const plans = await db.selectFrom('cp_plan').selectAll().where('la_code', '=', laCode).execute();
  const laEpisodes = await db.selectFrom('la_episode').selectAll().where('la_code', '=', laCode).execute();
  const leavers = await db
    .selectFrom('care_leaver')
    .leftJoin('child', (j) => j.onRef('child.la_code', '=', 'care_leaver.la_code').onRef('child.id', '=', 'care_leaver.child_id'))
    .select(['care_leaver.in_touch', 'care_leaver.activity', 'care_leaver.accommodation', 'child.date_of_birth'])
    .where('care_leaver.la_code', '=', laCode)
    .where('care_leaver.year', '=', label)
    .execute();
  const populationRow = await db.selectFrom('population').select('population_0_17').where('la_code', '=', laCode).where('year', '=', label).executeTakeFirst();
  const population = populationRow?.population_0_17 ?? null;
  const rate = (n: number): number | null => (population === null ? null : ratePer10000(n, population));

  const referralsOf = new Map<string, string[]>();
  for (const e of episodes) referralsOf.set(e.child_id, [...(referralsOf.get(e.child_id) ?? []), e.referral_date]);

  const yearContacts = contacts.filter((c) => inYear(c.contact_date));
  const linked = yearContacts.filter((c) => c.child_id !== null && (referralsOf.get(c.child_id) ?? []).some((r) => r >= c.contact_date && workingDaysBetween(c.contact_date, r) <= 1));

  const referrals = episodes.filter((e) => inYear(e.referral_date));
  const rereferrals = referrals.filter((e) => (referralsOf.get(e.child_id) ?? []).some((r) => r < e.referral_date && r >= twelveMonthsBefore(e.referral_date)));

  const completed = assessments.filter((a) => inYear(a.authorisation_date));
  const groups = [['1A', '1B', '1C', '2A', '2B', '2C'], ['3A', '3B', '3C'], ['4A', '4B', '4C']];
  const hasGroup = (factors: string[], group: string[]): boolean => factors.some((f) => group.includes(f));

  const nonNfa = episodes.filter((e) => !e.referral_nfa);
  const openOn = (from: string, to: string | null, day: string): boolean => from <= day && (to === null || to > day);

  const s47InYear = s47s.filter((s) => inYear(s.start_date));
  const icpcs = s47s.filter((s) => inYear(s.icpc_date));

  const plansStarted = plans.filter((p) => inYear(p.start_date));
  const plansAtEnd = plans.filter((p) => openOn(p.start_date, p.end_date, end)).length;

  const cla = laEpisodes.filter((l) => l.legal_status !== 'V3' && l.legal_status !== 'V4');
  const claAtEnd = distinct(cla.filter((l) => openOn(l.decom, l.dec, end)).map((l) => l.child_id));
  const ceased = cla.filter((l) => inYear(l.dec) && l.rec !== 'X1');
  const adopted = ceased.filter((l) => l.rec === 'E11' || l.rec === 'E12').length;
  const sgo = ceased.filter((l) => ['E43', 'E44', 'E45', 'E46', 'E47', 'E48'].includes(l.rec ?? '')).length;

  // Age reached on the birthday that falls in the year.
  const ageInYear = (dob: string | null): number | null => {
    if (dob === null) return null;
    for (const y of [Number(start.slice(0, 4)), Number(end.slice(0, 4))]) {
      const birthday = `${y}${dob.slice(4)}`;
      const onDay = dob.slice(5) === '02-29' && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? `${y}-03-01` : birthday;
      if (onDay >= start && onDay <= end) return y - Number(dob.slice(0, 4));
    }
    return null;
  };
  const aged = (low: number, high: number) => leavers.filter((l) => { const age = ageInYear(l.date_of_birth); return age !== null && age >= low && age <= high; });
  const cohort17 = aged(17, 21);
  const cohort19 = aged(19, 21);
  const cinAtEnd = distinct(nonNfa.filter((e) => openOn(e.referral_date, e.closure_date, end)).map((e) => e.child_id));
  const s47Children = distinct(s47InYear.map((s) => s.child_id));

  return {
    'contacts.count': yearContacts.length,
    'contacts.by_source': tally(yearContacts.map((c) => c.source)),
    'contacts.to_referral_pct': percentage(linked.length, yearContacts.length),
    'referrals.count': referrals.length,
    'referrals.rereferral_pct': percentage(rereferrals.length, referrals.length),
    'referrals.nfa_pct': percentage(referrals.filter((e) => e.referral_nfa).length, referrals.length),
    'referrals.by_source': tally(referrals.map((e) => e.referral_source)),
    'assessments.completed': completed.length,
    'assessments.within_45wd_pct': percentage(completed.filter((a) => workingDaysBetween(a.start_date, a.authorisation_date!) <= 45).length, completed.length),
    'assessments.toxic_trio_any': completed.filter((a) => groups.some((g) => hasGroup(a.factors, g))).length,
    'assessments.toxic_trio_all': completed.filter((a) => groups.every((g) => hasGroup(a.factors, g))).length,
    'assessments.by_factor': tally(completed.flatMap((a) => [...new Set(a.factors)])),
    'cin.children_in_year': distinct(nonNfa.filter((e) => e.referral_date <= end && (e.closure_date === null || e.closure_date >= start)).map((e) => e.child_id)),
    'cin.children_at_year_end': cinAtEnd,
    'cin.rate_per_10k_at_year_end': rate(cinAtEnd),
    's47.count': s47InYear.length,
    's47.children': s47Children,
    's47.rate_per_10k': rate(s47Children),
    'icpc.count': icpcs.length,
    'icpc.within_15wd_pct': percentage(icpcs.filter((s) => workingDaysBetween(s.start_date, s.icpc_date!) <= 15).length, icpcs.length),
    'cp.plans_at_year_end': plansAtEnd,
    'cp.rate_per_10k_at_year_end': rate(plansAtEnd),
    'cp.plans_started': plansStarted.length,
    'cp.plans_ceased': plans.filter((p) => inYear(p.end_date)).length,
    'cp.second_or_subsequent_pct': percentage(plansStarted.filter((p) => (p.previous_plans ?? 0) > 0).length, plansStarted.length),
    'cp.by_initial_category': tally(plansStarted.map((p) => p.initial_category)),
    'cla.at_year_end': claAtEnd,
    'cla.rate_per_10k_at_year_end': rate(claAtEnd),
    'cla.started': cla.filter((l) => l.rne === 'S' && inYear(l.decom)).length,
    'cla.ceased': ceased.length,
    'cla.ceased_adopted': adopted,
    'cla.ceased_sgo': sgo,
    'cla.ceased_adopted_pct': percentage(adopted, ceased.length),
    'cla.ceased_sgo_pct': percentage(sgo, ceased.length),
    'care_leavers.eet_pct_17_21': percentage(cohort17.filter((l) => ['F1', 'P1', 'F2', 'P2', 'F3', 'P3', 'F4', 'P4', 'F5', 'P5'].includes(l.activity ?? '')).length, cohort17.length),
    'care_leavers.suitable_accommodation_pct_19_21': percentage(cohort19.filter((l) => /^[A-Z]1$/.test(l.accommodation ?? '')).length, cohort19.length),
    'care_leavers.in_touch_pct_17_21': percentage(cohort17.filter((l) => l.in_touch === 'YES').length, cohort17.length),
    'population.children_0_17': population,
  };
}

for (const engine of testEngines()) {
  describe(`KPI engine agrees with a naive reading of the contract (${engine})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(engine);
      await buildDataset(database.db, 0.05, LA);
    });
    after(() => database.close());

    for (const year of YEARS) {
      test(`every figure of ${year}`, async () => {
        const { metrics } = await computeKpis(database.db, LA, year);
        const expected = await naiveKpis(database.db, LA, year);
        assert.deepEqual(Object.keys(metrics), [...METRIC_IDS]);
        for (const id of METRIC_IDS) assert.deepEqual(metrics[id], expected[id], id);
        // The data exercises the figures: none of the main counts is empty.
        for (const id of ['contacts.count', 'referrals.count', 'assessments.completed', 's47.count', 'icpc.count', 'cp.plans_started', 'cla.ceased'] as const) {
          assert.ok((metrics[id] as number) > 0, id);
        }
      });
    }

    test('the drill-down lists exactly the records behind every figure', async () => {
      const year = '2025-26';
      const { metrics } = await computeKpis(database.db, LA, year);
      for (const def of KPI_DEFINITIONS) {
        const value = metrics[def.id];
        const rows = await drillDown(database.db, LA, year, def.id);
        if (def.kind === 'population') {
          assert.deepEqual(rows, [], def.id);
        } else if (def.kind === 'pct') {
          assert.equal(percentage(rows.filter((r) => r.counted).length, rows.length), value, def.id);
        } else if (def.kind === 'by') {
          const counts = value as Record<string, number>;
          const listed: Record<string, number> = {};
          for (const r of rows) listed[r.code!] = (listed[r.code!] ?? 0) + 1;
          assert.deepEqual(listed, counts, def.id);
          const [code, n] = Object.entries(counts)[0] ?? [];
          if (code) assert.equal((await drillDown(database.db, LA, year, def.id, code)).length, n, `${def.id} ${code}`);
        } else if (def.kind === 'rate') {
          assert.equal(rows.length, metrics[def.of], def.id);
        } else {
          assert.equal(rows.length, value, def.id);
          if (def.distinctChildren) assert.equal(new Set(rows.map((r) => r.childId)).size, rows.length, `${def.id}: one row a child`);
        }
        for (const r of rows.slice(0, 3)) if (r.childId) assert.match(r.laChildId ?? '', /^B\d+$/, def.id);
      }
    });

    test('drill-down rows carry the dates that put them in the figure; unknown ids and misplaced codes are refused', async () => {
      const w = await buildKpiWorld(database.db);
      const c = await w.child({ laChildId: 'RR-1' });
      const first = await w.referral(c, '2025-03-15', { closureDate: '2025-04-01' });
      const second = await w.referral(c, '2026-03-15');
      const rows = await drillDown(database.db, w.laCode, '2025-26', 'referrals.rereferral_pct');
      assert.deepEqual(rows, [
        {
          recordId: second,
          childId: c,
          laChildId: 'RR-1',
          counted: true,
          evidence: { referralDate: '2026-03-15', referralNfa: false, referralSource: '1A', previousReferralDate: '2025-03-15' },
        },
      ]);
      // A distinct child: one row, with the child's earliest qualifying episode.
      const children = await drillDown(database.db, w.laCode, '2025-26', 'cin.children_in_year');
      assert.deepEqual(children.map((r) => [r.laChildId, r.recordId, r.evidence.referralDate]), [['RR-1', first, '2025-03-15']]);
      await assert.rejects(drillDown(database.db, w.laCode, '2025-26', 'referrals.nonsense'), NotFoundError);
      await assert.rejects(drillDown(database.db, w.laCode, '2025-26', 'referrals.count', '1A'), ValidationError);
    });
  });
}
