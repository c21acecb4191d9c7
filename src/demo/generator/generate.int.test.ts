/**
 * `haven demo`'s generator against a real database: deterministic (same seed, same rows), the
 * borough's proportions at a small scale, every statutory ordering and reference holding for every
 * row, valid identifiers, and `--replace` deleting the journey but never the audit trail.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from '../../core/db/kysely.ts';
import type { Database } from '../../core/db/schema.ts';
import { createTestDatabase, testEngines, type TestDatabase } from '../../test/database.ts';
import { deleteJourneyData, generateDemo, hasJourneyData, type DemoResult } from './generate.ts';
import { isValidNhsNumber, isValidUpn } from './identifiers.ts';
import { TABLES, TABLE_NAMES } from './writer.ts';

const LA = '309';
const SCALE = 0.05;

/** Columns that hold identifiers of the partnership's agencies, teams and users (random per database). */
const LOCAL_IDS = new Set(['team_id', 'allocated_worker_id', 'lead_agency_id', 'lead_professional_agency_id']);

/** One digest per table over every generated row and column (the partnership's own children and agency identifiers aside). */
async function fingerprints(db: Kysely<Database>): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of TABLE_NAMES) {
    const columns = Object.keys(TABLES[table])
      .filter((c) => !LOCAL_IDS.has(c))
      .map((c) => (table === 'contact' && c === 'detail' ? sql`(detail - 'agencyId')::text` : sql`${sql.ref(c)}::text`));
    const { rows } = await sql<{ digest: string | null; n: number }>`
      SELECT md5(string_agg(line, E'\\n' ORDER BY line)) AS digest, count(*)::int AS n
      FROM (SELECT concat_ws('|', ${sql.join(columns)}) AS line FROM ${sql.table(table)} WHERE la_code = ${LA} ${table === 'child' ? sql`AND la_child_id LIKE 'NB%'` : sql``}) rows`.execute(db);
    result[table] = `${rows[0]?.n}:${rows[0]?.digest}`;
  }
  return result;
}

async function count(db: Kysely<Database>, query: ReturnType<typeof sql<{ n: number }>>): Promise<number> {
  const { rows } = await query.execute(db);
  return rows[0]?.n ?? -1;
}

const average = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

for (const engine of testEngines()) {
  describe(`haven demo generator (${engine})`, () => {
    let database: TestDatabase;
    let result: DemoResult;
    before(async () => {
      database = await createTestDatabase(engine);
      result = await generateDemo(database.db, { laCode: LA, scale: SCALE, seed: 1, dataDir: database.dataDir });
    });
    after(() => database.close());

    test('the same seed and scale give identical rows; --replace then another seed gives different ones', async () => {
      const expected = await fingerprints(database.db);
      assert.ok(Number(expected.cin_episode?.split(':')[0]) > 100);
      const other = await createTestDatabase(engine);
      try {
        await generateDemo(other.db, { laCode: LA, scale: SCALE, seed: 1, dataDir: other.dataDir });
        assert.deepEqual(await fingerprints(other.db), expected);

        // --replace: the journey goes, the audit trail stays.
        const audit = async (): Promise<number> => count(other.db, sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_event`);
        const auditBefore = await audit();
        await deleteJourneyData(other.db, LA);
        assert.equal(await hasJourneyData(other.db, LA), 0);
        assert.equal(await count(other.db, sql<{ n: number }>`SELECT count(*)::int AS n FROM child WHERE la_child_id LIKE 'NB%'`), 0);
        assert.equal(await audit(), auditBefore);

        await generateDemo(other.db, { laCode: LA, scale: SCALE, seed: 2, dataDir: other.dataDir });
        const reseeded = await fingerprints(other.db);
        for (const table of ['child', 'contact', 'cin_episode', 'assessment', 'la_episode']) assert.notEqual(reseeded[table], expected[table], table);
      } finally {
        await other.close();
      }
    });

    test('volumes have the borough’s proportions at scale 0.05 (the report’s year: ×0.05)', () => {
      const years = result.years;
      assert.deepEqual(years.map((y) => y.year), ['2023-24', '2024-25', '2025-26']);
      const near = (label: string, actual: number, target: number, tolerance: number): void => {
        assert.ok(Math.abs(actual - target) <= target * tolerance, `${label}: ${actual.toFixed(1)} a year, expected about ${target} (±${tolerance * 100}%)`);
      };
      near('contacts', average(years.map((y) => y.contacts)), 13_000 * SCALE, 0.25);
      near('referrals', average(years.map((y) => y.referrals)), 3_500 * SCALE, 0.3);
      near('assessments', average(years.map((y) => y.assessmentsCompleted)), 2_800 * SCALE, 0.35);
      near('Section 47 enquiries', average(years.map((y) => y.s47)), 1_100 * SCALE, 0.4);
      near('ICPCs', average(years.map((y) => y.icpcs)), 390 * SCALE, 0.5);
      near('children on CP plans at 31 March', average(years.map((y) => y.cpAtYearEnd)), 190 * SCALE, 0.6);
      near('children looked after at 31 March', average(years.map((y) => y.claAtYearEnd)), 430 * SCALE, 0.4);
      for (const y of years) {
        assert.ok((y.within45Pct ?? 0) >= 85, `${y.year}: ${y.within45Pct}% of assessments within 45 working days`);
        assert.ok((y.rereferralPct ?? 0) >= 8 && (y.rereferralPct ?? 100) <= 32, `${y.year}: re-referrals ${y.rereferralPct}%`);
        assert.ok((y.nfaPct ?? 0) > 3 && (y.nfaPct ?? 100) < 18, `${y.year}: NFA ${y.nfaPct}%`);
        near(`${y.year} population`, y.population ?? 0, 60_000 * SCALE, 0.01);
      }
    });

    test('statutory orderings hold for every row', async () => {
      const db = database.db;
      const violations: Record<string, ReturnType<typeof sql<{ n: number }>>> = {
        'assessment before its referral (1103)': sql`SELECT count(*)::int AS n FROM assessment a JOIN cin_episode e ON e.la_code = a.la_code AND e.id = a.episode_id WHERE a.start_date < e.referral_date OR a.authorisation_date < a.start_date`,
        'activity after closure (8565)': sql`SELECT count(*)::int AS n FROM cin_episode e WHERE e.closure_date IS NOT NULL AND (
          EXISTS (SELECT 1 FROM assessment a WHERE a.episode_id = e.id AND (a.authorisation_date IS NULL OR a.authorisation_date > e.closure_date))
          OR EXISTS (SELECT 1 FROM s47_enquiry s WHERE s.episode_id = e.id AND (s.start_date > e.closure_date OR s.icpc_date > e.closure_date OR (s.icpc_date IS NULL AND NOT s.icpc_not_required)))
          OR EXISTS (SELECT 1 FROM cp_plan p WHERE p.episode_id = e.id AND (p.end_date IS NULL OR p.end_date > e.closure_date))
          OR EXISTS (SELECT 1 FROM cin_plan p WHERE p.episode_id = e.id AND (p.end_date IS NULL OR p.end_date > e.closure_date)))`,
        'closure without reason, or reason without closure (8805, 8810)': sql`SELECT count(*)::int AS n FROM cin_episode WHERE (closure_date IS NULL) <> (closure_reason IS NULL)`,
        'activity on a no-further-action referral (8831)': sql`SELECT count(*)::int AS n FROM cin_episode e WHERE e.referral_nfa AND (e.closure_date IS DISTINCT FROM e.referral_date OR EXISTS (SELECT 1 FROM assessment a WHERE a.episode_id = e.id))`,
        'activity on an RC8/RC9 episode (2990)': sql`SELECT count(*)::int AS n FROM cin_episode e WHERE e.closure_reason IN ('RC8', 'RC9') AND (EXISTS (SELECT 1 FROM s47_enquiry s WHERE s.episode_id = e.id) OR EXISTS (SELECT 1 FROM cp_plan p WHERE p.episode_id = e.id) OR EXISTS (SELECT 1 FROM cin_plan p WHERE p.episode_id = e.id))`,
        'S47 before its referral, ICPC before its S47 start (2889, 8615)': sql`SELECT count(*)::int AS n FROM s47_enquiry s JOIN cin_episode e ON e.id = s.episode_id WHERE s.start_date < e.referral_date OR s.icpc_date < s.start_date`,
        'ICPC on a day that is not a working day (8875)': sql`SELECT count(*)::int AS n FROM s47_enquiry s JOIN calendar_day d ON d.day = s.icpc_date WHERE NOT d.is_working_day`,
        'CP plan not starting on an ICPC of its episode (2885)': sql`SELECT count(*)::int AS n FROM cp_plan p WHERE NOT EXISTS (SELECT 1 FROM s47_enquiry s WHERE s.episode_id = p.episode_id AND s.icpc_date = p.start_date)`,
        'CP plan before its referral or ending on its first day (1105, 8840)': sql`SELECT count(*)::int AS n FROM cp_plan p JOIN cin_episode e ON e.id = p.episode_id WHERE p.start_date < e.referral_date OR p.end_date <= p.start_date`,
        'CP review outside its plan (8841)': sql`SELECT count(*)::int AS n FROM cp_review r JOIN cp_plan p ON p.id = r.plan_id WHERE r.review_date <= p.start_date OR r.review_date > p.end_date`,
        'CIN plan alongside a CP plan (4001, 4016, 4017)': sql`SELECT count(*)::int AS n FROM cin_plan c JOIN cp_plan p ON p.la_code = c.la_code AND p.child_id = c.child_id
          WHERE daterange(c.start_date, c.end_date, '[)') && daterange(p.start_date, p.end_date, '[)')`,
        'CIN plan before its referral (4015)': sql`SELECT count(*)::int AS n FROM cin_plan c JOIN cin_episode e ON e.id = c.episode_id WHERE c.start_date < e.referral_date OR c.end_date < c.start_date`,
        'overlapping episodes of need (8820)': sql`SELECT count(*)::int AS n FROM cin_episode a JOIN cin_episode b ON b.la_code = a.la_code AND b.child_id = a.child_id AND b.id <> a.id
          WHERE a.referral_date <= b.referral_date AND (a.closure_date IS NULL OR a.closure_date > b.referral_date) AND NOT a.referral_nfa`,
        'referral more than 40 weeks before birth (8606)': sql`SELECT count(*)::int AS n FROM cin_episode e JOIN child c ON c.id = e.child_id WHERE e.referral_date < coalesce(c.date_of_birth, c.expected_date_of_birth) - 280`,
        'overlapping looked-after episodes (501)': sql`SELECT count(*)::int AS n FROM la_episode a JOIN la_episode b ON b.la_code = a.la_code AND b.child_id = a.child_id AND b.id <> a.id
          WHERE daterange(a.decom, a.dec, '[)') && daterange(b.decom, b.dec, '[)')`,
        'episode shorter than a day or before birth (355, 302)': sql`SELECT count(*)::int AS n FROM la_episode e JOIN child c ON c.id = e.child_id WHERE e.dec <= e.decom OR e.decom < c.date_of_birth`,
        'broken chains: X1 not followed the same day, S not after a gap, L/P/U not matching (142, 431-436)': sql`
          SELECT count(*)::int AS n FROM (
            SELECT e.*, lag(e.dec) OVER w AS prev_dec, lag(e.rec) OVER w AS prev_rec, lag(e.legal_status) OVER w AS prev_ls,
              lag(e.place || e.place_provider || e.pl_post || coalesce(e.urn, '')) OVER w AS prev_placement, lead(e.decom) OVER w AS next_decom
            FROM la_episode e WINDOW w AS (PARTITION BY e.child_id ORDER BY e.decom)
          ) x WHERE (x.rne = 'S' AND x.prev_dec IS NOT NULL AND x.decom <= x.prev_dec)
            OR (x.rne <> 'S' AND (x.prev_rec IS DISTINCT FROM 'X1' OR x.decom <> x.prev_dec))
            OR (x.rec = 'X1' AND x.next_decom IS DISTINCT FROM x.dec)
            OR (x.rne = 'L' AND (x.legal_status = x.prev_ls OR x.place || x.place_provider || x.pl_post || coalesce(x.urn, '') <> x.prev_placement))
            OR (x.rne = 'P' AND (x.legal_status <> x.prev_ls OR x.place || x.place_provider || x.pl_post || coalesce(x.urn, '') = x.prev_placement))
            OR (x.rne = 'U' AND (x.legal_status = x.prev_ls OR x.place || x.place_provider || x.pl_post || coalesce(x.urn, '') = x.prev_placement))
            OR x.rne NOT IN ('S', 'L', 'P', 'U')`,
        'reason for placement change missing (225)': sql`SELECT count(*)::int AS n FROM (
            SELECT e.rec, e.reason_place_change, lead(e.rne) OVER (PARTITION BY e.child_id ORDER BY e.decom) AS next_rne FROM la_episode e) x
          WHERE x.rec = 'X1' AND x.next_rne IN ('P', 'U') AND x.reason_place_change IS NULL`,
        'legal status and placement limits (358, 361, 371, 378, 386, 390, 408, 527-531, 550)': sql`SELECT count(*)::int AS n FROM la_episode e JOIN child c ON c.id = e.child_id WHERE
          (e.legal_status LIKE 'J%' AND e.decom <= c.date_of_birth + interval '10 years')
          OR (e.legal_status = 'L1' AND e.dec > e.decom + 3) OR (e.place = 'K3' AND e.decom < c.date_of_birth + interval '16 years')
          OR (e.place = 'P1' AND (e.legal_status = 'V2' OR e.place_provider <> 'PR0')) OR (e.place <> 'P1' AND e.place_provider = 'PR0')
          OR (e.rec IN ('E11', 'E12') AND (e.place NOT IN ('A3', 'A4', 'A5', 'A6') OR e.dec >= c.date_of_birth + interval '18 years'))
          OR (e.place IN ('A5', 'A6') AND e.legal_status <> 'E1') OR (e.place <> 'P1' AND e.pl_post = e.home_post)
          OR (e.dec IS NULL AND c.date_of_birth + interval '18 years' <= DATE '2026-03-31')`,
        'missing episodes outside care or overlapping (574, 578, 581)': sql`SELECT count(*)::int AS n FROM missing_episode m WHERE m.end_date < m.start_date
          OR NOT EXISTS (SELECT 1 FROM la_episode e WHERE e.child_id = m.child_id AND e.decom <= m.start_date AND (e.dec IS NULL OR e.dec >= m.end_date))
          OR EXISTS (SELECT 1 FROM missing_episode o WHERE o.child_id = m.child_id AND o.start_date > m.start_date AND o.start_date <= m.end_date)`,
        'review participation not matching age (440, 441)': sql`SELECT count(*)::int AS n FROM la_review r JOIN child c ON c.id = r.child_id
          WHERE (r.review_code = 'PN0') <> (r.review_date < c.date_of_birth + interval '4 years')`,
        'care leaver row not at a 17th-21st birthday in the year (391)': sql`SELECT count(*)::int AS n FROM care_leaver l JOIN child c ON c.id = l.child_id
          WHERE NOT EXISTS (SELECT 1 FROM generate_series(17, 21) a WHERE (c.date_of_birth + make_interval(years => a))::date BETWEEN (substr(l.year, 1, 4) || '-04-01')::date AND (substr(l.year, 1, 4)::int + 1 || '-03-31')::date)`,
      };
      for (const [rule, query] of Object.entries(violations)) assert.equal(await count(db, query), 0, rule);
    });

    test('every reference resolves (rows are written without per-row foreign-key checks)', async () => {
      const orphans: [string, ReturnType<typeof sql<{ n: number }>>][] = [
        ['cin_episode -> child', sql`SELECT count(*)::int AS n FROM cin_episode x WHERE NOT EXISTS (SELECT 1 FROM child c WHERE c.la_code = x.la_code AND c.id = x.child_id)`],
        ['contact -> child', sql`SELECT count(*)::int AS n FROM contact x WHERE NOT EXISTS (SELECT 1 FROM child c WHERE c.la_code = x.la_code AND c.id = x.child_id)`],
        ['la_episode -> child', sql`SELECT count(*)::int AS n FROM la_episode x WHERE NOT EXISTS (SELECT 1 FROM child c WHERE c.la_code = x.la_code AND c.id = x.child_id)`],
        ['cin_episode -> contact', sql`SELECT count(*)::int AS n FROM cin_episode x WHERE x.contact_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM contact c WHERE c.la_code = x.la_code AND c.id = x.contact_id AND c.child_id = x.child_id)`],
        ['strategy discussion -> episode', sql`SELECT count(*)::int AS n FROM strategy_discussion x WHERE NOT EXISTS (SELECT 1 FROM cin_episode e WHERE e.la_code = x.la_code AND e.id = x.episode_id AND e.child_id = x.child_id)`],
        ['s47 -> strategy discussion', sql`SELECT count(*)::int AS n FROM s47_enquiry x WHERE NOT EXISTS (SELECT 1 FROM strategy_discussion d WHERE d.la_code = x.la_code AND d.id = x.strategy_discussion_id AND d.held_on = x.start_date)`],
        ['cp_review/cp_visit/core_group -> cp_plan', sql`SELECT count(*)::int AS n FROM (SELECT plan_id, la_code FROM cp_review UNION ALL SELECT plan_id, la_code FROM cp_visit UNION ALL SELECT plan_id, la_code FROM core_group) x
          WHERE NOT EXISTS (SELECT 1 FROM cp_plan p WHERE p.la_code = x.la_code AND p.id = x.plan_id)`],
        ['relationships -> child, person', sql`SELECT count(*)::int AS n FROM child_relationship x WHERE NOT EXISTS (SELECT 1 FROM child c WHERE c.la_code = x.la_code AND c.id = x.child_id)
          OR (x.related_child_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM child c WHERE c.la_code = x.la_code AND c.id = x.related_child_id))
          OR (x.person_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM person p WHERE p.la_code = x.la_code AND p.id = x.person_id))`],
        ['early help children -> episode, child', sql`SELECT count(*)::int AS n FROM early_help_child x WHERE NOT EXISTS (SELECT 1 FROM early_help_episode e WHERE e.la_code = x.la_code AND e.id = x.episode_id)
          OR NOT EXISTS (SELECT 1 FROM child c WHERE c.la_code = x.la_code AND c.id = x.child_id)`],
      ];
      for (const table of ['assessment', 'cin_plan', 's47_enquiry', 'cp_plan'] as const) {
        orphans.push([`${table} -> its episode, same child`, sql`SELECT count(*)::int AS n FROM ${sql.table(table)} x WHERE NOT EXISTS (SELECT 1 FROM cin_episode e WHERE e.la_code = x.la_code AND e.id = x.episode_id AND e.child_id = x.child_id)`]);
      }
      for (const table of ['la_review', 'missing_episode', 'la_outcome', 'care_leaver', 'adoption', 'placed_for_adoption', 'previous_permanence', 'child_former_name'] as const) {
        orphans.push([`${table} -> child`, sql`SELECT count(*)::int AS n FROM ${sql.table(table)} x WHERE NOT EXISTS (SELECT 1 FROM child c WHERE c.la_code = x.la_code AND c.id = x.child_id)`]);
      }
      for (const [reference, query] of orphans) assert.equal(await count(database.db, query), 0, reference);
    });

    test('identifiers are valid and unique: UPN check letters, NHS numbers (mod 11), LA child IDs', async () => {
      const children = await database.db.selectFrom('child').select(['la_child_id', 'upn', 'former_upn', 'upn_unknown', 'nhs_number', 'date_of_birth', 'sex', 'ethnicity', 'disabilities'])
        .where('la_code', '=', LA).where('la_child_id', 'like', 'NB%').execute();
      assert.ok(children.length > 500);
      const upns = new Set<string>();
      const nhsNumbers = new Set<string>();
      for (const c of children) {
        assert.match(c.la_child_id, /^[A-Z0-9]{1,20}$/);
        if (c.upn) {
          assert.ok(isValidUpn(c.upn), `UPN ${c.upn}`);
          assert.ok(!upns.has(c.upn), `duplicate UPN ${c.upn}`);
          upns.add(c.upn);
        } else {
          assert.match(c.upn_unknown ?? '', /^UN[1-5]$/);
        }
        if (c.former_upn) assert.ok(isValidUpn(c.former_upn), `former UPN ${c.former_upn}`);
        if (c.date_of_birth) {
          assert.ok(c.nhs_number && isValidNhsNumber(c.nhs_number), `NHS number ${c.nhs_number}`);
          assert.ok(!nhsNumbers.has(c.nhs_number), `duplicate NHS number ${c.nhs_number}`);
          nhsNumbers.add(c.nhs_number);
          assert.ok(c.sex === 'M' || c.sex === 'F');
        } else {
          assert.equal(c.sex, 'U', 'an unborn child’s sex is U (8750)');
        }
        assert.ok(c.disabilities.length > 0 && (c.disabilities[0] !== 'NONE' || c.disabilities.length === 1), `disabilities ${c.disabilities}`);
      }
      assert.equal(await count(database.db, sql<{ n: number }>`SELECT count(*)::int AS n FROM assessment WHERE '21' = ANY(factors) AND cardinality(factors) > 1`), 0, 'factor 21 alone (8869)');
      assert.equal(await count(database.db, sql<{ n: number }>`SELECT count(*)::int AS n FROM assessment WHERE factors && ARRAY['18A', '19A']`), 0, '18A/19A replaced (8945Q, 8950Q)');
    });
  });
}
