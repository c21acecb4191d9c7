/**
 * The front door's figures, computed in SQL: the `mash.*` metrics of a reporting year, defined in
 * docs/mash-metrics.md with the conventions of kpi-definitions.md (working days from the
 * calendar_day table, percentages rounded half away from zero to 1 decimal, null on an empty
 * denominator, zero counts omitted from by_* objects), and the daily huddle's live figures.
 */
import { sql, type Kysely } from '../../core/db/kysely.ts';
import type { Database } from '../../core/db/schema.ts';
import { percentage } from '../../core/rounding.ts';
import { addDays, dayOfWeek, reportingYear } from '../../core/dates.ts';
import { londonDateOf } from '../../core/calendar/index.ts';

export type MashMetrics = {
  year: string;
  la: string;
  metrics: {
    'mash.contacts.count': number;
    'mash.contacts.by_source': Record<string, number>;
    'mash.contacts.by_door': Record<string, number>;
    'mash.contacts.by_outcome': Record<string, number>;
    'mash.contacts.awaiting_decision': number;
    'mash.decisions.within_1wd_pct': number | null;
    'mash.rag.by_rating': Record<string, number>;
    'mash.rag.timescale_met_pct': number | null;
    'mash.research.within_deadline_pct': number | null;
    'mash.feedback.within_target_pct': number | null;
    'mash.consultations.count': number;
    'mash.consultations.by_agency_type': Record<string, number>;
  };
};

const byCode = (rows: { code: string | null; n: number }[]): Record<string, number> =>
  Object.fromEntries(rows.filter((r) => r.code !== null && Number(r.n) > 0).map((r) => [r.code!, Number(r.n)]).sort(([a], [b]) => String(a).localeCompare(String(b))));

/** The `mash.*` metrics of reporting year `yearLabel` (e.g. '2025-26'), as of now. */
export async function mashMetrics(db: Kysely<Database>, laCode: string, yearLabel: string): Promise<MashMetrics> {
  const year = reportingYear(yearLabel);
  // The year's front-door contacts: contact_date within the year, both days inclusive (docs/mash-metrics.md).
  const inYear = sql`m.la_code = ${laCode} AND c.contact_date BETWEEN ${year.start}::date AND ${year.end}::date`;
  const from = sql`mash_contact m JOIN contact c ON c.la_code = m.la_code AND c.id = m.contact_id`;

  const [totals, bySource, byDoor, byOutcome, byRag, research, consultations, consultationsByType] = await Promise.all([
    // mash.contacts.count, awaiting_decision, decisions.within_1wd_pct, rag.timescale_met_pct, feedback.within_target_pct
    sql<{ contacts: number; awaiting: number; decided: number; decided_within: number; rated_decided: number; rag_met: number; feedback_met: number }>`
      SELECT count(*)::int AS contacts,
             count(*) FILTER (WHERE m.decision IS NULL)::int AS awaiting,
             count(*) FILTER (WHERE m.decision IS NOT NULL)::int AS decided,
             -- working_days(S, E) = index(E) - index(S) when E > S, else 0 (kpi-definitions.md)
             count(*) FILTER (WHERE m.decision IS NOT NULL AND
               (CASE WHEN m.decision_date > c.contact_date THEN e.working_day_index - s.working_day_index ELSE 0 END) <= 1)::int AS decided_within,
             count(*) FILTER (WHERE m.decision IS NOT NULL AND m.rag IS NOT NULL)::int AS rated_decided,
             count(*) FILTER (WHERE m.decision IS NOT NULL AND m.rag IS NOT NULL AND m.decided_at <= m.rag_due_at)::int AS rag_met,
             count(*) FILTER (WHERE m.decision IS NOT NULL AND m.feedback_given_at IS NOT NULL AND m.feedback_given_at <= m.feedback_due_at)::int AS feedback_met
      FROM ${from}
      LEFT JOIN calendar_day s ON s.day = c.contact_date
      LEFT JOIN calendar_day e ON e.day = m.decision_date
      WHERE ${inYear}`.execute(db),
    sql<{ code: string | null; n: number }>`SELECT c.source AS code, count(*)::int AS n FROM ${from} WHERE ${inYear} GROUP BY c.source`.execute(db),
    sql<{ code: string | null; n: number }>`SELECT m.door AS code, count(*)::int AS n FROM ${from} WHERE ${inYear} GROUP BY m.door`.execute(db),
    sql<{ code: string | null; n: number }>`SELECT m.decision AS code, count(*)::int AS n FROM ${from} WHERE ${inYear} AND m.decision IS NOT NULL GROUP BY m.decision`.execute(db),
    sql<{ code: string | null; n: number }>`SELECT m.rag AS code, count(*)::int AS n FROM ${from} WHERE ${inYear} AND m.rag IS NOT NULL GROUP BY m.rag`.execute(db),
    // mash.research.within_deadline_pct: requests on the year's contacts whose deadline has passed or that were answered.
    sql<{ due: number; met: number }>`
      SELECT count(*)::int AS due, count(*) FILTER (WHERE r.answered_at IS NOT NULL AND r.answered_at <= r.due_at)::int AS met
      FROM ${from} JOIN mash_research_request r ON r.la_code = m.la_code AND r.contact_id = m.contact_id
      WHERE ${inYear} AND (r.answered_at IS NOT NULL OR r.due_at < now())`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM mash_consultation k WHERE k.la_code = ${laCode}
      AND (k.consulted_at AT TIME ZONE 'Europe/London')::date BETWEEN ${year.start}::date AND ${year.end}::date`.execute(db),
    sql<{ code: string | null; n: number }>`SELECT coalesce(a.agency_type, 'no_agency') AS code, count(*)::int AS n
      FROM mash_consultation k LEFT JOIN agency a ON a.la_code = k.la_code AND a.id = k.caller_agency_id
      WHERE k.la_code = ${laCode} AND (k.consulted_at AT TIME ZONE 'Europe/London')::date BETWEEN ${year.start}::date AND ${year.end}::date
      GROUP BY 1`.execute(db),
  ]);
  const t = totals.rows[0]!;
  const r = research.rows[0]!;
  return {
    year: year.label,
    la: laCode,
    metrics: {
      'mash.contacts.count': Number(t.contacts),
      'mash.contacts.by_source': byCode(bySource.rows),
      'mash.contacts.by_door': byCode(byDoor.rows),
      'mash.contacts.by_outcome': byCode(byOutcome.rows),
      'mash.contacts.awaiting_decision': Number(t.awaiting),
      'mash.decisions.within_1wd_pct': percentage(Number(t.decided_within), Number(t.decided)),
      'mash.rag.by_rating': byCode(byRag.rows),
      'mash.rag.timescale_met_pct': percentage(Number(t.rag_met), Number(t.rated_decided)),
      'mash.research.within_deadline_pct': percentage(Number(r.met), Number(r.due)),
      'mash.feedback.within_target_pct': percentage(Number(t.feedback_met), Number(t.decided)),
      'mash.consultations.count': Number(consultations.rows[0]?.n ?? 0),
      'mash.consultations.by_agency_type': byCode(consultationsByType.rows),
    },
  };
}

export type HuddleFigures = {
  asOf: Date;
  today: string;
  weekStart: string;
  /** The live queue: undecided contacts by rating (unrated as 'unrated') and age band. */
  queue: { rag: string; total: number; under4h: number; under1d: number; under3d: number; older: number }[];
  breaches: { ragBreached: number; decisionOverdue: number; feedbackOverdue: number; researchOverdue: number };
  researchAwaited: number;
  periods: { label: string; received: number; red: number; decided: number; decidedWithinClock: number; feedbackGiven: number; consultations: number }[];
};

/** The daily huddle's figures at `now`: the live queue, breaches, research awaited, today and this week. */
export async function huddleFigures(db: Kysely<Database>, laCode: string, now = new Date()): Promise<HuddleFigures> {
  const today = londonDateOf(now);
  const weekStart = addDays(today, -((dayOfWeek(today) + 6) % 7)); // Monday of this week
  const [queue, breaches, research, periods] = await Promise.all([
    sql<{ rag: string; total: number; under4h: number; under1d: number; under3d: number; older: number }>`
      SELECT coalesce(m.rag, 'unrated') AS rag, count(*)::int AS total,
             count(*) FILTER (WHERE c.received_at > ${now}::timestamptz - interval '4 hours')::int AS under4h,
             count(*) FILTER (WHERE c.received_at <= ${now}::timestamptz - interval '4 hours' AND c.received_at > ${now}::timestamptz - interval '1 day')::int AS under1d,
             count(*) FILTER (WHERE c.received_at <= ${now}::timestamptz - interval '1 day' AND c.received_at > ${now}::timestamptz - interval '3 days')::int AS under3d,
             count(*) FILTER (WHERE c.received_at <= ${now}::timestamptz - interval '3 days')::int AS older
      FROM mash_contact m JOIN contact c ON c.la_code = m.la_code AND c.id = m.contact_id
      WHERE m.la_code = ${laCode} AND m.decided_at IS NULL
      GROUP BY 1`.execute(db),
    sql<{ rag_breached: number; decision_overdue: number; feedback_overdue: number }>`
      SELECT count(*) FILTER (WHERE m.decided_at IS NULL AND m.rag_due_at < ${now}::timestamptz)::int AS rag_breached,
             count(*) FILTER (WHERE m.decided_at IS NULL AND m.decision_due_on < ${today}::date)::int AS decision_overdue,
             count(*) FILTER (WHERE m.decided_at IS NOT NULL AND m.feedback_given_at IS NULL AND m.feedback_due_at < ${now}::timestamptz)::int AS feedback_overdue
      FROM mash_contact m WHERE m.la_code = ${laCode} AND (m.decided_at IS NULL OR m.feedback_given_at IS NULL)`.execute(db),
    sql<{ awaited: number; overdue: number }>`
      SELECT count(*)::int AS awaited, count(*) FILTER (WHERE r.due_at < ${now}::timestamptz)::int AS overdue
      FROM mash_research_request r WHERE r.la_code = ${laCode} AND r.answered_at IS NULL`.execute(db),
    sql<{ period: string; received: number; red: number; decided: number; decided_within: number; feedback_given: number; consultations: number }>`
      WITH p(period, first_day) AS (VALUES ('today', ${today}::date), ('week', ${weekStart}::date))
      SELECT p.period,
        (SELECT count(*) FROM contact c JOIN mash_contact m ON m.la_code = c.la_code AND m.contact_id = c.id
          WHERE c.la_code = ${laCode} AND c.contact_date BETWEEN p.first_day AND ${today}::date)::int AS received,
        (SELECT count(*) FROM contact c JOIN mash_contact m ON m.la_code = c.la_code AND m.contact_id = c.id
          WHERE c.la_code = ${laCode} AND c.contact_date BETWEEN p.first_day AND ${today}::date AND m.rag = 'red')::int AS red,
        (SELECT count(*) FROM mash_contact m WHERE m.la_code = ${laCode} AND m.decision_date BETWEEN p.first_day AND ${today}::date)::int AS decided,
        (SELECT count(*) FROM mash_contact m WHERE m.la_code = ${laCode} AND m.decision_date BETWEEN p.first_day AND ${today}::date
          AND m.decision_date <= m.decision_due_on)::int AS decided_within,
        (SELECT count(*) FROM mash_contact m WHERE m.la_code = ${laCode}
          AND m.feedback_given_at >= (p.first_day::timestamp AT TIME ZONE 'Europe/London'))::int AS feedback_given,
        (SELECT count(*) FROM mash_consultation k WHERE k.la_code = ${laCode}
          AND (k.consulted_at AT TIME ZONE 'Europe/London')::date BETWEEN p.first_day AND ${today}::date)::int AS consultations
      FROM p`.execute(db),
  ]);
  const b = breaches.rows[0];
  const order = ['unrated', 'red', 'amber', 'green'];
  return {
    asOf: now,
    today,
    weekStart,
    queue: order.map((rag) => {
      const row = queue.rows.find((q) => q.rag === rag);
      return { rag, total: Number(row?.total ?? 0), under4h: Number(row?.under4h ?? 0), under1d: Number(row?.under1d ?? 0), under3d: Number(row?.under3d ?? 0), older: Number(row?.older ?? 0) };
    }),
    breaches: {
      ragBreached: Number(b?.rag_breached ?? 0), decisionOverdue: Number(b?.decision_overdue ?? 0), feedbackOverdue: Number(b?.feedback_overdue ?? 0),
      researchOverdue: Number(research.rows[0]?.overdue ?? 0),
    },
    researchAwaited: Number(research.rows[0]?.awaited ?? 0),
    periods: ['today', 'week'].map((period) => {
      const row = periods.rows.find((p) => p.period === period);
      return {
        label: period === 'today' ? 'Today' : 'This week', received: Number(row?.received ?? 0), red: Number(row?.red ?? 0), decided: Number(row?.decided ?? 0),
        decidedWithinClock: Number(row?.decided_within ?? 0), feedbackGiven: Number(row?.feedback_given ?? 0), consultations: Number(row?.consultations ?? 0),
      };
    }),
  };
}

