/** Reading the audit trail (writing is src/core/audit.ts, and only ever appends). */
import { sql, type Kysely } from '../../core/db/kysely.ts';
import type { Database } from '../../core/db/schema.ts';

/** Everyone who has opened a record, newest first, with how often and whether by break-glass. */
export function recordViewers(db: Kysely<Database>, laCode: string, recordType: string, recordId: string) {
  return sql<{ user_id: string; display_name: string; role: string; agency_name: string; views: number; last_viewed: Date; break_glass: boolean; denied: number }>`
    SELECT a.actor_user_id AS user_id, u.display_name, u.role, ag.name AS agency_name,
           count(*) FILTER (WHERE a.outcome = 'allowed') AS views,
           count(*) FILTER (WHERE a.outcome = 'denied') AS denied,
           max(a.occurred_at) AS last_viewed, bool_or(a.break_glass) AS break_glass
    FROM audit_event a
    JOIN app_user u ON u.la_code = a.la_code AND u.id = a.actor_user_id
    JOIN agency ag ON ag.la_code = u.la_code AND ag.id = u.agency_id
    WHERE a.la_code = ${laCode} AND a.record_type = ${recordType} AND a.record_id = ${recordId} AND a.action LIKE '%.view'
    GROUP BY a.actor_user_id, u.display_name, u.role, ag.name
    ORDER BY last_viewed DESC`.execute(db).then((r) => r.rows.map((row) => ({ ...row, views: Number(row.views), denied: Number(row.denied) })));
}

export type AuditFilter = { actorEmail?: string | undefined; recordId?: string | undefined; action?: string | undefined };

export function searchAudit(db: Kysely<Database>, laCode: string, filter: AuditFilter, limit = 200) {
  let query = db
    .selectFrom('audit_event as a')
    .leftJoin('app_user as u', (j) => j.onRef('u.la_code', '=', 'a.la_code').onRef('u.id', '=', 'a.actor_user_id'))
    .select(['a.seq', 'a.occurred_at', 'a.action', 'a.record_type', 'a.record_id', 'a.outcome', 'a.break_glass', 'a.purpose', 'a.ip', 'u.display_name', 'a.actor_role'])
    .where('a.la_code', '=', laCode);
  if (filter.actorEmail) query = query.where(sql`lower(u.email)`, '=', filter.actorEmail.toLowerCase());
  if (filter.recordId) query = query.where('a.record_id', '=', filter.recordId);
  if (filter.action) query = query.where('a.action', '=', filter.action);
  return query.orderBy('a.seq', 'desc').limit(limit).execute();
}

export function breakGlassAlerts(db: Kysely<Database>, laCode: string, teamId: string | null) {
  let query = db
    .selectFrom('break_glass_alert as b')
    .innerJoin('app_user as u', (j) => j.onRef('u.la_code', '=', 'b.la_code').onRef('u.id', '=', 'b.user_id'))
    .leftJoin('app_user as r', (j) => j.onRef('r.la_code', '=', 'b.la_code').onRef('r.id', '=', 'b.reviewed_by'))
    .leftJoin('child as c', (j) => j.onRef('c.la_code', '=', 'b.la_code').onRef('c.id', '=', 'b.record_id').on('b.record_type', '=', 'child'))
    .select(['b.id', 'b.record_type', 'b.record_id', 'c.la_child_id', 'b.reason', 'b.occurred_at', 'b.reviewed_at', 'u.display_name', 'u.role', 'r.display_name as reviewer'])
    .where('b.la_code', '=', laCode);
  if (teamId) query = query.where('u.team_id', '=', teamId);
  return query.orderBy('b.reviewed_at', (ob) => ob.nullsFirst()).orderBy('b.occurred_at', 'desc').limit(200).execute();
}
