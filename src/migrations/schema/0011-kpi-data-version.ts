/**
 * The KPI data version: a sequence that moves on with every statement that writes a table the KPI
 * figures read, so the dashboard can keep a year's computed figures until the data under them
 * changes (docs/dashboard.md). A statement-level trigger costs one nextval per statement, not per
 * row, and a sequence takes no row lock, so concurrent writers never wait on each other for it.
 * The triggers fire ALWAYS, also under session_replication_role = replica (the demo generator's
 * bulk batches), so no write path can leave the cache believing nothing changed.
 */
import { sql, type Kysely } from '../../core/db/kysely.ts';

/** Every table a KPI, a comparator or the dashboard's team filter reads. */
export const KPI_TABLES = [
  'child', 'team', 'contact', 'cin_episode', 'assessment', 's47_enquiry', 'cp_plan', 'la_episode', 'care_leaver', 'population', 'comparator', 'calendar_day',
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE SEQUENCE kpi_data_version`.execute(db);
  await sql`
    CREATE FUNCTION bump_kpi_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM nextval('kpi_data_version');
      RETURN NULL;
    END $$`.execute(db);
  for (const table of KPI_TABLES) {
    await sql`
      CREATE TRIGGER kpi_data_version_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${sql.id(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION bump_kpi_data_version()`.execute(db);
    await sql`ALTER TABLE ${sql.id(table)} ENABLE ALWAYS TRIGGER kpi_data_version_bump`.execute(db);
  }
}
