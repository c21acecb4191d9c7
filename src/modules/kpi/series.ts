/**
 * Monthly series of the main flow, for the dashboard's trend charts, filters and tiles: the year's
 * figures month by month and by the child's team, in one set-based statement.
 *
 * Each flow series is a metric of the contract counted by the month of the date that puts a record
 * in the year (kpi-definitions.md: "X dated in the year"), from the same facts and the same
 * conditions as the engine (definitions.ts), so the twelve months add up to the year's figure.
 * Each stock series is a year-end figure ("open on the reference date") taken at every month end
 * instead, so March's value is the year-end figure. Distributions count the working days the
 * timeliness figures measure, in bands.
 */
import { sql, type Kysely, type RawBuilder } from '../../core/db/kysely.ts';
import type { Database } from '../../core/db/schema.ts';
import { reportingYear, type ReportingYear } from '../../core/dates.ts';
import { inReportingTransaction } from './engine.ts';
import { SHARED_CTES, SOURCES, kpiDefinition, type Condition, type KpiSource, type MetricId } from './definitions.ts';

/** A flow: a count (or a percentage's numerator and denominator) by the month of its date. */
export type FlowSeries = { id: string; metric: MetricId; dateColumn: string; label: string };

/**
 * The flow series: each names its metric and the facts column whose month it is counted in (the
 * date the metric's "in the year" condition reads).
 */
export const FLOW_SERIES: readonly FlowSeries[] = [
  { id: 'contacts', metric: 'contacts.count', dateColumn: 'contact_date', label: 'Contacts' },
  { id: 'referrals', metric: 'referrals.count', dateColumn: 'referral_date', label: 'Referrals' },
  { id: 'assessments', metric: 'assessments.completed', dateColumn: 'authorisation_date', label: 'Assessments completed' },
  { id: 's47', metric: 's47.count', dateColumn: 'start_date', label: 'Section 47 enquiries started' },
  { id: 'icpc', metric: 'icpc.count', dateColumn: 'icpc_date', label: 'Initial child protection conferences' },
  { id: 'cp-started', metric: 'cp.plans_started', dateColumn: 'start_date', label: 'Child protection plans started' },
  { id: 'cla-started', metric: 'cla.started', dateColumn: 'decom', label: 'Children starting to be looked after (episodes)' },
  { id: 'cla-ceased', metric: 'cla.ceased', dateColumn: 'dec', label: 'Episodes of care ceased' },
  { id: 'cp-ceased', metric: 'cp.plans_ceased', dateColumn: 'end_date', label: 'Child protection plans ceased' },
  { id: 'contacts-to-referral', metric: 'contacts.to_referral_pct', dateColumn: 'contact_date', label: 'Contacts leading to a referral within 1 working day' },
  { id: 'rereferrals', metric: 'referrals.rereferral_pct', dateColumn: 'referral_date', label: 'Re-referrals within 12 months' },
  { id: 'assessments-45wd', metric: 'assessments.within_45wd_pct', dateColumn: 'authorisation_date', label: 'Assessments within 45 working days' },
  { id: 'icpc-15wd', metric: 'icpc.within_15wd_pct', dateColumn: 'icpc_date', label: 'ICPCs within 15 working days' },
];

/** A stock: a year-end figure taken at each month end (open on that day, by the same rule). */
export type StockSeries = { id: string; metric: MetricId; label: string; start: string; end: string; distinctChildren: boolean };

export const STOCK_SERIES: readonly StockSeries[] = [
  { id: 'cin-open', metric: 'cin.children_at_year_end', label: 'Children in need at the month end', start: 'referral_date', end: 'closure_date', distinctChildren: true },
  { id: 'cp-open', metric: 'cp.plans_at_year_end', label: 'Child protection plans at the month end', start: 'start_date', end: 'end_date', distinctChildren: false },
  { id: 'cla-open', metric: 'cla.at_year_end', label: 'Children looked after at the month end', start: 'decom', end: 'dec', distinctChildren: true },
];

/** A timeliness distribution: the working days a percentage measures, in bands. */
export type Distribution = { id: string; metric: MetricId; column: string; label: string; bands: { label: string; upTo: number | null }[] };

export const DISTRIBUTIONS: readonly Distribution[] = [
  {
    id: 'assessment-days', metric: 'assessments.completed', column: 'working_days', label: 'Working days from the start of an assessment to its authorisation',
    bands: [{ label: '0-10', upTo: 10 }, { label: '11-20', upTo: 20 }, { label: '21-30', upTo: 30 }, { label: '31-45', upTo: 45 }, { label: '46-60', upTo: 60 }, { label: '61 or more', upTo: null }],
  },
  {
    id: 'icpc-days', metric: 'icpc.count', column: 'working_days_to_icpc', label: 'Working days from the Section 47 start to the initial conference',
    bands: [{ label: '0-5', upTo: 5 }, { label: '6-10', upTo: 10 }, { label: '11-15', upTo: 15 }, { label: '16-20', upTo: 20 }, { label: '21-30', upTo: 30 }, { label: '31 or more', upTo: null }],
  },
];

/** One cell of a series: a month ('2025-04'), the child's team (null: none), and its counts. */
export type SeriesRow = { series: string; month: string; teamId: string | null; band: string | null; n: number; numerator: number };

type Raw = RawBuilder<unknown>;

function allOf(conditions: Condition[], year: ReportingYear): Raw {
  if (conditions.length === 0) return sql`TRUE`;
  return sql.join(conditions.map((c) => sql`(${c.sql(year)})`), sql` AND `);
}

function sourceOf(metric: MetricId): KpiSource {
  const def = kpiDefinition(metric);
  if (!def || !('source' in def)) throw new Error(`${metric} has no source of records`);
  return def.source;
}

const factsName = (source: KpiSource): string => `facts_${source.name.toLowerCase()}`;
const month = (column: Raw): Raw => sql`to_char(${column}, 'YYYY-MM')`;

function flowQuery(series: FlowSeries, year: ReportingYear): Raw {
  const def = kpiDefinition(series.metric);
  if (!def || (def.kind !== 'count' && def.kind !== 'pct')) throw new Error(`${series.metric} is not a count or a percentage`);
  if (def.kind === 'count' && def.distinctChildren) throw new Error(`${series.metric} counts distinct children, which do not add up by month`);
  const numerator = def.kind === 'pct' ? sql`count(*) FILTER (WHERE ${allOf(def.numerator, year)})` : sql`0`;
  return sql`
    SELECT ${series.id}::text AS series, ${month(sql.ref(`f.${series.dateColumn}`))} AS month, t.team_id, NULL::text AS band,
      count(*)::int AS n, ${numerator}::int AS numerator
    FROM ${sql.table(factsName(def.source))} f LEFT JOIN child_team t ON t.id = f.child_id
    WHERE ${allOf(def.where, year)}
    GROUP BY 2, 3`;
}

function stockQuery(series: StockSeries): Raw {
  const source = sourceOf(series.metric);
  const start = sql.ref(`f.${series.start}`);
  const end = sql.ref(`f.${series.end}`);
  const counted = series.distinctChildren ? sql`count(DISTINCT f.child_id)` : sql`count(*)`;
  // Open on day D: started on or before D, not ended by D (an end on D itself is not open).
  return sql`
    SELECT ${series.id}::text AS series, ${month(sql`d.day`)} AS month, t.team_id, NULL::text AS band, ${counted}::int AS n, 0 AS numerator
    FROM ${sql.table(factsName(source))} f
    JOIN month_end d ON ${start} <= d.day AND (${end} IS NULL OR ${end} > d.day)
    LEFT JOIN child_team t ON t.id = f.child_id
    GROUP BY 2, 3`;
}

function distributionQuery(distribution: Distribution, year: ReportingYear): Raw {
  const def = kpiDefinition(distribution.metric);
  if (!def || def.kind !== 'count') throw new Error(`${distribution.metric} is not a count`);
  const column = sql.ref(`f.${distribution.column}`);
  const band = sql`CASE ${sql.join(
    distribution.bands.map((b) => (b.upTo === null ? sql`ELSE ${b.label}` : sql`WHEN ${column} <= ${sql.lit(b.upTo)} THEN ${b.label}`)),
    sql` `,
  )} END`;
  const dateColumn = distribution.metric === 'icpc.count' ? 'icpc_date' : 'authorisation_date';
  return sql`
    SELECT ${distribution.id}::text AS series, ${month(sql.ref(`f.${dateColumn}`))} AS month, t.team_id, (${band})::text AS band, count(*)::int AS n, 0 AS numerator
    FROM ${sql.table(factsName(def.source))} f LEFT JOIN child_team t ON t.id = f.child_id
    WHERE ${allOf(def.where, year)}
    GROUP BY 2, 3, 4`;
}

/**
 * Every series for the partnership and year, by month and team, in one read-only statement (one
 * snapshot): each source's facts are read once (materialized when several series read them).
 */
export async function monthlySeries(db: Kysely<Database>, laCode: string, yearLabel: string): Promise<SeriesRow[]> {
  const year = reportingYear(yearLabel);
  const used = new Set<KpiSource>([
    ...FLOW_SERIES.map((s) => sourceOf(s.metric)),
    ...STOCK_SERIES.map((s) => sourceOf(s.metric)),
    ...DISTRIBUTIONS.map((d) => sourceOf(d.metric)),
  ]);
  const sources = SOURCES.filter((s) => used.has(s));
  const shared = [...new Set(sources.flatMap((s) => s.needs ?? []))].map((name) => sql`${sql.id(name)} AS MATERIALIZED (${SHARED_CTES[name](laCode, year)})`);
  const facts = sources.map((s) => sql`${sql.id(factsName(s))} AS MATERIALIZED (${s.facts(laCode, year)})`);
  const ctes = [
    ...shared,
    ...facts,
    sql`child_team AS MATERIALIZED (SELECT c.id, c.team_id FROM child c WHERE c.la_code = ${laCode} AND c.team_id IS NOT NULL)`,
    sql`month_end AS (SELECT (g + interval '1 month' - interval '1 day')::date AS day FROM generate_series(${year.start}::date, ${year.end}::date, interval '1 month') g)`,
  ];
  const parts = [...FLOW_SERIES.map((s) => flowQuery(s, year)), ...STOCK_SERIES.map(stockQuery), ...DISTRIBUTIONS.map((d) => distributionQuery(d, year))];
  const statement = sql<{ series: string; month: string; team_id: string | null; band: string | null; n: number; numerator: number }>`
    WITH ${sql.join(ctes)}
    ${sql.join(parts, sql` UNION ALL `)}`;
  const rows = await inReportingTransaction(db, async (trx) => (await statement.execute(trx)).rows);
  return rows.map((r) => ({ series: r.series, month: r.month, teamId: r.team_id, band: r.band, n: Number(r.n), numerator: Number(r.numerator) }));
}

/** The twelve months of a reporting year, April first: '2025-04' ... '2026-03'. */
export function monthsOf(yearLabel: string): string[] {
  const first = Number(reportingYear(yearLabel).start.slice(0, 4));
  return Array.from({ length: 12 }, (_, i) => {
    const m = ((3 + i) % 12) + 1;
    return `${m >= 4 ? first : first + 1}-${String(m).padStart(2, '0')}`;
  });
}
