/** Published figures to compare with (England, region, statistical neighbours), per metric and year. */
import { sql, type Kysely } from '../../core/db/kysely.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE comparator (
      la_code text NOT NULL,
      area text NOT NULL,
      year text NOT NULL CHECK (year ~ '^[0-9]{4}-[0-9]{2}$'),
      metric text NOT NULL,
      value numeric NOT NULL,
      PRIMARY KEY (la_code, area, year, metric)
    );
  `.execute(db);
}
