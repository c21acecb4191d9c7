/**
 * How long the KPI engine takes for one reporting year as the partnership grows: builds a
 * synthetic dataset at scale 1, 5 and 20 (each in its own embedded database), then times
 * computeKpis for 2025-26, the median of 5 runs after a warm-up.
 *
 * Scale 1 is a mid-sized local authority, per year: ~13,000 contacts, ~3,500 referrals, ~2,800
 * assessments, ~1,100 Section 47 enquiries, ~390 ICPCs, with ~190 child protection plans and ~430
 * children looked after at 31 March; three years of it (2023-24 to 2025-26) plus earlier care.
 * Targets: scale 1 under 300 ms, scale 20 under 3 s.
 *
 *   npx tsx bench/kpi-scale.ts            # scales 1, 5, 20 on the embedded engine
 *   npx tsx bench/kpi-scale.ts 1 5        # chosen scales
 *   KPI_BENCH_ENGINE=postgres npx tsx bench/kpi-scale.ts
 *   KPI_BENCH_NO_VACUUM=1 npx tsx bench/kpi-scale.ts 1   # straight after the load, no VACUUM ANALYZE
 *
 * The machine may be shared: the table also gives the database thread's CPU time per run (Linux),
 * which other processes' load disturbs much less than the wall-clock time.
 */
import { performance } from 'node:perf_hooks';
import fs from 'node:fs';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { sql, type Kysely } from '../src/core/db/kysely.ts';
import type { Database } from '../src/core/db/schema.ts';
import type { Engine } from '../src/core/db/index.ts';
import { createTestDatabase } from '../src/test/database.ts';
import { computeKpis } from '../src/modules/kpi/engine.ts';

export const LA = '309';
const YEAR = '2025-26';
const RUNS = 5;

/**
 * Bulk, set-based synthetic data for partnership `laCode`: every table filled by a few INSERT ...
 * SELECT statements, in one transaction (one connection, so the temporary numbering table is seen
 * by every statement). Random but repeatable (setseed), with the awkward cases real data has: NFA
 * referrals, missing codes, contacts with no child, repeated factor codes, short breaks, X1 chains,
 * episodes with no legal status or reason. Returns the year 2025-26's shape.
 */
export async function buildDataset(db: Kysely<Database>, scale: number, laCode = LA): Promise<Record<string, number>> {
  const children = Math.round(11_000 * scale);
  const referrals = Math.round(3 * 3_500 * scale);
  const contacts = Math.round(3 * 13_000 * scale);
  const periodsOfCare = Math.round(1_550 * scale);
  const days = 3 * 365; // 2023-04-01 .. 2026-03-31
  const sources = ['1A', '1B', '1C', '1D', '2A', '2B', '3A', '3B', '3C', '3D', '3E', '3F', '4', '5A', '5B', '5C', '5D', '6', '7', '8', '9', '10'];
  const factors = ['1A', '1B', '1C', '2A', '2B', '2C', '3A', '3B', '3C', '4A', '4B', '4C', '5A', '6A', '8B', '9A', '10A', '16A', '18B', '21', '22A', '24A'];
  await db.transaction().execute(async (trx) => {
    await sql`SELECT setseed(0.2025)`.execute(trx);
    await sql`INSERT INTO partnership (la_code, name) VALUES (${laCode}, 'Benchmark partnership')`.execute(trx);
    await sql`
      INSERT INTO child (la_code, la_child_id, first_name, last_name, date_of_birth)
      SELECT ${laCode}, 'B' || g, NULL, NULL, date '2003-01-01' + (random() * 8400)::int
      FROM generate_series(1, ${children}) g`.execute(trx);
    // A numbered list of children, so random rows can pick one by number.
    await sql`DROP TABLE IF EXISTS kid`.execute(trx);
    await sql`CREATE TEMP TABLE kid AS SELECT id, row_number() OVER (ORDER BY la_child_id) AS n FROM child WHERE la_code = ${laCode}`.execute(trx);
    await sql`CREATE UNIQUE INDEX ON kid (n)`.execute(trx);

    // Referrals: a child is referred 1-3 times, some within 12 months of each other; ~20% NFA.
    await sql`
      INSERT INTO cin_episode (la_code, child_id, referral_date, referral_source, referral_nfa, closure_date)
      SELECT ${laCode}, k.id, r.referral_date, CASE WHEN r.no_source THEN NULL ELSE r.source END, r.nfa,
        CASE WHEN r.nfa THEN r.referral_date WHEN r.length < 420 THEN r.referral_date + r.length END
      FROM (
        SELECT 1 + floor(random() * ${children} * 0.75)::int AS n, date '2023-04-01' + floor(random() * ${days})::int AS referral_date,
          (${sources}::text[])[1 + floor(random() * ${sources.length})::int] AS source, random() < 0.03 AS no_source,
          random() < 0.2 AS nfa, floor(random() * 500)::int AS length
        FROM generate_series(1, ${referrals})
      ) r JOIN kid k ON k.n = r.n
      ON CONFLICT DO NOTHING`.execute(trx);
    // Contacts: one the day of or the day before each referral; the rest about any child (or none).
    await sql`
      INSERT INTO contact (la_code, child_id, contact_date, source)
      SELECT ${laCode}, e.child_id, e.referral_date - floor(random() * 2)::int, e.referral_source FROM cin_episode e WHERE e.la_code = ${laCode}`.execute(trx);
    await sql`
      INSERT INTO contact (la_code, child_id, contact_date, source)
      SELECT ${laCode}, CASE WHEN c.no_child THEN NULL ELSE k.id END, c.contact_date, CASE WHEN c.no_source THEN NULL ELSE c.source END
      FROM (
        SELECT 1 + floor(random() * ${children})::int AS n, date '2023-04-01' + floor(random() * ${days})::int AS contact_date,
          (${sources}::text[])[1 + floor(random() * ${sources.length})::int] AS source, random() < 0.05 AS no_child, random() < 0.03 AS no_source
        FROM generate_series(1, ${contacts - referrals})
      ) c JOIN kid k ON k.n = c.n`.execute(trx);
    // (Each LATERAL below names an outer column, so PostgreSQL draws its random() once per row.)
    // Assessments: most non-NFA referrals, authorised 10-70 days after they start, 0-4 factors each
    // (a code may repeat).
    await sql`
      INSERT INTO assessment (la_code, episode_id, child_id, start_date, authorisation_date, factors)
      SELECT ${laCode}, e.id, e.child_id, e.referral_date + a.delay, e.referral_date + a.delay + a.length,
        ARRAY(SELECT (${factors}::text[])[1 + floor(random() * ${factors.length})::int] FROM generate_series(1, a.factor_count) WHERE e.id IS NOT NULL)
      FROM cin_episode e
      CROSS JOIN LATERAL (SELECT floor(random() * 5)::int AS delay, 10 + floor(random() * 60)::int AS length, floor(random() * 5)::int AS factor_count, random() AS pick WHERE e.id IS NOT NULL) a
      WHERE e.la_code = ${laCode} AND NOT e.referral_nfa AND a.pick < 0.98`.execute(trx);
    // Section 47 enquiries on about 40% of assessed episodes; an ICPC for about 35% of them.
    await sql`
      INSERT INTO s47_enquiry (la_code, episode_id, child_id, start_date, icpc_date)
      SELECT ${laCode}, a.episode_id, a.child_id, a.start_date + s.delay, CASE WHEN s.pick < 0.35 THEN a.start_date + s.delay + s.to_icpc END
      FROM assessment a
      CROSS JOIN LATERAL (SELECT floor(random() * 10)::int AS delay, 5 + floor(random() * 20)::int AS to_icpc, random() AS pick, random() AS take WHERE a.id IS NOT NULL) s
      WHERE a.la_code = ${laCode} AND s.take < 0.4`.execute(trx);
    // Plans from 70% of ICPCs, lasting 3-13 months; a few still open.
    await sql`
      INSERT INTO cp_plan (la_code, episode_id, child_id, start_date, end_date, initial_category, previous_plans)
      SELECT ${laCode}, s.episode_id, s.child_id, s.icpc_date, CASE WHEN NOT p.open THEN s.icpc_date + p.length END,
        (ARRAY['NEG', 'PHY', 'SAB', 'EMO', 'MUL', NULL])[1 + floor(random() * 6)::int], (ARRAY[0, 0, 0, 1, 2, NULL])[1 + floor(random() * 6)::int]
      FROM s47_enquiry s CROSS JOIN LATERAL (SELECT 90 + floor(random() * 300)::int AS length, random() < 0.03 AS open, random() AS take WHERE s.id IS NOT NULL) p
      WHERE s.la_code = ${laCode} AND s.icpc_date IS NOT NULL AND p.take < 0.7`.execute(trx);
    // Looked-after episodes since 2016: periods of care of 1-3 episodes chained by X1; some short breaks.
    await sql`
      WITH period AS (
        SELECT k.id AS child_id, date '2016-04-01' + floor(random() * 3650)::int AS decom, 60 + floor(random() * 1900)::int AS length,
          1 + floor(random() * 3)::int AS episodes, random() < 0.05 AS short_break
        FROM generate_series(1, ${periodsOfCare}) g JOIN kid k ON k.n = ${children} - g
      ), episode AS (
        SELECT p.child_id, p.decom + (p.length * (i - 1) / p.episodes) AS decom, p.decom + (p.length * i / p.episodes) AS dec,
          i, p.episodes, p.short_break
        FROM period p CROSS JOIN LATERAL generate_series(1, p.episodes) i
      )
      INSERT INTO la_episode (la_code, child_id, decom, dec, rne, legal_status, rec)
      SELECT ${laCode}, child_id, decom, CASE WHEN dec <= date '2026-05-31' THEN dec END, CASE WHEN i = 1 THEN 'S' ELSE 'L' END,
        CASE WHEN short_break THEN (ARRAY['V3', 'V4'])[1 + floor(random() * 2)::int] ELSE (ARRAY['C2', 'C2', 'V2', 'E1', NULL])[1 + floor(random() * 5)::int] END,
        CASE WHEN dec > date '2026-05-31' THEN NULL WHEN i < episodes THEN 'X1'
          ELSE (ARRAY['E11', 'E12', 'E41', 'E45', 'E13', 'E4A', 'E8', NULL])[1 + floor(random() * 8)::int] END
      FROM episode
      ON CONFLICT DO NOTHING`.execute(trx);
    // Care leavers: OC3 rows for young people aged about 16-22 in each year.
    await sql`
      INSERT INTO care_leaver (la_code, child_id, year, in_touch, activity, accommodation)
      SELECT ${laCode}, c.id, y.year, (ARRAY['YES', 'YES', 'YES', 'NO', 'DIED', 'REFU', NULL])[1 + floor(random() * 7)::int],
        (ARRAY['F1', 'P2', 'F3', 'P5', 'G4', 'G5', 'G6', '0', NULL])[1 + floor(random() * 9)::int],
        (ARRAY['B1', 'C1', 'D2', 'E1', 'S2', 'Z1', '0', NULL])[1 + floor(random() * 8)::int]
      FROM child c CROSS JOIN (VALUES ('2023-24'), ('2024-25'), ('2025-26')) y(year)
      WHERE c.la_code = ${laCode} AND c.date_of_birth BETWEEN date '2002-04-01' AND date '2010-03-31' AND random() < 0.06`.execute(trx);
    await sql`
      INSERT INTO population (la_code, year, population_0_17)
      VALUES (${laCode}, '2023-24', ${Math.round(60_400 * scale)}), (${laCode}, '2024-25', ${Math.round(60_650 * scale)}), (${laCode}, '2025-26', ${Math.round(60_877 * scale)})`.execute(trx);
    await sql`DROP TABLE kid`.execute(trx);
  });
  // What an import should end with: planner statistics, and hint bits and the visibility map set,
  // so that the first reports after a load do not pay for them. KPI_BENCH_NO_VACUUM=1 times the
  // database as a load leaves it.
  if (!process.env.KPI_BENCH_NO_VACUUM) await sql`VACUUM ANALYZE`.execute(db);

  const { rows } = await sql<Record<string, number>>`
    SELECT (SELECT count(*) FROM contact WHERE la_code = ${laCode} AND contact_date >= '2025-04-01') AS contacts,
      (SELECT count(*) FROM cin_episode WHERE la_code = ${laCode} AND referral_date >= '2025-04-01') AS referrals,
      (SELECT count(*) FROM assessment WHERE la_code = ${laCode} AND authorisation_date BETWEEN '2025-04-01' AND '2026-03-31') AS assessments,
      (SELECT count(*) FROM s47_enquiry WHERE la_code = ${laCode} AND start_date >= '2025-04-01') AS s47,
      (SELECT count(*) FROM s47_enquiry WHERE la_code = ${laCode} AND icpc_date BETWEEN '2025-04-01' AND '2026-03-31') AS icpcs,
      (SELECT count(*) FROM cp_plan WHERE la_code = ${laCode} AND start_date <= '2026-03-31' AND (end_date IS NULL OR end_date > '2026-03-31')) AS cp_at_31_march,
      (SELECT count(DISTINCT child_id) FROM la_episode WHERE la_code = ${laCode} AND coalesce(legal_status, '') NOT IN ('V3', 'V4') AND decom <= '2026-03-31' AND (dec IS NULL OR dec > '2026-03-31')) AS cla_at_31_march`.execute(db);
  return rows[0] ?? {};
}

/** CPU milliseconds used so far by the busiest thread of this process (the embedded database's), or NaN off Linux. */
function databaseThreadCpuMs(): Map<string, number> {
  const times = new Map<string, number>();
  try {
    for (const task of fs.readdirSync('/proc/self/task')) {
      const stat = fs.readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime, in clock ticks of 10 ms.
      times.set(task, (Number(fields[11]) + Number(fields[12])) * 10);
    }
  } catch {
    // not Linux: no per-thread times
  }
  return times;
}

function busiestThreadMs(before: Map<string, number>, after: Map<string, number>): number {
  let most = NaN;
  for (const [task, ms] of after) most = Math.max(Number.isNaN(most) ? 0 : most, ms - (before.get(task) ?? 0));
  return most;
}

async function timeScale(engine: Engine, scale: number): Promise<{ scale: number; ms: number; cpuMs: number; shape: Record<string, number> }> {
  const database = await createTestDatabase(engine);
  try {
    const built = performance.now();
    const shape = await buildDataset(database.db, scale);
    console.error(`scale ${scale}: data built in ${Math.round(performance.now() - built)} ms: ${JSON.stringify(shape)}`);
    await computeKpis(database.db, LA, YEAR); // warm-up
    const times: number[] = [];
    const cpuBefore = databaseThreadCpuMs();
    for (let i = 0; i < RUNS; i += 1) {
      const start = performance.now();
      await computeKpis(database.db, LA, YEAR);
      times.push(performance.now() - start);
    }
    const cpuMs = busiestThreadMs(cpuBefore, databaseThreadCpuMs()) / RUNS;
    times.sort((a, b) => a - b);
    return { scale, ms: times[Math.floor(RUNS / 2)] ?? NaN, cpuMs, shape };
  } finally {
    await database.close();
  }
}

async function main(): Promise<void> {
  const engine = (process.env.KPI_BENCH_ENGINE ?? 'pglite') as Engine;
  const scales = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const results = [];
  for (const scale of scales.length ? scales : [1, 5, 20]) results.push(await timeScale(engine, scale));

  console.log(`computeKpis(${YEAR}) on ${engine}, median of ${RUNS} runs after a warm-up (load average ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores)`);
  console.log('scale | contacts | referrals | CLA 31/3 | median ms | db CPU ms/run | target');
  for (const { scale, ms, cpuMs, shape } of results) {
    const target = scale <= 1 ? 300 : scale >= 20 ? 3000 : undefined;
    const verdict = target ? `< ${target} ${ms < target ? 'ok' : 'MISSED'}` : '';
    console.log(
      `${String(scale).padStart(5)} | ${String(shape.contacts).padStart(8)} | ${String(shape.referrals).padStart(9)} | ${String(shape.cla_at_31_march).padStart(8)} | ${ms.toFixed(0).padStart(9)} | ${cpuMs.toFixed(0).padStart(13)} | ${verdict}`,
    );
  }
}

// Run when invoked as a script; other scripts may import buildDataset.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
