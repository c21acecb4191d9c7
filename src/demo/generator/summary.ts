/**
 * What the generator wrote: rows per table, and the figures of each reporting year in the shape of
 * the yearly report's "Children's social care in numbers" page. The definitions follow
 * kpi-definitions.md (working days from the calendar_day table: working_days(S, E) = index(E) -
 * index(S)); they are a check on the demonstration, not the KPI module.
 */
import { sql, type Kysely } from '../../core/db/kysely.ts';
import type { Database } from '../../core/db/schema.ts';
import type { YearSpan } from './model.ts';
import { iso } from './days.ts';

export type YearFigures = {
  year: string;
  contacts: number;
  referrals: number;
  /** % of referrals with an earlier referral of the same child within 12 months before. */
  rereferralPct: number | null;
  nfaPct: number | null;
  assessmentsCompleted: number;
  within45Pct: number | null;
  toxicTrioAnyPct: number | null;
  s47: number;
  s47Children: number;
  icpcs: number;
  icpcWithin15Pct: number | null;
  cpAtYearEnd: number;
  cpStarted: number;
  cpCeased: number;
  cinAtYearEnd: number;
  claAtYearEnd: number;
  claStarted: number;
  claCeased: number;
  careLeavers: number;
  earlyHelpStarted: number;
  earlyHelpClosed: number;
  earlyHelpSuccessfulPct: number | null;
  population: number | null;
};

const pct = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((1000 * part) / whole) / 10);

/** The year's figures for the partnership. */
export async function yearFigures(db: Kysely<Database>, laCode: string, year: YearSpan): Promise<YearFigures> {
  const start = iso(year.start);
  const end = iso(year.end);
  const one = async <T>(query: ReturnType<typeof sql<T>>): Promise<T> => (await query.execute(db)).rows[0] as T;

  const contacts = await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM contact WHERE la_code = ${laCode} AND contact_date BETWEEN ${start} AND ${end}`);
  const referrals = await one<{ n: number; nfa: number; again: number }>(sql`
    SELECT count(*)::int AS n, count(*) FILTER (WHERE e.referral_nfa)::int AS nfa,
      count(*) FILTER (WHERE EXISTS (
        SELECT 1 FROM cin_episode p WHERE p.la_code = e.la_code AND p.child_id = e.child_id
          AND p.referral_date < e.referral_date AND p.referral_date >= (e.referral_date - interval '1 year')::date))::int AS again
    FROM cin_episode e WHERE e.la_code = ${laCode} AND e.referral_date BETWEEN ${start} AND ${end}`);
  const assessments = await one<{ n: number; on_time: number; trio: number }>(sql`
    SELECT count(*)::int AS n,
      count(*) FILTER (WHERE ce.working_day_index - cs.working_day_index <= 45)::int AS on_time,
      count(*) FILTER (WHERE a.factors && ARRAY['1A','1B','1C','2A','2B','2C','3A','3B','3C','4A','4B','4C'])::int AS trio
    FROM assessment a
    JOIN calendar_day cs ON cs.day = a.start_date JOIN calendar_day ce ON ce.day = a.authorisation_date
    WHERE a.la_code = ${laCode} AND a.authorisation_date BETWEEN ${start} AND ${end}`);
  const s47 = await one<{ n: number; children: number }>(sql`
    SELECT count(*)::int AS n, count(DISTINCT child_id)::int AS children FROM s47_enquiry
    WHERE la_code = ${laCode} AND start_date BETWEEN ${start} AND ${end}`);
  const icpc = await one<{ n: number; on_time: number }>(sql`
    SELECT count(*)::int AS n, count(*) FILTER (WHERE ci.working_day_index - cs.working_day_index <= 15)::int AS on_time
    FROM s47_enquiry s JOIN calendar_day cs ON cs.day = s.start_date JOIN calendar_day ci ON ci.day = s.icpc_date
    WHERE s.la_code = ${laCode} AND s.icpc_date BETWEEN ${start} AND ${end}`);
  const cp = await one<{ at_end: number; started: number; ceased: number }>(sql`
    SELECT count(*) FILTER (WHERE start_date <= ${end} AND (end_date IS NULL OR end_date > ${end}))::int AS at_end,
      count(*) FILTER (WHERE start_date BETWEEN ${start} AND ${end})::int AS started,
      count(*) FILTER (WHERE end_date BETWEEN ${start} AND ${end})::int AS ceased
    FROM cp_plan WHERE la_code = ${laCode}`);
  const cin = await one<{ n: number }>(sql`
    SELECT count(DISTINCT child_id)::int AS n FROM cin_episode
    WHERE la_code = ${laCode} AND NOT referral_nfa AND referral_date <= ${end} AND (closure_date IS NULL OR closure_date > ${end})`);
  const cla = await one<{ at_end: number; started: number; ceased: number }>(sql`
    SELECT count(DISTINCT child_id) FILTER (WHERE decom <= ${end} AND (dec IS NULL OR dec > ${end}))::int AS at_end,
      count(*) FILTER (WHERE rne = 'S' AND decom BETWEEN ${start} AND ${end})::int AS started,
      count(*) FILTER (WHERE dec BETWEEN ${start} AND ${end} AND rec <> 'X1')::int AS ceased
    FROM la_episode WHERE la_code = ${laCode} AND legal_status NOT IN ('V3', 'V4')`);
  const leavers = await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM care_leaver WHERE la_code = ${laCode} AND year = ${year.label}`);
  const earlyHelp = await one<{ started: number; closed: number; successful: number }>(sql`
    SELECT count(*) FILTER (WHERE start_date BETWEEN ${start} AND ${end})::int AS started,
      count(*) FILTER (WHERE end_date BETWEEN ${start} AND ${end})::int AS closed,
      count(*) FILTER (WHERE end_date BETWEEN ${start} AND ${end} AND outcome = 'successful_sustained')::int AS successful
    FROM early_help_episode WHERE la_code = ${laCode}`);
  const population = await one<{ n: number } | undefined>(sql`SELECT population_0_17 AS n FROM population WHERE la_code = ${laCode} AND year = ${year.label}`);

  return {
    year: year.label,
    contacts: contacts.n,
    referrals: referrals.n,
    rereferralPct: pct(referrals.again, referrals.n),
    nfaPct: pct(referrals.nfa, referrals.n),
    assessmentsCompleted: assessments.n,
    within45Pct: pct(assessments.on_time, assessments.n),
    toxicTrioAnyPct: pct(assessments.trio, assessments.n),
    s47: s47.n,
    s47Children: s47.children,
    icpcs: icpc.n,
    icpcWithin15Pct: pct(icpc.on_time, icpc.n),
    cpAtYearEnd: cp.at_end,
    cpStarted: cp.started,
    cpCeased: cp.ceased,
    cinAtYearEnd: cin.n,
    claAtYearEnd: cla.at_end,
    claStarted: cla.started,
    claCeased: cla.ceased,
    careLeavers: leavers.n,
    earlyHelpStarted: earlyHelp.started,
    earlyHelpClosed: earlyHelp.closed,
    earlyHelpSuccessfulPct: pct(earlyHelp.successful, earlyHelp.closed),
    population: population?.n ?? null,
  };
}
