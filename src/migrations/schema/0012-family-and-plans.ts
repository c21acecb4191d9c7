/**
 * Recording through the pages what was only importable before: former names get an id so that a
 * worker can correct one, and child in need plans get their reviews (the CIN census carries no
 * review date for a CIN plan, but Working Together expects the plan reviewed, so the date is kept).
 */
import { sql, type Kysely } from '../../core/db/kysely.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE child_former_name ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
    CREATE UNIQUE INDEX child_former_name_id ON child_former_name (la_code, id);

    CREATE TABLE cin_plan_review (
      la_code text NOT NULL, plan_id uuid NOT NULL, review_date date NOT NULL,
      PRIMARY KEY (la_code, plan_id, review_date),
      FOREIGN KEY (la_code, plan_id) REFERENCES cin_plan(la_code, id) ON DELETE CASCADE
    );
  `.execute(db);
}
