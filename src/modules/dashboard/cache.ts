/**
 * The dashboard's figures for a partnership and year, kept until the data under them changes.
 *
 * Computing every metric for two years and the monthly series takes seconds at scale (the engine's
 * one statement per year, the series' one statement), far more than a page may take. So the
 * computed figures are kept in memory keyed by the KPI data version (migration 0011: a sequence
 * every write statement to a table the figures read moves on). A page whose version matches is
 * served from memory; when the data has moved on, the page waits a moment for the new figures and
 * otherwise shows the last ones, saying so and when they were computed, while they are refreshed
 * (one refresh at a time per partnership and year). The heavy work itself runs in the database:
 * on the embedded engine that is PGlite's own thread, so the web thread keeps serving.
 */
import { sql, type Kysely } from '../../core/db/kysely.ts';
import type { Database } from '../../core/db/schema.ts';
import { computeKpis, monthlySeries, type KpiDocument, type SeriesRow } from '../kpi/index.ts';
import { londonDateOf } from '../../core/calendar/index.ts';
import { reportingYearOf } from '../../core/dates.ts';
import { previousYearLabel } from './years.ts';

export type Comparator = { metric: string; area: string; value: number };

/** Everything the dashboard shows for a partnership and year, computed together. */
export type DashboardData = {
  laCode: string;
  year: string;
  version: string;
  computedAt: Date;
  /** How long the computation took, in milliseconds. */
  computeMs: number;
  current: KpiDocument;
  previous: KpiDocument;
  series: SeriesRow[];
  comparators: Comparator[];
  teams: { id: string; name: string }[];
};

type Entry = { version: string; data: DashboardData };

// One cache per database handle, so two databases (tests, a second deployment) never share figures.
const caches = new WeakMap<Kysely<Database>, { entries: Map<string, Entry>; refreshing: Map<string, Promise<DashboardData>> }>();

function cacheOf(db: Kysely<Database>) {
  let cache = caches.get(db);
  if (!cache) {
    cache = { entries: new Map(), refreshing: new Map() };
    caches.set(db, cache);
  }
  return cache;
}

/** The KPI data version now: it changes whenever a statement writes a table the figures read. */
export async function kpiDataVersion(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ v: string }>`SELECT last_value::text || (CASE WHEN is_called THEN '' ELSE '-' END) AS v FROM kpi_data_version`.execute(db);
  return rows[0]?.v ?? '0';
}

async function compute(db: Kysely<Database>, laCode: string, year: string, version: string): Promise<DashboardData> {
  const started = performance.now();
  const current = await computeKpis(db, laCode, year);
  const previous = await computeKpis(db, laCode, previousYearLabel(year));
  const series = await monthlySeries(db, laCode, year);
  const comparators = await db
    .selectFrom('comparator')
    .select(['metric', 'area', 'value'])
    .where('la_code', '=', laCode)
    .where('year', '=', year)
    .orderBy('area')
    .execute();
  const teams = await db.selectFrom('team').select(['id', 'name']).where('la_code', '=', laCode).orderBy('name').execute();
  return {
    laCode, year, version, computedAt: new Date(), computeMs: Math.round(performance.now() - started),
    current, previous, series, teams,
    comparators: comparators.map((c) => ({ metric: c.metric, area: c.area, value: Number(c.value) })),
  };
}

/** Starts (or joins) the refresh of a partnership's year at `version`; the result is cached. */
function refresh(db: Kysely<Database>, laCode: string, year: string, version: string): Promise<DashboardData> {
  const cache = cacheOf(db);
  const key = `${laCode}|${year}`;
  const running = cache.refreshing.get(key);
  if (running) return running;
  const work = compute(db, laCode, year, version)
    .then((data) => {
      const held = cache.entries.get(key);
      // A slower, older refresh never replaces newer figures.
      if (!held || Number.parseInt(held.version, 10) <= Number.parseInt(version, 10)) cache.entries.set(key, { version, data });
      return data;
    })
    .finally(() => cache.refreshing.delete(key));
  cache.refreshing.set(key, work);
  return work;
}

export type DashboardFigures = { data: DashboardData; fresh: boolean };

/**
 * The figures for a partnership and year: from memory when the data has not changed since they
 * were computed; otherwise refreshed, waiting up to `waitMs` when older figures can be shown
 * meanwhile (`fresh: false`), and as long as it takes when there are none.
 */
export async function dashboardFigures(db: Kysely<Database>, laCode: string, year: string, options: { waitMs?: number } = {}): Promise<DashboardFigures> {
  const version = await kpiDataVersion(db);
  const held = cacheOf(db).entries.get(`${laCode}|${year}`);
  if (held?.version === version) return { data: held.data, fresh: true };
  const work = refresh(db, laCode, year, version);
  if (!held) return { data: await work, fresh: true };
  work.catch(() => undefined); // a failed background refresh leaves the older figures; the next page retries
  const waited = await Promise.race([work, new Promise<null>((resolve) => setTimeout(resolve, options.waitMs ?? 150, null))]);
  return waited && waited.version === version ? { data: waited, fresh: true } : { data: held.data, fresh: false };
}

/** Computes a year's figures ahead of the first page (after an import or at start-up). */
export async function warmDashboard(db: Kysely<Database>, laCode: string, year: string): Promise<DashboardData> {
  return (await dashboardFigures(db, laCode, year, { waitMs: 3_600_000 })).data;
}

/**
 * The year the dashboard opens on: the reporting year of today, or of the latest referral when the
 * records stop earlier (imported returns, the demonstration data), so it never opens on an empty year.
 */
export async function defaultDashboardYear(db: Kysely<Database>, laCode: string, today = londonDateOf(new Date())): Promise<string> {
  const latest = await db.selectFrom('cin_episode').select((eb) => eb.fn.max('referral_date').as('latest')).where('la_code', '=', laCode).executeTakeFirst();
  const date = latest?.latest && String(latest.latest) < today ? String(latest.latest) : today;
  return reportingYearOf(date).label;
}
