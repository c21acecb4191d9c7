/**
 * The front door (MASH): contacts from three doors (hub staff, the partner portal, agency systems
 * through the API) screened, researched and decided in one queue (domain.md §2).
 *
 * A front-door contact is a row of `contact` (the statutory fact: date, source, outcome, child, as
 * Annex A List 1 and the KPIs read it) with one row of `mash_contact` beside it for the hub's work:
 * who referred, the concerns, consent and lawful basis, the RAG rating and its due time, the level
 * of need, the decision and the feedback to the referrer. Ratings keep their history, research
 * requests each have their own deadline and answer. Agency systems authenticate as API clients
 * (secrets and tokens stored only as hashes); idempotency keys make a retried request harmless.
 */
import { sql, type Kysely } from '../../core/db/kysely.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Agency systems (e.g. the police's) that send contacts through the API, one agency each.
    CREATE TABLE api_client (
      la_code text NOT NULL REFERENCES partnership(la_code),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      client_id text NOT NULL,
      name text NOT NULL,
      agency_id uuid NOT NULL,
      -- scrypt of the secret (the secret itself is shown once, when the client is created).
      secret_hash text NOT NULL,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz,
      PRIMARY KEY (la_code, id),
      FOREIGN KEY (la_code, agency_id) REFERENCES agency(la_code, id)
    );
    -- The token endpoint knows only the client id, before the partnership: unique across the deployment.
    CREATE UNIQUE INDEX api_client_client_id ON api_client (client_id);

    -- Bearer tokens issued to API clients: only the SHA-256 of the token is kept.
    CREATE TABLE api_token (
      token_hash text PRIMARY KEY,
      la_code text NOT NULL,
      client_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    );
    CREATE INDEX api_token_client ON api_token (la_code, client_id);

    -- One row per Idempotency-Key an API client used: the request's hash and the answer it got.
    CREATE TABLE api_idempotency_key (
      la_code text NOT NULL,
      client_id uuid NOT NULL,
      idempotency_key text NOT NULL,
      request_hash text NOT NULL,
      status_code integer NOT NULL,
      response jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (la_code, client_id, idempotency_key)
    );

    -- The hub's work on a contact, beside the statutory contact row.
    CREATE TABLE mash_contact (
      la_code text NOT NULL,
      contact_id uuid NOT NULL,
      reference_no bigint GENERATED ALWAYS AS IDENTITY,
      door text NOT NULL CHECK (door IN ('hub', 'portal', 'api')),
      -- Who made the contact: an agency (null for a member of the public), the practitioner who
      -- signed in to the portal, or the agency system.
      referrer_agency_id uuid,
      referrer_user_id uuid,
      api_client_id uuid,
      agency_reference text,
      referrer_name text, referrer_role text, referrer_email text, referrer_phone text,
      -- The child as the referrer described them, until the hub matches or creates the record.
      child_first_name text, child_last_name text, child_date_of_birth date, child_details jsonb,
      concerns text NOT NULL,
      family_aware text CHECK (family_aware IN ('yes', 'no', 'not_known')),
      family_aware_detail text,
      -- Consent and lawful basis for sharing (DPA 2018 Sch 1 para 18, Sch 8 para 4).
      consent_state text NOT NULL CHECK (consent_state IN ('given', 'refused', 'not_sought', 'not_required')),
      consent_reason text,
      consent_recorded_by uuid,
      consent_recorded_at timestamptz,
      lawful_basis text,
      sharing_authorised_by uuid,
      sharing_authorised_at timestamptz,
      -- Screening: the current RAG rating (history in mash_rating) and level of need.
      rag text CHECK (rag IN ('red', 'amber', 'green')),
      rag_due_at timestamptz,
      rag_rated_at timestamptz,
      rag_rated_by uuid,
      screening_version text,
      need_level smallint CHECK (need_level BETWEEN 1 AND 4),
      -- The decision, due within 1 working day of the contact (the journey's 'decision' clock).
      decision_due_on date NOT NULL,
      decision_rule_version text NOT NULL,
      decision text CHECK (decision IN ('advice', 'nfa', 'early_help', 'assessment', 'strategy_discussion', 'immediate_protection')),
      decision_reasons text,
      decision_feedback text,
      decided_by uuid,
      decided_at timestamptz,
      decision_date date,
      episode_id uuid,
      early_help_episode_id uuid,
      -- Feedback to the referrer (local target, configurable).
      feedback_due_at timestamptz,
      feedback_given_at timestamptz,
      feedback_method text CHECK (feedback_method IN ('email', 'phone', 'letter', 'in_person')),
      feedback_by uuid,
      feedback_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (la_code, contact_id),
      UNIQUE (la_code, reference_no),
      FOREIGN KEY (la_code, contact_id) REFERENCES contact(la_code, id),
      CHECK ((decision IS NULL) = (decided_at IS NULL) AND (decision IS NULL) = (decision_date IS NULL))
    );
    CREATE INDEX mash_contact_undecided ON mash_contact (la_code, rag) WHERE decided_at IS NULL;
    CREATE INDEX mash_contact_referrer_agency ON mash_contact (la_code, referrer_agency_id);
    CREATE INDEX mash_contact_feedback_due ON mash_contact (la_code, feedback_due_at) WHERE decided_at IS NOT NULL AND feedback_given_at IS NULL;
    CREATE INDEX mash_contact_decided ON mash_contact (la_code, decision_date);

    -- Every rating a contact was given, with the reason for each change.
    CREATE TABLE mash_rating (
      la_code text NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      contact_id uuid NOT NULL,
      rag text NOT NULL CHECK (rag IN ('red', 'amber', 'green')),
      previous_rag text CHECK (previous_rag IN ('red', 'amber', 'green')),
      reason text,
      working_hours numeric NOT NULL,
      due_at timestamptz NOT NULL,
      scheme_version text NOT NULL,
      rated_by uuid NOT NULL,
      rated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      PRIMARY KEY (la_code, id),
      FOREIGN KEY (la_code, contact_id) REFERENCES mash_contact(la_code, contact_id),
      CHECK (previous_rag IS NULL OR previous_rag = rag OR length(trim(coalesce(reason, ''))) > 0)
    );
    CREATE INDEX mash_rating_contact ON mash_rating (la_code, contact_id, rated_at);

    -- Multi-agency research: each hub agency asked, with its own deadline and answer.
    CREATE TABLE mash_research_request (
      la_code text NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      contact_id uuid NOT NULL,
      agency_id uuid NOT NULL,
      question text NOT NULL,
      requested_by uuid NOT NULL,
      requested_at timestamptz NOT NULL DEFAULT now(),
      due_at timestamptz NOT NULL,
      answer text,
      answered_by uuid,
      answered_at timestamptz,
      PRIMARY KEY (la_code, id),
      FOREIGN KEY (la_code, contact_id) REFERENCES mash_contact(la_code, contact_id),
      FOREIGN KEY (la_code, agency_id) REFERENCES agency(la_code, id)
    );
    CREATE INDEX mash_research_contact ON mash_research_request (la_code, contact_id);
    CREATE INDEX mash_research_awaited ON mash_research_request (la_code, agency_id, due_at) WHERE answered_at IS NULL;

    -- What the front door records about a strategy discussion beyond the journey's row.
    CREATE TABLE mash_strategy_discussion (
      la_code text NOT NULL,
      strategy_discussion_id uuid NOT NULL,
      contact_id uuid NOT NULL,
      inform_parents text NOT NULL CHECK (inform_parents IN ('now', 'later', 'no')),
      inform_parents_detail text,
      recorded_by uuid NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      shared_at timestamptz,
      PRIMARY KEY (la_code, strategy_discussion_id),
      FOREIGN KEY (la_code, contact_id) REFERENCES mash_contact(la_code, contact_id)
    );
    CREATE INDEX mash_strategy_contact ON mash_strategy_discussion (la_code, contact_id);

    -- The consultation line: every call for advice, with the advice and the follow-up.
    CREATE TABLE mash_consultation (
      la_code text NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      consulted_at timestamptz NOT NULL,
      caller_name text NOT NULL,
      caller_role text,
      caller_agency_id uuid,
      caller_agency_name text,
      caller_phone text,
      child_name text,
      concern text NOT NULL,
      advice text NOT NULL,
      follow_up text,
      follow_up_due date,
      logged_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      search_text text GENERATED ALWAYS AS (lower(
        caller_name || ' ' || coalesce(caller_role, '') || ' ' || coalesce(caller_agency_name, '') || ' ' ||
        coalesce(child_name, '') || ' ' || concern || ' ' || advice || ' ' || coalesce(follow_up, ''))) STORED,
      PRIMARY KEY (la_code, id)
    );
    CREATE INDEX mash_consultation_when ON mash_consultation (la_code, consulted_at DESC);
    CREATE INDEX mash_consultation_search ON mash_consultation USING gin (search_text gin_trgm_ops);
  `.execute(db);
}
