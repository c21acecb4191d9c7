/**
 * Kysely's view of the tables (see src/migrations/schema). Dates that the law cares about are
 * 'YYYY-MM-DD' strings; moments are Date.
 */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

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
  first_name: string;
  last_name: string;
  date_of_birth: string | null;
  sex: 'M' | 'F' | 'U' | null;
  team_id: string | null;
  allocated_worker_id: string | null;
  lead_agency_id: string | null;
  restriction: Restriction | null;
  restriction_reviewed_at: string | null;
  created_at: Generated<Date>;
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
};

export type AppUser = Selectable<AppUserTable>;
export type Child = Selectable<ChildTable>;
export type NewAuditEvent = Insertable<AuditEventTable>;
