/**
 * Foundation schema: partnerships, agencies, teams, users, sessions, the audit trail, restricted
 * record exceptions, break-glass alerts, jobs, and the first child record. Every table keys on
 * la_code first: it is the tenancy key and the key a distributed PostgreSQL would shard on.
 */
import { sql, type Kysely } from '../../core/db/kysely.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE partnership (
      la_code text PRIMARY KEY CHECK (la_code ~ '^[0-9]{3}$'),
      name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE agency (
      la_code text NOT NULL REFERENCES partnership(la_code),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      name text NOT NULL,
      agency_type text NOT NULL CHECK (agency_type IN
        ('local_authority', 'police', 'health', 'school', 'education_other', 'probation', 'housing',
         'voluntary', 'cafcass', 'ambulance', 'other')),
      is_statutory_partner boolean NOT NULL DEFAULT false,
      PRIMARY KEY (la_code, id),
      UNIQUE (la_code, name)
    );

    CREATE TABLE team (
      la_code text NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      agency_id uuid NOT NULL,
      name text NOT NULL,
      PRIMARY KEY (la_code, id),
      FOREIGN KEY (la_code, agency_id) REFERENCES agency(la_code, id),
      UNIQUE (la_code, name)
    );

    CREATE TABLE app_user (
      la_code text NOT NULL REFERENCES partnership(la_code),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      email text NOT NULL,
      display_name text NOT NULL,
      role text NOT NULL,
      agency_id uuid NOT NULL,
      team_id uuid,
      password_hash text,
      oidc_issuer text,
      oidc_subject text,
      failed_attempts integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      disabled_at timestamptz,
      last_sign_in_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (la_code, id),
      FOREIGN KEY (la_code, agency_id) REFERENCES agency(la_code, id),
      FOREIGN KEY (la_code, team_id) REFERENCES team(la_code, id)
    );
    -- Sign-in is by email before the partnership is known, so emails are unique across the deployment.
    CREATE UNIQUE INDEX app_user_email ON app_user (lower(email));
    CREATE UNIQUE INDEX app_user_oidc ON app_user (oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL;

    -- Server-side sessions. The cookie carries a random token; only its SHA-256 is stored, so a copy
    -- of this table cannot be replayed. A row with no user is a signed-out visitor (it holds the CSRF
    -- token of the sign-in form and the state of a single sign-on in progress).
    CREATE TABLE user_session (
      la_code text NOT NULL,
      token_hash text NOT NULL,
      user_id uuid,
      csrf_token text NOT NULL,
      pending jsonb,
      ip text,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      absolute_expires_at timestamptz NOT NULL,
      PRIMARY KEY (token_hash)
    );
    CREATE INDEX user_session_user ON user_session (la_code, user_id);

    -- Children: the first slice of the people module (issue 3 extends it).
    CREATE TABLE child (
      la_code text NOT NULL REFERENCES partnership(la_code),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      la_child_id text NOT NULL,
      first_name text NOT NULL,
      last_name text NOT NULL,
      date_of_birth date,
      sex text CHECK (sex IN ('M', 'F', 'U')),
      team_id uuid,
      allocated_worker_id uuid,
      lead_agency_id uuid,
      restriction text CHECK (restriction IN ('staff_relative', 'high_profile', 'adoption')),
      restriction_reviewed_at date,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (la_code, id),
      UNIQUE (la_code, la_child_id)
    );

    -- Who may open a restricted record (named exceptions), and who never may, not even by break-glass
    -- (the member of staff whose own child or relative the record is about).
    CREATE TABLE record_access_rule (
      la_code text NOT NULL,
      record_type text NOT NULL,
      record_id uuid NOT NULL,
      user_id uuid NOT NULL,
      rule text NOT NULL CHECK (rule IN ('allow', 'exclude')),
      reason text NOT NULL,
      granted_by uuid,
      granted_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (la_code, record_type, record_id, user_id)
    );

    -- Each break-glass opening of a restricted record, for managers to review.
    CREATE TABLE break_glass_alert (
      la_code text NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL,
      record_type text NOT NULL,
      record_id uuid NOT NULL,
      reason text NOT NULL,
      occurred_at timestamptz NOT NULL DEFAULT now(),
      reviewed_by uuid,
      reviewed_at timestamptz,
      PRIMARY KEY (la_code, id)
    );

    -- Long work (imports, exports, KPIs, reports) runs as a job with progress people can watch.
    CREATE TABLE job (
      la_code text NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      kind text NOT NULL,
      status text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
      done integer NOT NULL DEFAULT 0,
      total integer,
      message text,
      result jsonb,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      PRIMARY KEY (la_code, id)
    );
  `.execute(db);

  // The audit trail: append-only and hash-chained per partnership. The trigger computes each row's
  // hash in the database, so no code path can write an unchained row, and refuses UPDATE, DELETE and
  // TRUNCATE. `haven audit verify` recomputes the chain with audit_event_digest().
  await sql`
    CREATE TABLE audit_event (
      la_code text NOT NULL,
      seq bigint GENERATED ALWAYS AS IDENTITY,
      occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      actor_user_id uuid,
      actor_role text,
      action text NOT NULL,
      record_type text,
      record_id text,
      purpose text,
      break_glass boolean NOT NULL DEFAULT false,
      outcome text NOT NULL CHECK (outcome IN ('allowed', 'denied', 'failed', 'succeeded')),
      ip text,
      request_id text,
      detail jsonb,
      prev_hash text NOT NULL,
      hash text NOT NULL,
      PRIMARY KEY (la_code, seq)
    );
    CREATE INDEX audit_event_record ON audit_event (la_code, record_type, record_id, occurred_at DESC);
    CREATE INDEX audit_event_actor ON audit_event (la_code, actor_user_id, occurred_at DESC);

    CREATE FUNCTION audit_event_digest(e audit_event) RETURNS text
    LANGUAGE sql IMMUTABLE AS $fn$
      SELECT encode(sha256(convert_to(e.prev_hash || jsonb_build_object(
        'la', e.la_code, 'seq', e.seq,
        'at', (extract(epoch FROM e.occurred_at) * 1000000)::bigint,
        'actor', e.actor_user_id, 'role', e.actor_role, 'action', e.action,
        'recordType', e.record_type, 'recordId', e.record_id, 'purpose', e.purpose,
        'breakGlass', e.break_glass, 'outcome', e.outcome, 'ip', e.ip,
        'requestId', e.request_id, 'detail', e.detail)::text, 'UTF8')), 'hex')
    $fn$;

    CREATE FUNCTION audit_event_chain() RETURNS trigger
    LANGUAGE plpgsql AS $fn$
    BEGIN
      -- One writer at a time per partnership's chain; released when the transaction ends.
      PERFORM pg_advisory_xact_lock(hashtext('haven.audit.' || NEW.la_code));
      SELECT hash INTO NEW.prev_hash FROM audit_event
        WHERE la_code = NEW.la_code ORDER BY seq DESC LIMIT 1;
      NEW.prev_hash := coalesce(NEW.prev_hash, repeat('0', 64));
      NEW.occurred_at := clock_timestamp();
      NEW.hash := audit_event_digest(NEW);
      RETURN NEW;
    END
    $fn$;

    CREATE TRIGGER audit_event_chain BEFORE INSERT ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_chain();

    CREATE FUNCTION audit_event_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $fn$
    BEGIN
      RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END
    $fn$;

    CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
    CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
  `.execute(db);
}
