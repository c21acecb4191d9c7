/**
 * Small factories for KPI tests. Each test builds its own partnership (a fresh LA code) in a shared
 * database, so tests cannot see each other's records and every KPI query's la_code filter is
 * exercised. Every statutory field a test does not name gets a value that keeps the record out of
 * the figures it is not about.
 */
import { sql, type Kysely } from '../../core/db/kysely.ts';
import type { Database } from '../../core/db/schema.ts';

let nextLaCode = 100;

export type KpiWorld = ReturnType<typeof worldFor>;

/** A fresh partnership (three-digit LA code, unique in this process) with builders bound to it. */
export async function buildKpiWorld(db: Kysely<Database>): Promise<KpiWorld> {
  const laCode = String(nextLaCode++);
  if (laCode.length !== 3) throw new Error('Out of test LA codes');
  await db.insertInto('partnership').values({ la_code: laCode, name: `KPI test ${laCode}` }).execute();
  return worldFor(db, laCode);
}

/** Builders bound to an existing partnership (the test app's, whose users sign in). */
export function worldFor(db: Kysely<Database>, laCode: string) {
  let childNumber = 0;
  return {
    laCode,

    /** A child with an LA child ID (`C1`, `C2`... unless given) and a date of birth. */
    async child(options: { laChildId?: string; dateOfBirth?: string | null } = {}): Promise<string> {
      childNumber += 1;
      const row = await db
        .insertInto('child')
        .values({
          la_code: laCode, la_child_id: options.laChildId ?? `C${childNumber}`, first_name: null, last_name: null,
          date_of_birth: options.dateOfBirth === undefined ? '2015-06-01' : options.dateOfBirth, sex: 'U',
          team_id: null, allocated_worker_id: null, lead_agency_id: null, restriction: null, restriction_reviewed_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** A contact dated `contactDate` about `childId` (or no child), with a CIN referral-source code. */
    async contact(contactDate: string, options: { childId?: string | null; source?: string | null } = {}): Promise<string> {
      const row = await db
        .insertInto('contact')
        .values({ la_code: laCode, contact_date: contactDate, child_id: options.childId ?? null, source: options.source === undefined ? '1A' : options.source, detail: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** A referral (episode of need); open unless closed, not NFA unless said. */
    async referral(childId: string, referralDate: string, options: { nfa?: boolean; source?: string | null; closureDate?: string | null; episodeIcpcDate?: string | null } = {}): Promise<string> {
      const row = await db
        .insertInto('cin_episode')
        .values({
          la_code: laCode, child_id: childId, referral_date: referralDate, referral_nfa: options.nfa ?? false,
          referral_source: options.source === undefined ? '1A' : options.source, closure_date: options.closureDate ?? null,
          episode_icpc_date: options.episodeIcpcDate ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** A child and family assessment on an episode. */
    async assessment(episodeId: string, childId: string, startDate: string, authorisationDate: string | null, factors: string[] = []): Promise<string> {
      const row = await db
        .insertInto('assessment')
        .values({ la_code: laCode, episode_id: episodeId, child_id: childId, start_date: startDate, authorisation_date: authorisationDate, factors })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** A Section 47 enquiry, with its initial child protection conference when `icpcDate` is given. */
    async s47(episodeId: string, childId: string, startDate: string, icpcDate: string | null = null): Promise<string> {
      const row = await db
        .insertInto('s47_enquiry')
        .values({ la_code: laCode, episode_id: episodeId, child_id: childId, start_date: startDate, icpc_date: icpcDate })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** A child protection plan. */
    async cpPlan(episodeId: string, childId: string, startDate: string, options: { endDate?: string | null; initialCategory?: string | null; previousPlans?: number | null } = {}): Promise<string> {
      const row = await db
        .insertInto('cp_plan')
        .values({
          la_code: laCode, episode_id: episodeId, child_id: childId, start_date: startDate, end_date: options.endDate ?? null,
          initial_category: options.initialCategory === undefined ? 'NEG' : options.initialCategory, previous_plans: options.previousPlans === undefined ? 0 : options.previousPlans,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** An SSDA903 episode; by default a new period of care (RNE S) under a care order (C2). */
    async laEpisode(childId: string, decom: string, options: { dec?: string | null; rne?: string | null; rec?: string | null; legalStatus?: string | null } = {}): Promise<string> {
      const row = await db
        .insertInto('la_episode')
        .values({
          la_code: laCode, child_id: childId, decom, dec: options.dec ?? null, rne: options.rne === undefined ? 'S' : options.rne,
          rec: options.rec ?? null, legal_status: options.legalStatus === undefined ? 'C2' : options.legalStatus,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** An OC3 row for `year`. */
    async careLeaver(childId: string, year: string, options: { inTouch?: string | null; activity?: string | null; accommodation?: string | null } = {}): Promise<void> {
      await db
        .insertInto('care_leaver')
        .values({ la_code: laCode, child_id: childId, year, in_touch: options.inTouch ?? null, activity: options.activity ?? null, accommodation: options.accommodation ?? null })
        .execute();
    },

    /** `count` children, each with an open episode and a child protection plan started on `startDate`, in bulk. */
    async openCpPlans(count: number, startDate: string): Promise<void> {
      await sql`
        WITH kids AS (
          INSERT INTO child (la_code, la_child_id, date_of_birth)
          SELECT ${laCode}, 'CP-' || ${startDate} || '-' || g, date '2015-06-01' FROM generate_series(1, ${count}) g
          RETURNING id
        ), episodes AS (
          INSERT INTO cin_episode (la_code, child_id, referral_date)
          SELECT ${laCode}, id, ${startDate}::date FROM kids
          RETURNING id, child_id
        )
        INSERT INTO cp_plan (la_code, episode_id, child_id, start_date, initial_category, previous_plans)
        SELECT ${laCode}, id, child_id, ${startDate}::date, 'NEG', 0 FROM episodes`.execute(db);
    },

    /** The 0-17 population for `year`. */
    async population(year: string, population: number): Promise<void> {
      await db.insertInto('population').values({ la_code: laCode, year, population_0_17: population }).execute();
    },
  };
}
