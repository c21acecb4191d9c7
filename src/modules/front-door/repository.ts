/** The front door's queries (Kysely). Partner scoping is in the `where` as well as in the policy. */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Transaction } from '../../core/db/kysely.ts';
import type { ConsentState, Database, MashContactTable, MashDecision, RagRating } from '../../core/db/schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** A contact as the pages and services read it: the statutory row, the hub's row, the referring agency. */
export type FrontDoorContact = Selectable<MashContactTable> & {
  id: string;
  contact_date: string;
  received_at: Date;
  source: string | null;
  source_detail: string | null;
  child_id: string | null;
  outcome: string | null;
  referrer_agency_name: string | null;
  referrer_agency_type: string | null;
};

export type ContactInsert = {
  door: 'hub' | 'portal' | 'api';
  receivedAt: Date;
  contactDate: string;
  source: string;
  sourceDetail: string | null;
  referrerAgencyId: string | null;
  referrerUserId: string | null;
  apiClientId: string | null;
  agencyReference: string | null;
  referrer: { name: string | null; role: string | null; email: string | null; phone: string | null };
  child: { firstName: string | null; lastName: string | null; dateOfBirth: string | null; details: Record<string, string> };
  concerns: string;
  familyAware: 'yes' | 'no' | 'not_known' | null;
  familyAwareDetail: string | null;
  consent: { state: ConsentState; reason: string | null };
  decisionDueOn: string;
  decisionRuleVersion: string;
};

/**
 * Inserts contacts (the statutory row and the hub's row each) in as few statements as the
 * database allows: the API's commit queue writes a whole batch in one transaction this way.
 */
export async function insertContacts(db: Db, laCode: string, contacts: ContactInsert[]): Promise<{ id: string; referenceNo: number }[]> {
  if (contacts.length === 0) return [];
  const ids = contacts.map(() => randomUUID());
  await db.insertInto('contact').values(contacts.map((c, i) => ({
    la_code: laCode, id: ids[i]!, child_id: null, contact_date: c.contactDate, received_at: c.receivedAt, source: c.source,
    source_detail: c.sourceDetail, outcome: null, detail: JSON.stringify({ door: c.door }),
  }))).execute();
  const rows = await db.insertInto('mash_contact').values(contacts.map((c, i) => ({
    la_code: laCode, contact_id: ids[i]!, door: c.door, referrer_agency_id: c.referrerAgencyId, referrer_user_id: c.referrerUserId,
    api_client_id: c.apiClientId, agency_reference: c.agencyReference,
    referrer_name: c.referrer.name, referrer_role: c.referrer.role, referrer_email: c.referrer.email, referrer_phone: c.referrer.phone,
    child_first_name: c.child.firstName, child_last_name: c.child.lastName, child_date_of_birth: c.child.dateOfBirth,
    child_details: JSON.stringify(c.child.details), concerns: c.concerns, family_aware: c.familyAware, family_aware_detail: c.familyAwareDetail,
    consent_state: c.consent.state, consent_reason: c.consent.reason, decision_due_on: c.decisionDueOn, decision_rule_version: c.decisionRuleVersion,
  }))).returning(['contact_id', 'reference_no']).execute();
  const refs = new Map(rows.map((r) => [r.contact_id, Number(r.reference_no)]));
  return ids.map((id) => ({ id, referenceNo: refs.get(id)! }));
}

type BatchRow = { client_id: string; idempotency_key: string; created: boolean; request_hash: string; response: ApiBatchOutcome['response'] };

/** The batch statement ($1 the requests as JSON, $2 the partnership, $3 the actor's role in the audit trail). */
const API_BATCH_SQL = `
    WITH input AS MATERIALIZED (
      SELECT i.client_id, i.key, i.request_hash, i.ip, i.request_id, i.api_client, i.received_at, c.ord, c.value AS c,
             gen_random_uuid() AS id, nextval(pg_get_serial_sequence('mash_contact', 'reference_no')) AS reference_no
      FROM jsonb_to_recordset($1::jsonb)
             AS i(client_id uuid, key text, request_hash text, ip text, request_id text, api_client text, received_at text, contacts jsonb)
      CROSS JOIN LATERAL jsonb_array_elements(i.contacts) WITH ORDINALITY AS c(value, ord)
    ),
    answers AS (
      SELECT client_id, key, request_hash,
             jsonb_build_object('refs', jsonb_agg(jsonb_build_object('id', id, 'referenceNo', reference_no) ORDER BY ord), 'receivedAt', min(received_at)) AS response
      FROM input GROUP BY client_id, key, request_hash
    ),
    claimed AS (
      INSERT INTO api_idempotency_key (la_code, client_id, idempotency_key, request_hash, status_code, response)
      SELECT $2::text, client_id, key, request_hash, 201, response FROM answers
      ON CONFLICT DO NOTHING
      RETURNING client_id, idempotency_key
    ),
    fresh AS MATERIALIZED (
      SELECT input.* FROM input JOIN claimed ON claimed.client_id = input.client_id AND claimed.idempotency_key = input.key
    ),
    contacts AS (
      INSERT INTO contact (la_code, id, child_id, contact_date, received_at, source, source_detail, outcome, detail)
      SELECT $2::text, id, NULL, (c->>'contact_date')::date, (c->>'received_at')::timestamptz, c->>'source', c->>'source_detail', NULL,
             jsonb_build_object('door', c->>'door')
      FROM fresh
      RETURNING id
    ),
    hub AS (
      INSERT INTO mash_contact (la_code, contact_id, reference_no, door, referrer_agency_id, api_client_id, agency_reference,
        referrer_name, referrer_role, referrer_email, referrer_phone, child_first_name, child_last_name, child_date_of_birth, child_details,
        concerns, family_aware, family_aware_detail, consent_state, consent_reason, decision_due_on, decision_rule_version)
      OVERRIDING SYSTEM VALUE
      SELECT $2::text, id, reference_no, c->>'door', (c->>'referrer_agency_id')::uuid, (c->>'api_client_id')::uuid, c->>'agency_reference',
        c->>'referrer_name', c->>'referrer_role', c->>'referrer_email', c->>'referrer_phone', c->>'child_first_name', c->>'child_last_name',
        (c->>'child_date_of_birth')::date, c->'child_details', c->>'concerns', c->>'family_aware', c->>'family_aware_detail',
        c->>'consent_state', c->>'consent_reason', (c->>'decision_due_on')::date, c->>'decision_rule_version'
      FROM fresh
      RETURNING contact_id
    ),
    audited AS (
      -- The chain trigger links each row to the one before it, in this statement too.
      INSERT INTO audit_event (la_code, actor_user_id, actor_role, action, record_type, record_id, outcome, ip, request_id, detail)
      SELECT $2::text, client_id, $3::text, 'contact.submit', 'contact', id::text, 'succeeded', ip, request_id,
             jsonb_build_object('door', 'api', 'apiClient', api_client)
      FROM fresh ORDER BY reference_no
      RETURNING seq
    )
    SELECT a.client_id, a.key AS idempotency_key, (c.idempotency_key IS NOT NULL) AS created,
           coalesce(k.request_hash, a.request_hash) AS request_hash, coalesce(k.response, a.response) AS response
    FROM answers a
    LEFT JOIN claimed c ON c.client_id = a.client_id AND c.idempotency_key = a.key
    LEFT JOIN api_idempotency_key k ON k.la_code = $2::text AND k.client_id = a.client_id AND k.idempotency_key = a.key AND c.idempotency_key IS NULL`;

export type ApiBatchItem = { clientId: string; key: string; requestHash: string; contacts: ContactInsert[] };
export type ApiBatchOutcome = { clientId: string; key: string; created: boolean; requestHash: string; response: { refs: { id: string; referenceNo: number }[]; receivedAt: string } };

/**
 * Writes a batch of API requests in ONE statement (one round trip to the embedded engine, and
 * atomic without an explicit transaction): each request's Idempotency-Key is claimed (ON CONFLICT
 * DO NOTHING), and only the requests whose key was new get their contacts, the hub's rows and an
 * audit event each. The answer to every request is stored with its key. Keys already used come
 * back with the request hash and answer they were first given. Keys must be distinct in a batch.
 */
export async function insertApiBatch(db: Db, laCode: string, actorRole: string, audit: { ip: string; requestId: string; clientId: string }[], items: ApiBatchItem[]): Promise<ApiBatchOutcome[]> {
  const input = items.map((item, i) => ({
    client_id: item.clientId, key: item.key, request_hash: item.requestHash, ip: audit[i]!.ip, request_id: audit[i]!.requestId, api_client: audit[i]!.clientId,
    received_at: item.contacts[0]?.receivedAt.toISOString(),
    contacts: item.contacts.map((c) => ({
      contact_date: c.contactDate, received_at: c.receivedAt.toISOString(), source: c.source, source_detail: c.sourceDetail, door: c.door,
      referrer_agency_id: c.referrerAgencyId, api_client_id: c.apiClientId, agency_reference: c.agencyReference,
      referrer_name: c.referrer.name, referrer_role: c.referrer.role, referrer_email: c.referrer.email, referrer_phone: c.referrer.phone,
      child_first_name: c.child.firstName, child_last_name: c.child.lastName, child_date_of_birth: c.child.dateOfBirth, child_details: c.child.details,
      concerns: c.concerns, family_aware: c.familyAware, family_aware_detail: c.familyAwareDetail, consent_state: c.consent.state, consent_reason: c.consent.reason,
      decision_due_on: c.decisionDueOn, decision_rule_version: c.decisionRuleVersion,
    })),
  }));
  // The statement is prepared once per connection and run with its values inlined as literals, so
  // each batch is one message in the simple query protocol, parsed and planned once: on the
  // embedded engine a small write costs little more than that message. Kysely's literal doubles
  // quotes, which is the whole of escaping with standard_conforming_strings on (PostgreSQL's default
  // since 9.1, and Haven's).
  const execute = sql<BatchRow>`EXECUTE haven_front_door_api_batch(${sql.lit(JSON.stringify(input))}, ${sql.lit(laCode)}, ${sql.lit(actorRole)})`;
  const rows = await db.connection().execute(async (connection) => {
    try {
      return (await execute.execute(connection)).rows;
    } catch (error) {
      // 26000: this connection has not prepared it yet (a new connection, or a server restarted).
      if ((error as { code?: string }).code !== '26000' && !/haven_front_door_api_batch.*does not exist/.test(String(error))) throw error;
      await sql.raw(`PREPARE haven_front_door_api_batch(jsonb, text, text) AS ${API_BATCH_SQL}`).execute(connection);
      return (await execute.execute(connection)).rows;
    }
  });
  return rows.map((r) => ({ clientId: r.client_id, key: r.idempotency_key, created: r.created, requestHash: r.request_hash, response: r.response }));
}

function contactQuery(db: Db, laCode: string) {
  return db
    .selectFrom('mash_contact as m')
    .innerJoin('contact as c', (j) => j.onRef('c.la_code', '=', 'm.la_code').onRef('c.id', '=', 'm.contact_id'))
    .leftJoin('agency as a', (j) => j.onRef('a.la_code', '=', 'm.la_code').onRef('a.id', '=', 'm.referrer_agency_id'))
    .selectAll('m')
    .select(['c.id', 'c.contact_date', 'c.received_at', 'c.source', 'c.source_detail', 'c.child_id', 'c.outcome', 'a.name as referrer_agency_name', 'a.agency_type as referrer_agency_type'])
    .where('m.la_code', '=', laCode);
}

export async function findContact(db: Db, laCode: string, id: string, options: { forUpdate?: boolean } = {}): Promise<FrontDoorContact | undefined> {
  let query = contactQuery(db, laCode).where('m.contact_id', '=', id);
  if (options.forUpdate) query = query.forUpdate('m');
  return (await query.executeTakeFirst()) as FrontDoorContact | undefined;
}

/** The live queue: contacts not yet decided, unrated first, then Red, Amber, Green, oldest first. */
export async function undecidedContacts(db: Db, laCode: string, limit = 500): Promise<(FrontDoorContact & { research_awaited: number; research_overdue: number })[]> {
  const rows = await contactQuery(db, laCode)
    .where('m.decided_at', 'is', null)
    .select((eb) => [
      eb.selectFrom('mash_research_request as r').select(eb.fn.countAll<number>().as('n'))
        .whereRef('r.la_code', '=', 'm.la_code').whereRef('r.contact_id', '=', 'm.contact_id').where('r.answered_at', 'is', null).as('research_awaited'),
      eb.selectFrom('mash_research_request as r').select(eb.fn.countAll<number>().as('n'))
        .whereRef('r.la_code', '=', 'm.la_code').whereRef('r.contact_id', '=', 'm.contact_id').where('r.answered_at', 'is', null).where('r.due_at', '<', sql<Date>`now()`).as('research_overdue'),
    ])
    .orderBy(sql`CASE m.rag WHEN 'red' THEN 1 WHEN 'amber' THEN 2 WHEN 'green' THEN 3 ELSE 0 END`)
    .orderBy('c.received_at')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...(r as FrontDoorContact), research_awaited: Number(r.research_awaited ?? 0), research_overdue: Number(r.research_overdue ?? 0) }));
}

/** Decided contacts whose referrer has not been told the outcome, oldest due first. */
export async function feedbackOutstanding(db: Db, laCode: string, limit = 200): Promise<FrontDoorContact[]> {
  return (await contactQuery(db, laCode)
    .where('m.decided_at', 'is not', null)
    .where('m.feedback_given_at', 'is', null)
    .orderBy('m.feedback_due_at')
    .limit(limit)
    .execute()) as FrontDoorContact[];
}

/** The contacts one agency made, newest first: what its practitioners see in the portal. */
export async function contactsOfAgency(db: Db, laCode: string, agencyId: string, limit = 200): Promise<FrontDoorContact[]> {
  return (await contactQuery(db, laCode).where('m.referrer_agency_id', '=', agencyId).orderBy('c.received_at', 'desc').limit(limit).execute()) as FrontDoorContact[];
}

export async function ratingHistory(db: Db, laCode: string, contactId: string) {
  return db.selectFrom('mash_rating as r').leftJoin('app_user as u', (j) => j.onRef('u.la_code', '=', 'r.la_code').onRef('u.id', '=', 'r.rated_by'))
    .select(['r.id', 'r.rag', 'r.previous_rag', 'r.reason', 'r.working_hours', 'r.due_at', 'r.scheme_version', 'r.rated_at', 'u.display_name as rated_by_name'])
    .where('r.la_code', '=', laCode).where('r.contact_id', '=', contactId).orderBy('r.rated_at').execute();
}

export async function researchOfContact(db: Db, laCode: string, contactId: string) {
  return db.selectFrom('mash_research_request as r')
    .innerJoin('agency as a', (j) => j.onRef('a.la_code', '=', 'r.la_code').onRef('a.id', '=', 'r.agency_id'))
    .leftJoin('app_user as u', (j) => j.onRef('u.la_code', '=', 'r.la_code').onRef('u.id', '=', 'r.answered_by'))
    .select(['r.id', 'r.agency_id', 'a.name as agency_name', 'r.question', 'r.requested_at', 'r.due_at', 'r.answer', 'r.answered_at', 'u.display_name as answered_by_name'])
    .where('r.la_code', '=', laCode).where('r.contact_id', '=', contactId).orderBy('r.requested_at').execute();
}

export async function findResearchRequest(db: Db, laCode: string, id: string) {
  return db.selectFrom('mash_research_request as r')
    .innerJoin('agency as a', (j) => j.onRef('a.la_code', '=', 'r.la_code').onRef('a.id', '=', 'r.agency_id'))
    .innerJoin('mash_contact as m', (j) => j.onRef('m.la_code', '=', 'r.la_code').onRef('m.contact_id', '=', 'r.contact_id'))
    .select(['r.id', 'r.la_code', 'r.contact_id', 'r.agency_id', 'a.name as agency_name', 'r.question', 'r.requested_at', 'r.due_at', 'r.answer', 'r.answered_at', 'm.reference_no', 'm.rag'])
    .where('r.la_code', '=', laCode).where('r.id', '=', id).executeTakeFirst();
}

/** Research requests awaiting an answer: one agency's, or every agency's when agencyId is null. */
export async function researchAwaited(db: Db, laCode: string, agencyId: string | null) {
  let query = db.selectFrom('mash_research_request as r')
    .innerJoin('agency as a', (j) => j.onRef('a.la_code', '=', 'r.la_code').onRef('a.id', '=', 'r.agency_id'))
    .innerJoin('mash_contact as m', (j) => j.onRef('m.la_code', '=', 'r.la_code').onRef('m.contact_id', '=', 'r.contact_id'))
    .select(['r.id', 'r.contact_id', 'r.agency_id', 'a.name as agency_name', 'r.question', 'r.requested_at', 'r.due_at', 'm.reference_no', 'm.rag'])
    .where('r.la_code', '=', laCode).where('r.answered_at', 'is', null);
  if (agencyId) query = query.where('r.agency_id', '=', agencyId);
  return query.orderBy('r.due_at').limit(500).execute();
}

export async function agenciesOf(db: Db, laCode: string) {
  return db.selectFrom('agency').select(['id', 'name', 'agency_type']).where('la_code', '=', laCode).orderBy('name').execute();
}

export async function userNames(db: Db, laCode: string, ids: (string | null | undefined)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => Boolean(x)))];
  if (!wanted.length) return new Map();
  const rows = await db.selectFrom('app_user').select(['id', 'display_name']).where('la_code', '=', laCode).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** The strategy discussions held about a contact, with what the front door recorded. */
export async function strategyDiscussionsOfContact(db: Db, laCode: string, contactId: string) {
  return db.selectFrom('strategy_discussion as s')
    .innerJoin('mash_strategy_discussion as f', (j) => j.onRef('f.la_code', '=', 's.la_code').onRef('f.strategy_discussion_id', '=', 's.id'))
    .selectAll('s')
    .select(['f.inform_parents', 'f.inform_parents_detail', 'f.recorded_by', 'f.recorded_at', 'f.shared_at'])
    .where('s.la_code', '=', laCode).where('f.contact_id', '=', contactId).orderBy('s.held_on').execute();
}

export async function findStrategyDiscussion(db: Db, laCode: string, id: string) {
  return db.selectFrom('strategy_discussion as s')
    .innerJoin('mash_strategy_discussion as f', (j) => j.onRef('f.la_code', '=', 's.la_code').onRef('f.strategy_discussion_id', '=', 's.id'))
    .innerJoin('mash_contact as m', (j) => j.onRef('m.la_code', '=', 'f.la_code').onRef('m.contact_id', '=', 'f.contact_id'))
    .selectAll('s')
    .select(['f.contact_id as front_door_contact_id', 'f.inform_parents', 'f.inform_parents_detail', 'f.recorded_by', 'f.recorded_at', 'f.shared_at', 'm.reference_no'])
    .where('s.la_code', '=', laCode).where('s.id', '=', id).executeTakeFirst();
}

export type DecisionRow = { decision: MashDecision; rag: RagRating | null };

/** Consultations matching every word of `q` (caller, agency, child, concern, advice, follow-up), newest first. */
export async function searchConsultations(db: Db, laCode: string, q: string, range: { from?: string | undefined; to?: string | undefined }, limit = 100) {
  let query = db.selectFrom('mash_consultation as k')
    .leftJoin('app_user as u', (j) => j.onRef('u.la_code', '=', 'k.la_code').onRef('u.id', '=', 'k.logged_by'))
    .leftJoin('agency as a', (j) => j.onRef('a.la_code', '=', 'k.la_code').onRef('a.id', '=', 'k.caller_agency_id'))
    .selectAll('k')
    .select(['u.display_name as logged_by_name', 'a.name as agency_name'])
    .where('k.la_code', '=', laCode);
  for (const word of q.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8)) {
    query = query.where('k.search_text', 'like', `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  if (range.from) query = query.where(sql<string>`(k.consulted_at AT TIME ZONE 'Europe/London')::date`, '>=', range.from);
  if (range.to) query = query.where(sql<string>`(k.consulted_at AT TIME ZONE 'Europe/London')::date`, '<=', range.to);
  return query.orderBy('k.consulted_at', 'desc').limit(limit).execute();
}
