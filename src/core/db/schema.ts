/**
 * Kysely's view of the tables (see src/migrations/schema). Dates that the law cares about are
 * 'YYYY-MM-DD' strings; moments are Date.
 */
import type { ColumnType, Generated, Insertable, Selectable } from './kysely.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | undefined, string>;

export type PartnershipTable = { la_code: string; name: string; created_at: Generated<Date> };

export type AgencyType =
  | 'local_authority' | 'police' | 'health' | 'school' | 'education_other' | 'probation'
  | 'housing' | 'voluntary' | 'cafcass' | 'ambulance' | 'other';

export type AgencyTable = {
  la_code: string;
  id: Generated<string>;
  name: string;
  agency_type: AgencyType;
  is_statutory_partner: Generated<boolean>;
};

export type TeamTable = { la_code: string; id: Generated<string>; agency_id: string; name: string };

export type AppUserTable = {
  la_code: string;
  id: Generated<string>;
  email: string;
  display_name: string;
  role: string;
  agency_id: string;
  team_id: string | null;
  password_hash: string | null;
  oidc_issuer: string | null;
  oidc_subject: string | null;
  failed_attempts: Generated<number>;
  locked_until: Timestamp | null;
  disabled_at: Timestamp | null;
  last_sign_in_at: Timestamp | null;
  created_at: Generated<Date>;
};

export type UserSessionTable = {
  la_code: string;
  token_hash: string;
  user_id: string | null;
  csrf_token: string;
  pending: Json | null;
  ip: string | null;
  created_at: Generated<Date>;
  last_seen_at: Timestamp;
  absolute_expires_at: Timestamp;
};

export type Restriction = 'staff_relative' | 'high_profile' | 'adoption';

export type ChildTable = {
  la_code: string;
  id: Generated<string>;
  la_child_id: string;
  first_name: string | null;
  last_name: string | null;
  date_of_birth: string | null;
  sex: 'M' | 'F' | 'U' | null;
  team_id: string | null;
  allocated_worker_id: string | null;
  lead_agency_id: string | null;
  restriction: Restriction | null;
  restriction_reviewed_at: string | null;
  created_at: Generated<Date>;
  upn: ColumnType<string | null, string | null | undefined>;
  former_upn: ColumnType<string | null, string | null | undefined>;
  upn_unknown: ColumnType<string | null, string | null | undefined>;
  nhs_number: ColumnType<string | null, string | null | undefined>;
  expected_date_of_birth: ColumnType<string | null, string | null | undefined>;
  date_of_death: ColumnType<string | null, string | null | undefined>;
  ethnicity: ColumnType<string | null, string | null | undefined>;
  disabilities: ColumnType<string[], string[] | undefined>;
  first_language: ColumnType<string | null, string | null | undefined>;
  postcode: ColumnType<string | null, string | null | undefined>;
  address: ColumnType<string | null, string | null | undefined>;
  uasc: ColumnType<boolean, boolean | undefined>;
  uasc_ceased_date: ColumnType<string | null, string | null | undefined>;
  mother: ColumnType<boolean | null, boolean | null | undefined>;
  mother_child_dob: ColumnType<string | null, string | null | undefined>;
  merged_into: ColumnType<string | null, string | null | undefined>;
  search_name: ColumnType<string, never, never>;
  updated_at: Generated<Date>;
};

export type RecordAccessRuleTable = {
  la_code: string;
  record_type: string;
  record_id: string;
  user_id: string;
  rule: 'allow' | 'exclude';
  reason: string;
  granted_by: string | null;
  granted_at: Generated<Date>;
};

export type BreakGlassAlertTable = {
  la_code: string;
  id: Generated<string>;
  user_id: string;
  record_type: string;
  record_id: string;
  reason: string;
  occurred_at: Generated<Date>;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
};

export type JobTable = {
  la_code: string;
  id: Generated<string>;
  kind: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  done: Generated<number>;
  total: number | null;
  message: string | null;
  result: Json | null;
  created_by: string | null;
  created_at: Generated<Date>;
  finished_at: Timestamp | null;
};

export type AuditOutcome = 'allowed' | 'denied' | 'failed' | 'succeeded';

export type AuditEventTable = {
  la_code: string;
  seq: Generated<number>;
  occurred_at: Generated<Date>;
  actor_user_id: string | null;
  actor_role: string | null;
  action: string;
  record_type: string | null;
  record_id: string | null;
  purpose: string | null;
  break_glass: Generated<boolean>;
  outcome: AuditOutcome;
  ip: string | null;
  request_id: string | null;
  detail: Json | null;
  // Set by the database's chain trigger; whatever the caller passes is overwritten.
  prev_hash: Generated<string>;
  hash: Generated<string>;
};


/** Optional on insert, nullable when read: most statutory items may be absent. */
type Opt<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Id = Generated<string>;

export type ChildFormerNameTable = { la_code: string; id: Id; child_id: string; first_name: string | null; last_name: string | null; until_date: Opt<string> };
export type PersonTable = {
  la_code: string; id: Id; kind: 'family' | 'carer' | 'professional' | 'other';
  first_name: Opt<string>; last_name: Opt<string>; date_of_birth: Opt<string>; phone: Opt<string>; email: Opt<string>;
  address: Opt<string>; postcode: Opt<string>; agency_id: Opt<string>; created_at: Generated<Date>;
};
export type ChildRelationshipTable = {
  la_code: string; id: Id; child_id: string; person_id: Opt<string>; related_child_id: Opt<string>; relationship: string;
  lives_with_child: Generated<boolean>; has_parental_responsibility: Generated<boolean>;
};
export type ContactTable = {
  la_code: string; id: Id; child_id: Opt<string>; contact_date: string; received_at: Opt<Date>; source: Opt<string>;
  source_detail: Opt<string>; outcome: Opt<string>; detail: Json | null; imported_from: Opt<string>; created_at: Generated<Date>;
};
export type CinEpisodeTable = {
  la_code: string; id: Id; child_id: string; referral_date: string; referral_source: Opt<string>; primary_need: Opt<string>;
  referral_nfa: Generated<boolean>; closure_date: Opt<string>; closure_reason: Opt<string>; episode_icpc_date: Opt<string>;
  contact_id: Opt<string>; team_id: Opt<string>; allocated_worker_id: Opt<string>; rule_version: Opt<string>; created_at: Generated<Date>;
};
export type AssessmentTable = {
  la_code: string; id: Id; episode_id: string; child_id: string; start_date: string; authorisation_date: Opt<string>;
  factors: ColumnType<string[], string[] | undefined>; outcome: Opt<string>; extension_reason: Opt<string>; extension_signed_off_by: Opt<string>;
  internal_review_date: Opt<string>;
};
/** A census `<PreProceedingsandFGDM>` record (codes as the return writes them). */
export type PreProceedingsTable = {
  la_code: string; id: Id; episode_id: string; child_id: string; start_date: string; lbp_sent_date: Opt<string>; fgdm_offered: Opt<string>;
  fgdm_facilitated: Opt<string>; initial_meeting_date: Opt<string>; review_meetings: Opt<string>; step_decision_date: Opt<string>;
  outcome: Opt<string>; court_application_date: Opt<string>; letter_before_cp_date: Opt<string>;
};
export type CinPlanTable = { la_code: string; id: Id; episode_id: string; child_id: string; start_date: string; end_date: Opt<string> };
export type StrategyDiscussionTable = {
  la_code: string; id: Id; episode_id: Opt<string>; child_id: string; contact_id: Opt<string>; held_on: string;
  decision: Opt<'s47_single' | 's47_joint' | 'no_s47'>; attendees: Json | null; safety_plan: Opt<string>; actions: Json | null;
};
export type S47EnquiryTable = {
  la_code: string; id: Id; episode_id: string; child_id: string; strategy_discussion_id: Opt<string>; start_date: string;
  icpc_target_date: Opt<string>; icpc_date: Opt<string>; icpc_not_required: Generated<boolean>; outcome: Opt<string>; rule_version: Opt<string>;
};
export type CpPlanTable = {
  la_code: string; id: Id; episode_id: string; child_id: string; start_date: string; end_date: Opt<string>;
  initial_category: Opt<string>; latest_category: Opt<string>; previous_plans: Opt<number>;
};
export type CpReviewTable = { la_code: string; plan_id: string; review_date: string };
export type CinPlanReviewTable = { la_code: string; plan_id: string; review_date: string };
export type CpVisitTable = { la_code: string; plan_id: string; visit_date: string; seen_alone: Opt<boolean> };
export type CoreGroupTable = { la_code: string; plan_id: string; meeting_date: string };
export type LaEpisodeTable = {
  la_code: string; id: Id; child_id: string; decom: string; rne: Opt<string>; legal_status: Opt<string>; cin: Opt<string>;
  place: Opt<string>; place_provider: Opt<string>; dec: Opt<string>; rec: Opt<string>; reason_place_change: Opt<string>;
  home_post: Opt<string>; pl_post: Opt<string>; urn: Opt<string>;
};
export type LaReviewTable = { la_code: string; child_id: string; review_date: string; review_code: Opt<string> };
export type LaVisitTable = { la_code: string; child_id: string; visit_date: string; seen_alone: Opt<boolean> };
export type MissingEpisodeTable = { la_code: string; child_id: string; start_date: string; end_date: Opt<string>; missing_type: Opt<'M' | 'A'> };
export type LaOutcomeTable = {
  la_code: string; child_id: string; year: string; sdq_score: Opt<number>; sdq_reason: Opt<string>; convicted: Opt<boolean>;
  health_check: Opt<boolean>; immunisations: Opt<boolean>; teeth_check: Opt<boolean>; health_assessment: Opt<boolean>;
  substance_misuse: Opt<boolean>; intervention_received: Opt<boolean>; intervention_offered: Opt<boolean>;
};
export type CareLeaverTable = {
  la_code: string; child_id: string; year: string; in_touch: Opt<string>; activity: Opt<string>; accommodation: Opt<string>; pathway_plan_date: Opt<string>;
};
export type AdoptionTable = {
  la_code: string; child_id: string; date_int: Opt<string>; date_match: Opt<string>; foster_care: Opt<boolean>; number_adopters: Opt<string>;
  sex_adopters: Opt<string>; ls_adopters: Opt<string>; date_placement_order: Opt<string>; date_placed: Opt<string>;
  date_placed_ceased: Opt<string>; reason_placed_ceased: Opt<string>;
};
export type PlacedForAdoptionTable = { la_code: string; child_id: string; date_placed: string; date_placed_ceased: Opt<string>; reason_placed_ceased: Opt<string> };
export type PreviousPermanenceTable = { la_code: string; child_id: string; prev_perm: Opt<string>; la_perm: Opt<string>; date_perm: Opt<string> };
export type SwEpisodeTable = { la_code: string; child_id: string; sw_id: string; sw_decom: string; sw_dec: Opt<string>; sw_reason: Opt<string> };
export type EarlyHelpEpisodeTable = {
  la_code: string; id: Id; family_ref: Opt<string>; start_date: string; end_date: Opt<string>; lead_professional_agency_id: Opt<string>;
  lead_professional: Opt<string>; outcome: Opt<'successful_sustained' | 'stepped_up' | 'stepped_down' | 'disengaged' | 'moved_away' | 'other'>;
};
export type EarlyHelpChildTable = { la_code: string; episode_id: string; child_id: string };
export type ChronologyMarkTable = { la_code: string; child_id: string; event_key: string; marked_by: Opt<string>; marked_at: Generated<Date>; note: Opt<string> };
export type CaseNoteTable = {
  la_code: string; id: Id; child_id: string; occurred_on: string; kind: string; summary: string; author_id: Opt<string>;
  significant: Generated<boolean>; created_at: Generated<Date>;
};
export type PopulationTable = { la_code: string; year: string; population_0_17: number };
export type ComparatorTable = { la_code: string; area: string; year: string; metric: string; value: ColumnType<string, number | string, number | string> };
export type ImportRunTable = {
  la_code: string; id: Id; kind: 'cin-census' | 'ssda903' | 'annex-a'; source: string; sha256: string; year: string | null;
  started_at: Date; finished_at: Generated<Date>; user_id: string | null;
  changes: ColumnType<unknown, string, string>; findings: ColumnType<unknown, string, string>;
};
export type CalendarDayTable = { day: string; is_working_day: boolean; working_day_index: number };

export type Database = {
  partnership: PartnershipTable;
  agency: AgencyTable;
  team: TeamTable;
  app_user: AppUserTable;
  user_session: UserSessionTable;
  child: ChildTable;
  record_access_rule: RecordAccessRuleTable;
  break_glass_alert: BreakGlassAlertTable;
  job: JobTable;
  audit_event: AuditEventTable;
  child_former_name: ChildFormerNameTable;
  person: PersonTable;
  child_relationship: ChildRelationshipTable;
  contact: ContactTable;
  cin_episode: CinEpisodeTable;
  assessment: AssessmentTable;
  cin_plan: CinPlanTable;
  strategy_discussion: StrategyDiscussionTable;
  s47_enquiry: S47EnquiryTable;
  cp_plan: CpPlanTable;
  cp_review: CpReviewTable;
  pre_proceedings: PreProceedingsTable;
  cin_plan_review: CinPlanReviewTable;
  cp_visit: CpVisitTable;
  core_group: CoreGroupTable;
  la_episode: LaEpisodeTable;
  la_review: LaReviewTable;
  la_visit: LaVisitTable;
  missing_episode: MissingEpisodeTable;
  la_outcome: LaOutcomeTable;
  care_leaver: CareLeaverTable;
  adoption: AdoptionTable;
  placed_for_adoption: PlacedForAdoptionTable;
  previous_permanence: PreviousPermanenceTable;
  sw_episode: SwEpisodeTable;
  early_help_episode: EarlyHelpEpisodeTable;
  early_help_child: EarlyHelpChildTable;
  chronology_mark: ChronologyMarkTable;
  case_note: CaseNoteTable;
  population: PopulationTable;
  calendar_day: CalendarDayTable;
  api_client: ApiClientTable;
  api_token: ApiTokenTable;
  api_idempotency_key: ApiIdempotencyKeyTable;
  mash_contact: MashContactTable;
  mash_rating: MashRatingTable;
  mash_research_request: MashResearchRequestTable;
  mash_strategy_discussion: MashStrategyDiscussionTable;
  mash_consultation: MashConsultationTable;
  comparator: ComparatorTable;
  import_run: ImportRunTable;
};

export type AppUser = Selectable<AppUserTable>;
export type Child = Selectable<ChildTable>;
export type NewAuditEvent = Insertable<AuditEventTable>;

// The front door (migration 0005-front-door).
export type RagRating = 'red' | 'amber' | 'green';
export type ConsentState = 'given' | 'refused' | 'not_sought' | 'not_required';
export type MashDecision = 'advice' | 'nfa' | 'early_help' | 'assessment' | 'strategy_discussion' | 'immediate_protection';
export type ApiClientTable = {
  la_code: string; id: Id; client_id: string; name: string; agency_id: string; secret_hash: string;
  created_by: Opt<string>; created_at: Generated<Date>; revoked_at: Opt<Date>;
};
export type ApiTokenTable = { token_hash: string; la_code: string; client_id: string; created_at: Generated<Date>; expires_at: Timestamp };
export type ApiIdempotencyKeyTable = {
  la_code: string; client_id: string; idempotency_key: string; request_hash: string; status_code: number; response: Json; created_at: Generated<Date>;
};
export type MashContactTable = {
  la_code: string; contact_id: string; reference_no: ColumnType<number, never, never>; door: 'hub' | 'portal' | 'api';
  referrer_agency_id: Opt<string>; referrer_user_id: Opt<string>; api_client_id: Opt<string>; agency_reference: Opt<string>;
  referrer_name: Opt<string>; referrer_role: Opt<string>; referrer_email: Opt<string>; referrer_phone: Opt<string>;
  child_first_name: Opt<string>; child_last_name: Opt<string>; child_date_of_birth: Opt<string>; child_details: Json | null;
  concerns: string; family_aware: Opt<'yes' | 'no' | 'not_known'>; family_aware_detail: Opt<string>;
  consent_state: ConsentState; consent_reason: Opt<string>; consent_recorded_by: Opt<string>; consent_recorded_at: Opt<Date>;
  lawful_basis: Opt<string>; sharing_authorised_by: Opt<string>; sharing_authorised_at: Opt<Date>;
  rag: Opt<RagRating>; rag_due_at: Opt<Date>; rag_rated_at: Opt<Date>; rag_rated_by: Opt<string>; screening_version: Opt<string>; need_level: Opt<number>;
  decision_due_on: string; decision_rule_version: string; decision: Opt<MashDecision>; decision_reasons: Opt<string>; decision_feedback: Opt<string>;
  decided_by: Opt<string>; decided_at: Opt<Date>; decision_date: Opt<string>; episode_id: Opt<string>; early_help_episode_id: Opt<string>;
  feedback_due_at: Opt<Date>; feedback_given_at: Opt<Date>; feedback_method: Opt<'email' | 'phone' | 'letter' | 'in_person'>; feedback_by: Opt<string>; feedback_error: Opt<string>;
  created_at: Generated<Date>;
};
export type MashRatingTable = {
  la_code: string; id: Id; contact_id: string; rag: RagRating; previous_rag: Opt<RagRating>; reason: Opt<string>;
  working_hours: ColumnType<string, number | string, number | string>; due_at: Timestamp; scheme_version: string; rated_by: string; rated_at: Generated<Date>;
};
export type MashResearchRequestTable = {
  la_code: string; id: Id; contact_id: string; agency_id: string; question: string; requested_by: string; requested_at: Generated<Date>;
  due_at: Timestamp; answer: Opt<string>; answered_by: Opt<string>; answered_at: Opt<Date>;
};
export type MashStrategyDiscussionTable = {
  la_code: string; strategy_discussion_id: string; contact_id: string; inform_parents: 'now' | 'later' | 'no'; inform_parents_detail: Opt<string>;
  recorded_by: string; recorded_at: Generated<Date>; shared_at: Opt<Date>;
};
export type MashConsultationTable = {
  la_code: string; id: Id; consulted_at: Timestamp; caller_name: string; caller_role: Opt<string>; caller_agency_id: Opt<string>; caller_agency_name: Opt<string>;
  caller_phone: Opt<string>; child_name: Opt<string>; concern: string; advice: string; follow_up: Opt<string>; follow_up_due: Opt<string>;
  logged_by: string; created_at: Generated<Date>; search_text: ColumnType<string, never, never>;
};
