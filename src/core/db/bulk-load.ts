/**
 * Bulk loads (the demonstration generator, the statutory return imports) write rows whose
 * references hold by construction: parents are written before their children in the same
 * transaction, and each child row carries the id its parent's insert returned. Checking each
 * reference again costs a foreign-key trigger per row, most of an insert's cost on the embedded
 * engine. When the database allows it, such a load runs with `session_replication_role = replica`
 * for its own transaction only (what pg_restore's --disable-triggers does), which skips those
 * checks; Haven's own triggers (the KPI data version, the name dictionary) are enabled ALWAYS and
 * still fire. A role that may not set it (a server's ordinary user) loads with the checks on.
 */
import { sql, type Kysely, type Transaction } from './kysely.ts';
import type { Database } from './schema.ts';

/**
 * Whether a load into `tables` may skip foreign-key checks: the role may set
 * session_replication_role (a superuser, as in the embedded engine, or one granted SET on it) and
 * no table has a trigger other than the internal foreign-key ones and those enabled ALWAYS (which
 * fire under replica too; any other would silently not fire).
 */
export async function canSkipReferenceChecks(db: Kysely<Database> | Transaction<Database>, tables: readonly string[]): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE NOT t.tgisinternal AND t.tgenabled <> 'A' AND c.relname = ANY(${tables})`.execute(db);
  if ((rows[0]?.n ?? 1) > 0) return false;
  const { rows: allowed } = await sql<{ allowed: boolean }>`
    SELECT current_setting('is_superuser') = 'on' OR has_parameter_privilege('session_replication_role', 'SET') AS allowed`.execute(db);
  return allowed[0]?.allowed ?? false;
}

/** Skips foreign-key checks until the end of the transaction (call only after {@link canSkipReferenceChecks}). */
export async function skipReferenceChecks(trx: Transaction<Database>): Promise<void> {
  await sql`SET LOCAL session_replication_role = replica`.execute(trx);
}

/**
 * Runs `load` in `trx` without foreign-key checks when {@link canSkipReferenceChecks} allows, then
 * turns them back on, so that what the transaction writes afterwards (an audit event, whose hash
 * chain trigger is not enabled ALWAYS) fires every trigger again.
 */
export async function withoutReferenceChecks<T>(trx: Transaction<Database>, tables: readonly string[], load: () => Promise<T>): Promise<T> {
  const skipping = await canSkipReferenceChecks(trx, tables);
  if (skipping) await skipReferenceChecks(trx);
  const result = await load();
  if (skipping) await sql`SET LOCAL session_replication_role = origin`.execute(trx);
  return result;
}
