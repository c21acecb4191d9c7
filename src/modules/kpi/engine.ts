/**
 * The KPI engine: every metric of the contract for one partnership and reporting year, computed
 * set-based in the database (kpi-definitions.md). SQL returns counts, numerators and denominators;
 * percentages and rates are rounded here, once, at output (Conventions).
 *
 * All the figures come from one SQL statement in a read-only transaction, so they are read from one
 * snapshot of the data: one subquery per source (definitions.ts), each reading its table once for
 * the year and counting every metric of that source in as few passes as the figures allow.
 */
import { sql, type Kysely, type RawBuilder } from '../../core/db/kysely.ts';
import type { Database } from '../../core/db/schema.ts';
import { calendarRange } from '../../core/calendar/index.ts';
import { reportingYear, type ReportingYear } from '../../core/dates.ts';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import { percentage, ratePer10000 } from '../../core/rounding.ts';
import {
  KPI_DEFINITIONS,
  METRIC_IDS,
  SHARED_CTES,
  SOURCES,
  kpiDefinition,
  metricsOf,
  type CodeSpec,
  type Condition,
  type CountDefinition,
  type KpiSource,
  type MetricId,
} from './definitions.ts';

/** A metric's value: a count, a rounded percentage or rate (null with no denominator), or counts by code. */
export type KpiValue = number | null | Record<string, number>;

/** The contract's document: `{"year": "2025-26", "la": "...", "metrics": {ID: value, ...}}`. */
export type KpiDocument = { year: string; la: string; metrics: Record<MetricId, KpiValue> };

/** One record behind a figure, for the dashboard's list of the children behind it. */
export type DrillDownRow = {
  /** The record counted (episode, assessment, plan...); the child for care leavers. */
  recordId: string;
  childId: string | null;
  /** The LA child ID (LAchildID / CHILD / Child Unique ID); null for a contact with no child. */
  laChildId: string | null;
  /** For a `by_*` metric: the code the record is counted under. */
  code?: string;
  /** For a percentage: whether the record is in the numerator as well as the denominator. */
  counted?: boolean;
  /** What put the record in the figure: its dates (and working days, codes), named after the statutory items. */
  evidence: Record<string, string | number | boolean | null>;
};

type Raw = RawBuilder<unknown>;

function allOf(conditions: Condition[], year: ReportingYear): Raw {
  if (conditions.length === 0) return sql`TRUE`;
  return sql.join(
    conditions.map((c) => sql`(${c.sql(year)})`),
    sql` AND `,
  );
}

/**
 * The facts rows meeting `where`, each with its code as `kpi_code` (and `extra` columns, computed on
 * `f`). With several codes to a row (an array), a row comes once per distinct code: an element is
 * kept only where it first occurs in the array, which needs no DISTINCT (hashing every element
 * costs the embedded engine twice as much).
 */
function codedRows(code: CodeSpec, where: Raw, extra: Raw = sql``): Raw {
  const column = sql.ref(`f.${code.column}`);
  if (!code.several) return sql`SELECT f.*, ${column} AS kpi_code ${extra} FROM facts f WHERE ${where}`;
  return sql`
    SELECT x.* FROM (
      SELECT f.*, unnest(${column}) AS kpi_code, generate_subscripts(${column}, 1) AS kpi_position ${extra}
      FROM facts f WHERE ${where}
    ) x
    WHERE array_position(${sql.ref(`x.${code.column}`)}, x.kpi_code) = x.kpi_position`;
}

/** What each column of the statement's single row holds. */
type SlotSpec = { metric: MetricId; role: 'value' | 'numerator' | 'denominator' } | { source: KpiSource; role: 'uncovered' };
type Slot = SlotSpec & { alias: string };

/** The shared CTEs the sources read, each written once at the top of the statement. */
function sharedCtes(sources: readonly KpiSource[], laCode: string, year: ReportingYear): Raw[] {
  const names = [...new Set(sources.flatMap((s) => s.needs ?? []))];
  return names.map((name) => sql`${sql.id(name)} AS MATERIALIZED (${SHARED_CTES[name](laCode, year)})`);
}

function withClause(ctes: Raw[]): Raw {
  return ctes.length ? sql`WITH ${sql.join(ctes)}` : sql``;
}

/**
 * One source's subquery: its facts for the year and one column per figure it feeds, in as few
 * passes over the facts as the figures allow (the embedded engine pays for every row an operator
 * touches, most of all for hashing and sorting):
 *  - counts, numerators and denominators are FILTER aggregates of one pass;
 *  - a `by_*` metric with one code per record folds into that pass: the pass groups by the code and
 *    an outer query adds the groups up, so the by-code counts come from the same scan;
 *  - counts of distinct children come from one GROUP BY child (cheaper than a sort per
 *    count(DISTINCT));
 *  - a `by_*` metric with several codes per record (assessment factors) is its own query.
 * The facts CTE is materialized only when more than one of those reads it.
 */
function sourceAggregate(source: KpiSource, laCode: string, year: ReportingYear, slots: Slot[]): Raw {
  const slot = (spec: SlotSpec): string => {
    const alias = `c${slots.length}`;
    slots.push({ ...spec, alias });
    return alias;
  };
  const rowAggregates: { alias: string; expression: Raw }[] = [];
  const childFlags: Raw[] = [];
  const childColumns: Raw[] = [];
  const ownQueries: Raw[] = [];
  let grouping: { code: Raw; where: Raw; alias: string } | undefined;

  for (const def of metricsOf(source)) {
    const where = allOf(def.where, year);
    if (def.kind === 'count' && def.distinctChildren) {
      const flag = `k${childFlags.length}`;
      childFlags.push(sql`bool_or(${where}) AS ${sql.id(flag)}`);
      childColumns.push(sql`count(*) FILTER (WHERE ${sql.ref(`k.${flag}`)}) AS ${sql.id(slot({ metric: def.id, role: 'value' }))}`);
    } else if (def.kind === 'count') {
      rowAggregates.push({ alias: slot({ metric: def.id, role: 'value' }), expression: sql`count(*) FILTER (WHERE ${where})` });
    } else if (def.kind === 'pct') {
      rowAggregates.push({ alias: slot({ metric: def.id, role: 'denominator' }), expression: sql`count(*) FILTER (WHERE ${where})` });
      rowAggregates.push({ alias: slot({ metric: def.id, role: 'numerator' }), expression: sql`count(*) FILTER (WHERE ${where} AND ${allOf(def.numerator, year)})` });
    } else if (!def.code.several && !grouping) {
      grouping = { code: sql.ref(`f.${def.code.column}`), where, alias: slot({ metric: def.id, role: 'value' }) };
    } else {
      const counts = sql`SELECT d.kpi_code AS code, count(*) AS n FROM (${codedRows(def.code, where)}) d WHERE d.kpi_code IS NOT NULL GROUP BY 1`;
      ownQueries.push(sql`(SELECT coalesce(jsonb_object_agg(c.code, c.n), '{}'::jsonb) FROM (${counts}) c) AS ${sql.id(slot({ metric: def.id, role: 'value' }))}`);
    }
  }
  if (source.uncovered) rowAggregates.push({ alias: slot({ source, role: 'uncovered' }), expression: sql`count(*) FILTER (WHERE ${source.uncovered(year)})` });

  const parts: Raw[] = [];
  const named = (columns: { alias: string; expression: Raw }[]): Raw[] => columns.map((c) => sql`${c.expression} AS ${sql.id(c.alias)}`);
  if (grouping) {
    const byCode = sql`count(*) FILTER (WHERE ${grouping.where}) AS kpi_by_code`;
    const groups = sql`SELECT ${grouping.code} AS kpi_code, ${sql.join([...named(rowAggregates), byCode])} FROM facts f GROUP BY 1`;
    const totals = rowAggregates.map((c) => sql`sum(${sql.ref(`g.${c.alias}`)})::bigint AS ${sql.id(c.alias)}`);
    const codes = sql`coalesce(jsonb_object_agg(g.kpi_code, g.kpi_by_code) FILTER (WHERE g.kpi_code IS NOT NULL AND g.kpi_by_code > 0), '{}'::jsonb) AS ${sql.id(grouping.alias)}`;
    parts.push(sql`(SELECT ${sql.join([...totals, codes])} FROM (${groups}) g) r`);
  } else if (rowAggregates.length) {
    parts.push(sql`(SELECT ${sql.join(named(rowAggregates))} FROM facts f) r`);
  }
  if (childColumns.length) {
    const perChild = sql`SELECT f.child_id, ${sql.join(childFlags)} FROM facts f WHERE f.child_id IS NOT NULL GROUP BY f.child_id`;
    parts.push(sql`(SELECT ${sql.join(childColumns)} FROM (${perChild}) k) k`);
  }
  if (ownQueries.length) parts.push(sql`(SELECT ${sql.join(ownQueries)}) o`);
  return sql`(WITH facts AS (${source.facts(laCode, year)}) SELECT * FROM ${sql.join(parts, sql` CROSS JOIN `)}) AS ${sql.id(`s_${source.name}`)}`;
}

/**
 * The SQL that counts one source's figures for a year, on its own: for profiling a source, and for
 * showing an analyst the query behind its figures. computeKpis runs every source in one statement.
 */
export function sourceStatement(source: KpiSource, laCode: string, year: string): RawBuilder<Record<string, unknown>> {
  const bounds = reportingYear(year);
  return sql<Record<string, unknown>>`${withClause(sharedCtes([source], laCode, bounds))} SELECT * FROM ${sourceAggregate(source, laCode, bounds, [])}`;
}

/**
 * Runs KPI queries in one read-only transaction, so every figure reads one snapshot, with settings
 * for these statements only:
 *  - no nested-loop joins: every join here is an equality that hashes well, and without planner
 *    statistics (a table just loaded on the embedded engine, which has no autovacuum) the planner
 *    guesses one row a table and loops the calendar for every contact: 80 seconds instead of 0.1;
 *  - work_mem of 32MB, so a year's contacts at scale hash in memory instead of spilling to disk;
 *  - no JIT, which costs a server more than these queries take.
 */
export async function inReportingTransaction<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db
    .transaction()
    .setAccessMode('read only')
    .execute(async (trx) => {
      await sql`SELECT set_config('enable_nestloop', 'off', true), set_config('work_mem', '32MB', true), set_config('jit', 'off', true)`.execute(trx);
      return work(trx);
    });
}

function outsideCalendar(source: KpiSource, rows: number, year: ReportingYear): RangeError {
  const { first, last } = calendarRange();
  return new RangeError(
    `${rows} of the ${source.records} for ${year.label} have a date outside the working-day calendar (${first} to ${last}), ` +
      'so their working days cannot be counted; extend src/core/calendar/bank-holidays-england-wales.json with a new calendar migration',
  );
}

function asCount(value: unknown): number {
  const n = Number(value ?? 0);
  if (!Number.isSafeInteger(n)) throw new Error(`A KPI count came back as ${String(value)}`);
  return n;
}

/**
 * Each code with a non-zero count, in their natural order (1A, 1B, ..., 9, 10) where a JS object
 * keeps it: integer-like codes such as '10' always come first in an object, and JSON consumers
 * must not rely on key order anyway.
 */
function byCode(value: unknown): Record<string, number> {
  const counts = (value ?? {}) as Record<string, unknown>;
  const collator = new Intl.Collator('en', { numeric: true });
  const result: Record<string, number> = {};
  for (const code of Object.keys(counts).sort(collator.compare)) {
    const n = asCount(counts[code]);
    if (n > 0) result[code] = n;
  }
  return result;
}

/**
 * Every metric of the contract for the partnership `laCode` and the reporting year `year`
 * ('2025-26'), as the contract's JSON document: counts exact, percentages and rates rounded half
 * away from zero to 1 decimal (null when the denominator is 0), `by_*` metrics as objects from code
 * to count with zero counts left out.
 * @throws Error when `year` is not a reporting year; RangeError when a working-day figure needs a
 *   date outside the working-day calendar.
 */
export async function computeKpis(db: Kysely<Database>, laCode: string, year: string): Promise<KpiDocument> {
  const bounds = reportingYear(year);
  const slots: Slot[] = [];
  const subqueries = SOURCES.map((source) => sourceAggregate(source, laCode, bounds, slots));
  // Population: the 0-17 figure recorded for the area and year (Population section).
  const population = sql`(SELECT (SELECT p.population_0_17 FROM population p WHERE p.la_code = ${laCode} AND p.year = ${bounds.label}) AS population_0_17) AS s_population`;
  const statement = sql<Record<string, unknown>>`
    ${withClause(sharedCtes(SOURCES, laCode, bounds))}
    SELECT * FROM ${sql.join([...subqueries, population], sql` CROSS JOIN `)}`;
  const row = await inReportingTransaction(db, async (trx) => (await statement.execute(trx)).rows[0] ?? {});

  const values = new Map<MetricId, unknown>();
  const ratios = new Map<MetricId, { numerator: number; denominator: number }>();
  for (const slot of slots) {
    const value = row[slot.alias];
    if (slot.role === 'uncovered') {
      if (asCount(value) > 0) throw outsideCalendar(slot.source, asCount(value), bounds);
    } else if (slot.role === 'value') {
      values.set(slot.metric, value);
    } else {
      const ratio = ratios.get(slot.metric) ?? { numerator: 0, denominator: 0 };
      ratio[slot.role] = asCount(value);
      ratios.set(slot.metric, ratio);
    }
  }
  const populationValue = row.population_0_17 === null || row.population_0_17 === undefined ? null : asCount(row.population_0_17);

  const metrics = {} as Record<MetricId, KpiValue>;
  for (const def of KPI_DEFINITIONS) {
    switch (def.kind) {
      case 'count':
        metrics[def.id] = asCount(values.get(def.id));
        break;
      case 'by':
        metrics[def.id] = byCode(values.get(def.id));
        break;
      case 'pct': {
        const ratio = ratios.get(def.id) ?? { numerator: 0, denominator: 0 };
        metrics[def.id] = percentage(ratio.numerator, ratio.denominator);
        break;
      }
      case 'rate':
        metrics[def.id] = populationValue === null ? null : ratePer10000(asCount(values.get(def.of)), populationValue);
        break;
      case 'population':
        metrics[def.id] = populationValue;
        break;
    }
  }
  // The contract's order, whatever order the definitions are in.
  const ordered = {} as Record<MetricId, KpiValue>;
  for (const id of METRIC_IDS) ordered[id] = metrics[id];
  return { year: bounds.label, la: laCode, metrics: ordered };
}

/**
 * The records behind one figure, so the dashboard can list the children behind it: for a count,
 * its records (one row per child for a count of distinct children, with that child's earliest
 * qualifying record); for a percentage, the denominator's records with `counted` marking the
 * numerator's; for a rate, the records of the count it is based on; for a `by_*` metric, the records
 * under `code` (or under every code, each with its code). The population has no records.
 * @throws NotFoundError when the contract has no metric `metricId`; ValidationError when a code is
 *   given for a metric that is not `by_*`; RangeError as {@link computeKpis}.
 */
export async function drillDown(db: Kysely<Database>, laCode: string, year: string, metricId: string, code?: string): Promise<DrillDownRow[]> {
  const found = kpiDefinition(metricId);
  if (!found) throw new NotFoundError(`There is no KPI with the id ${metricId}`);
  const def = found.kind === 'rate' ? (kpiDefinition(found.of) as CountDefinition) : found;
  if (code !== undefined && def.kind !== 'by') {
    throw new ValidationError([{ field: 'code', message: `${metricId} is not broken down by code` }]);
  }
  if (def.kind === 'population') return [];
  const bounds = reportingYear(year);
  const source = def.source;

  const where = allOf(def.where, bounds);
  const counted = def.kind === 'pct' ? sql`coalesce(${allOf(def.numerator, bounds)}, false)` : sql`NULL::boolean`;
  const uncovered = source.uncovered ? source.uncovered(bounds) : sql`false`;
  const orderBy = sql.ref(`d.${source.orderBy}`);

  let records: Raw;
  if (def.kind === 'by') {
    const rows = codedRows(def.code, where, sql`, NULL::boolean AS kpi_counted, coalesce(${uncovered}, false) AS kpi_uncovered`);
    records = sql`SELECT d.* FROM (${rows}) d WHERE d.kpi_code IS NOT NULL ${code === undefined ? sql`` : sql`AND d.kpi_code = ${code}`}`;
  } else {
    records = sql`
      SELECT f.*, NULL::text AS kpi_code, ${counted} AS kpi_counted, coalesce(${uncovered}, false) AS kpi_uncovered
      FROM facts f WHERE ${where}`;
  }
  if (def.kind === 'count' && def.distinctChildren) {
    records = sql`SELECT DISTINCT ON (d.child_id) d.* FROM (${records}) d ORDER BY d.child_id, ${orderBy}, d.record_id`;
  }
  const query = sql<Record<string, unknown>>`
    WITH ${sql.join([...sharedCtes([source], laCode, bounds), sql`facts AS (${source.facts(laCode, bounds)})`])}
    SELECT d.*, ch.la_child_id AS kpi_la_child_id
    FROM (${records}) d
    LEFT JOIN child ch ON ch.la_code = ${laCode} AND ch.id = d.child_id
    ORDER BY ch.la_child_id NULLS LAST, ${orderBy}, d.record_id, d.kpi_code`;
  const rows = await inReportingTransaction(db, async (trx) => (await query.execute(trx)).rows);

  const uncoveredRows = rows.filter((r) => r.kpi_uncovered === true).length;
  if (uncoveredRows > 0) throw outsideCalendar(source, uncoveredRows, bounds);
  return rows.map((r) => {
    const evidence: DrillDownRow['evidence'] = {};
    for (const [name, column] of Object.entries(source.evidence)) evidence[name] = (r[column] ?? null) as string | number | boolean | null;
    return {
      recordId: String(r.record_id),
      childId: (r.child_id ?? null) as string | null,
      laChildId: (r.kpi_la_child_id ?? null) as string | null,
      ...(def.kind === 'by' ? { code: String(r.kpi_code) } : {}),
      ...(def.kind === 'pct' ? { counted: r.kpi_counted === true } : {}),
      evidence,
    };
  });
}
