/**
 * The audit writer. Every read, search, export and write of personal data goes through
 * `recordAudit`: who, when, what, which record, why, from where, and the outcome. The database
 * chains each row to the one before (see migration 0001) and refuses to change or remove any.
 */
import { sql, type Kysely } from './db/kysely.ts';
import type { AuditOutcome, Database } from './db/schema.ts';

export type AuditEntry = {
  laCode: string;
  actor?: { id: string; role: string } | null | undefined;
  /** What was done, in the policy's vocabulary where there is one: 'child.view', 'session.sign-in'. */
  action: string;
  recordType?: string | undefined;
  recordId?: string | undefined;
  /** Why: the purpose stated, or the break-glass reason. */
  purpose?: string | undefined;
  breakGlass?: boolean | undefined;
  outcome: AuditOutcome;
  ip?: string | undefined;
  requestId?: string | undefined;
  detail?: Record<string, unknown> | undefined;
};

/** Appends one event to the audit trail, inside the caller's transaction when given one. */
export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_event')
    .values({
      la_code: entry.laCode,
      actor_user_id: entry.actor?.id ?? null,
      actor_role: entry.actor?.role ?? null,
      action: entry.action,
      record_type: entry.recordType ?? null,
      record_id: entry.recordId ?? null,
      purpose: entry.purpose ?? null,
      break_glass: entry.breakGlass ?? false,
      outcome: entry.outcome,
      ip: entry.ip ?? null,
      request_id: entry.requestId ?? null,
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
    })
    .execute();
}

export type ChainProblem = { laCode: string; seq: number; problem: 'altered' | 'previous-row-missing-or-altered' };

export type ChainReport = { rows: number; heads: { laCode: string; seq: number; hash: string }[]; firstBroken: ChainProblem | null };

/**
 * Recomputes the whole hash chain in the database (set-based, one pass) and names the first row
 * that does not hold: one whose content no longer matches its hash (edited), or whose link to the
 * row before is broken (a row before it was deleted or its hash rewritten).
 */
export async function verifyAuditChain(db: Kysely<Database>): Promise<ChainReport> {
  const broken = await sql<{ la_code: string; seq: number; altered: boolean }>`
    SELECT la_code, seq, hash <> recomputed AS altered
    FROM (
      SELECT e.la_code, e.seq, e.hash, e.prev_hash, audit_event_digest(e) AS recomputed,
             coalesce(lag(e.hash) OVER (PARTITION BY e.la_code ORDER BY e.seq), repeat('0', 64)) AS expected_prev
      FROM audit_event e
    ) chain
    WHERE hash <> recomputed OR prev_hash <> expected_prev
    ORDER BY la_code, seq
    LIMIT 1`.execute(db);
  const heads = await sql<{ la_code: string; seq: number; hash: string; rows: number }>`
    SELECT DISTINCT ON (la_code) la_code, seq, hash, count(*) OVER (PARTITION BY la_code) AS rows
    FROM audit_event ORDER BY la_code, seq DESC`.execute(db);
  const first = broken.rows[0];
  return {
    rows: heads.rows.reduce((sum, h) => sum + Number(h.rows), 0),
    heads: heads.rows.map((h) => ({ laCode: h.la_code, seq: Number(h.seq), hash: h.hash })),
    firstBroken: first
      ? { laCode: first.la_code, seq: Number(first.seq), problem: first.altered ? 'altered' : 'previous-row-missing-or-altered' }
      : null,
  };
}
