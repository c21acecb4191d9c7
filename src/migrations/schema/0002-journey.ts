/**
 * The child's journey, shaped by the CIN census and SSDA903 so that returns and KPIs fall out of
 * it: every statutory fact is a typed column (`date` for statutory dates). Names follow the DfE
 * items (CINreferralDate -> referral_date, S47ActualStartDate -> start_date, DECOM -> decom...).
 * Natural keys (child + date) are unique so that imports are idempotent: the same referral in two
 * years' returns is one episode (kpi-definitions.md, Conventions).
 */
import { sql, type Kysely } from '../../core/db/kysely.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- The child: identifiers and characteristics (CIN ChildIdentifiers/ChildCharacteristics, SSDA903 header).
    ALTER TABLE child
      ADD COLUMN upn text,
      ADD COLUMN former_upn text,
      ADD COLUMN upn_unknown text CHECK (upn_unknown IN ('UN1','UN2','UN3','UN4','UN5','UN6','UN7','UN8','UN9','UN10')),
      ADD COLUMN nhs_number text,
      ADD COLUMN expected_date_of_birth date,
      ADD COLUMN date_of_death date,
      ADD COLUMN ethnicity text,
      ADD COLUMN disabilities text[] NOT NULL DEFAULT '{}',
      ADD COLUMN first_language text,
      ADD COLUMN postcode text,
      ADD COLUMN address text,
      ADD COLUMN uasc boolean NOT NULL DEFAULT false,
      ADD COLUMN uasc_ceased_date date,
      ADD COLUMN mother boolean,
      ADD COLUMN mother_child_dob date,
      ADD COLUMN merged_into uuid,
      ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
    ALTER TABLE child ALTER COLUMN first_name DROP NOT NULL, ALTER COLUMN last_name DROP NOT NULL;
    CREATE INDEX child_dob ON child (la_code, date_of_birth);
    CREATE INDEX child_nhs ON child (la_code, nhs_number) WHERE nhs_number IS NOT NULL;
    CREATE INDEX child_upn ON child (la_code, upn) WHERE upn IS NOT NULL;
    CREATE INDEX child_postcode ON child (la_code, replace(upper(postcode), ' ', '')) WHERE postcode IS NOT NULL;

    CREATE TABLE child_former_name (
      la_code text NOT NULL, child_id uuid NOT NULL, first_name text, last_name text, until_date date,
      PRIMARY KEY (la_code, child_id, first_name, last_name),
      FOREIGN KEY (la_code, child_id) REFERENCES child(la_code, id) ON DELETE CASCADE
    );

    -- People around the child and how they are related (family members, carers, professionals).
    CREATE TABLE person (
      la_code text NOT NULL, id uuid NOT NULL DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('family', 'carer', 'professional', 'other')),
      first_name text, last_name text, date_of_birth date, phone text, email text, address text, postcode text,
      agency_id uuid, created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (la_code, id)
    );
    CREATE TABLE child_relationship (
      la_code text NOT NULL, child_id uuid NOT NULL, person_id uuid, related_child_id uuid,
      relationship text NOT NULL, lives_with_child boolean NOT NULL DEFAULT false, has_parental_responsibility boolean NOT NULL DEFAULT false,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      PRIMARY KEY (la_code, id),
      CHECK ((person_id IS NULL) <> (related_child_id IS NULL))
    );
    CREATE INDEX child_relationship_child ON child_relationship (la_code, child_id);

    -- Contacts at the front door (MASH), or Annex A List 1 when imported.
    CREATE TABLE contact (
      la_code text NOT NULL, id uuid NOT NULL DEFAULT gen_random_uuid(),
      child_id uuid, contact_date date NOT NULL, received_at timestamptz,
      source text, source_detail text, outcome text, detail jsonb,
      imported_from text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (la_code, id)
    );
    CREATE INDEX contact_date ON contact (la_code, contact_date);
    CREATE INDEX contact_child ON contact (la_code, child_id, contact_date);

    -- An episode of need (CIN census CINdetails): from referral to closure.
    CREATE TABLE cin_episode (
      la_code text NOT NULL, id uuid NOT NULL DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL,
      referral_date date NOT NULL,
      referral_source text,
      primary_need text,
      referral_nfa boolean NOT NULL DEFAULT false,
      closure_date date,
      closure_reason text,
      -- DateOfInitialCPC at episode level (a transfer-in ICPC, no Section 47 in this LA).
      episode_icpc_date date,
      contact_id uuid,
      team_id uuid, allocated_worker_id uuid,
      rule_version text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (la_code, id),
      UNIQUE (la_code, child_id, referral_date),
      FOREIGN KEY (la_code, child_id) REFERENCES child(la_code, id),
      CHECK (closure_date IS NULL OR closure_date >= referral_date)
    );
    CREATE INDEX cin_episode_referral ON cin_episode (la_code, referral_date);

    -- Child and family assessments (CIN Assessments).
    CREATE TABLE assessment (
      la_code text NOT NULL, id uuid NOT NULL DEFAULT gen_random_uuid(),
      episode_id uuid NOT NULL, child_id uuid NOT NULL,
      start_date date NOT NULL,
      authorisation_date date,
      factors text[] NOT NULL DEFAULT '{}',
      outcome text,
      extension_reason text, extension_signed_off_by uuid,
      PRIMARY KEY (la_code, id),
      UNIQUE (la_code, episode_id, start_date),
      FOREIGN KEY (la_code, episode_id) REFERENCES cin_episode(la_code, id) ON DELETE CASCADE
    );
    CREATE INDEX assessment_authorised ON assessment (la_code, authorisation_date);

    CREATE TABLE cin_plan (
      la_code text NOT NULL, id uuid NOT NULL DEFAULT gen_random_uuid(),
      episode_id uuid NOT NULL, child_id uuid NOT NULL,
      start_date date NOT NULL, end_date date,
      PRIMARY KEY (la_code, id), UNIQUE (la_code, episode_id, start_date),
      FOREIGN KEY (la_code, episode_id) REFERENCES cin_episode(la_code, id) ON DELETE CASCADE
    );

    CREATE TABLE strategy_discussion (
      la_code text NOT NULL, id uuid NOT NULL DEFAULT gen_random_uuid(),
      episode_id uuid, child_id uuid NOT NULL, contact_id uuid,
      held_on date NOT NULL,
      decision text CHECK (decision IN ('s47_single', 's47_joint', 'no_s47')),
      attendees jsonb, safety_plan text, actions jsonb,
      PRIMARY KEY (la_code, id)
    );

    -- Section 47 enquiries (CIN Section47) and their initial child protection conference.
    CREATE TABLE s47_enquiry (
      la_code text NOT NULL, id uuid NOT NULL DEFAULT gen_random_uuid(),
      episode_id uuid NOT NULL, child_id uuid NOT NULL,
      strategy_discussion_id uuid,
      start_date date NOT NULL,
      icpc_target_date date,
      icpc_date date,
      icpc_not_required boolean NOT NULL DEFAULT false,
      outcome text,
      rule_version text,
      PRIMARY KEY (la_code, id), UNIQUE (la_code, episode_id, start_date),
      FOREIGN KEY (la_code, episode_id) REFERENCES cin_episode(la_code, id) ON DELETE CASCADE
    );
    CREATE INDEX s47_start ON s47_enquiry (la_code, start_date);
    CREATE INDEX s47_icpc ON s47_enquiry (la_code, icpc_date);

    -- Child protection plans (CIN ChildProtectionPlans) with reviews, visits and core groups.
    CREATE TABLE cp_plan (
      la_code text NOT NULL, id uuid NOT NULL DEFAULT gen_random_uuid(),
      episode_id uuid NOT NULL, child_id uuid NOT NULL,
      start_date date NOT NULL, end_date date,
      initial_category text, latest_category text,
      previous_plans integer,
      PRIMARY KEY (la_code, id), UNIQUE (la_code, episode_id, start_date),
      FOREIGN KEY (la_code, episode_id) REFERENCES cin_episode(la_code, id) ON DELETE CASCADE,
      CHECK (end_date IS NULL OR end_date >= start_date)
    );
    CREATE INDEX cp_plan_dates ON cp_plan (la_code, start_date, end_date);
    CREATE TABLE cp_review (
      la_code text NOT NULL, plan_id uuid NOT NULL, review_date date NOT NULL,
      PRIMARY KEY (la_code, plan_id, review_date),
      FOREIGN KEY (la_code, plan_id) REFERENCES cp_plan(la_code, id) ON DELETE CASCADE
    );
    CREATE TABLE cp_visit (
      la_code text NOT NULL, plan_id uuid NOT NULL, visit_date date NOT NULL, seen_alone boolean,
      PRIMARY KEY (la_code, plan_id, visit_date),
      FOREIGN KEY (la_code, plan_id) REFERENCES cp_plan(la_code, id) ON DELETE CASCADE
    );
    CREATE TABLE core_group (
      la_code text NOT NULL, plan_id uuid NOT NULL, meeting_date date NOT NULL,
      PRIMARY KEY (la_code, plan_id, meeting_date),
      FOREIGN KEY (la_code, plan_id) REFERENCES cp_plan(la_code, id) ON DELETE CASCADE
    );

    -- Looked after (SSDA903 episodes.csv and the tables around it).
    CREATE TABLE la_episode (
      la_code text NOT NULL, id uuid NOT NULL DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL,
      decom date NOT NULL, rne text, legal_status text, cin text, place text, place_provider text,
      dec date, rec text, reason_place_change text, home_post text, pl_post text, urn text,
      PRIMARY KEY (la_code, id), UNIQUE (la_code, child_id, decom),
      FOREIGN KEY (la_code, child_id) REFERENCES child(la_code, id),
      CHECK (dec IS NULL OR dec >= decom)
    );
    CREATE INDEX la_episode_dates ON la_episode (la_code, decom, dec);
    CREATE TABLE la_review (
      la_code text NOT NULL, child_id uuid NOT NULL, review_date date NOT NULL, review_code text,
      PRIMARY KEY (la_code, child_id, review_date)
    );
    CREATE TABLE la_visit (
      la_code text NOT NULL, child_id uuid NOT NULL, visit_date date NOT NULL, seen_alone boolean,
      PRIMARY KEY (la_code, child_id, visit_date)
    );
    CREATE TABLE missing_episode (
      la_code text NOT NULL, child_id uuid NOT NULL, start_date date NOT NULL, end_date date, missing_type text CHECK (missing_type IN ('M', 'A')),
      PRIMARY KEY (la_code, child_id, start_date)
    );
    -- OC2: outcomes for children looked after for 12 months at 31 March, one row per child and year.
    CREATE TABLE la_outcome (
      la_code text NOT NULL, child_id uuid NOT NULL, year text NOT NULL,
      sdq_score integer, sdq_reason text, convicted boolean, health_check boolean, immunisations boolean,
      teeth_check boolean, health_assessment boolean, substance_misuse boolean, intervention_received boolean, intervention_offered boolean,
      PRIMARY KEY (la_code, child_id, year)
    );
    -- OC3: care leavers on their birthday in the year.
    CREATE TABLE care_leaver (
      la_code text NOT NULL, child_id uuid NOT NULL, year text NOT NULL,
      in_touch text, activity text, accommodation text, pathway_plan_date date,
      PRIMARY KEY (la_code, child_id, year)
    );
    -- AD1 and the adoption / SGO milestones.
    CREATE TABLE adoption (
      la_code text NOT NULL, child_id uuid NOT NULL,
      date_int date, date_match date, foster_care boolean, number_adopters text, sex_adopters text, ls_adopters text,
      date_placement_order date, date_placed date, date_placed_ceased date, reason_placed_ceased text,
      PRIMARY KEY (la_code, child_id)
    );
    CREATE TABLE placed_for_adoption (
      la_code text NOT NULL, child_id uuid NOT NULL, date_placed date NOT NULL, date_placed_ceased date, reason_placed_ceased text,
      PRIMARY KEY (la_code, child_id, date_placed)
    );
    CREATE TABLE previous_permanence (
      la_code text NOT NULL, child_id uuid NOT NULL, prev_perm text, la_perm text, date_perm text,
      PRIMARY KEY (la_code, child_id)
    );
    CREATE TABLE sw_episode (
      la_code text NOT NULL, child_id uuid NOT NULL, sw_id text NOT NULL, sw_decom date NOT NULL, sw_dec date, sw_reason text,
      PRIMARY KEY (la_code, child_id, sw_decom)
    );

    -- Early help: family-level episodes with a lead professional.
    CREATE TABLE early_help_episode (
      la_code text NOT NULL, id uuid NOT NULL DEFAULT gen_random_uuid(),
      family_ref text, start_date date NOT NULL, end_date date,
      lead_professional_agency_id uuid, lead_professional text,
      outcome text CHECK (outcome IN ('successful_sustained', 'stepped_up', 'stepped_down', 'disengaged', 'moved_away', 'other')),
      PRIMARY KEY (la_code, id)
    );
    CREATE TABLE early_help_child (
      la_code text NOT NULL, episode_id uuid NOT NULL, child_id uuid NOT NULL,
      PRIMARY KEY (la_code, episode_id, child_id)
    );

    -- Significant events a worker marks on the chronology (events themselves come from the tables above).
    CREATE TABLE chronology_mark (
      la_code text NOT NULL, child_id uuid NOT NULL, event_key text NOT NULL, marked_by uuid, marked_at timestamptz NOT NULL DEFAULT now(), note text,
      PRIMARY KEY (la_code, child_id, event_key)
    );
    CREATE TABLE case_note (
      la_code text NOT NULL, id uuid NOT NULL DEFAULT gen_random_uuid(), child_id uuid NOT NULL,
      occurred_on date NOT NULL, kind text NOT NULL, summary text NOT NULL, author_id uuid, significant boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (la_code, id)
    );

    -- The 0-17 population of the area per reporting year (haven import population).
    CREATE TABLE population (
      la_code text NOT NULL, year text NOT NULL CHECK (year ~ '^[0-9]{4}-[0-9]{2}$'), population_0_17 integer NOT NULL CHECK (population_0_17 >= 0),
      PRIMARY KEY (la_code, year)
    );

    -- England and Wales working days as reference data for set-based SQL:
    -- working_days(S, E) = index(E) - index(S), as kpi-definitions.md defines it.
    CREATE TABLE calendar_day (
      day date PRIMARY KEY,
      is_working_day boolean NOT NULL,
      working_day_index integer NOT NULL
    );
  `.execute(db);
}
