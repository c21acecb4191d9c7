/**
 * Fewer and smaller indexes on `child`, so that a bulk load (a CIN census of 100,000 children, an
 * SSDA903 return) pays for the look-ups Haven makes and no more: each index costs every insert.
 * - The trigram index on child.search_name goes: a name alone is matched against the dictionary of
 *   names (0013), and a name with a date of birth or an identifier is tested on the few children
 *   their indexes find.
 * - The plain NHS number and UPN indexes go: search compares the forms people type, indexed by
 *   child_nhs_digits and child_upn_upper (0013).
 * - Those two, and the exact-name index, hold only the children that have the value: a child from
 *   a statutory return has no NHS number or name, and an index entry for a missing value is never
 *   read (every look-up is by a value, which implies the value is there).
 */
import { sql, type Kysely } from '../../core/db/kysely.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX child_search_name;
    DROP INDEX child_nhs;
    DROP INDEX child_upn;
    DROP INDEX child_nhs_digits;
    CREATE INDEX child_nhs_digits ON child (la_code, replace(nhs_number, ' ', '')) WHERE nhs_number IS NOT NULL;
    DROP INDEX child_upn_upper;
    CREATE INDEX child_upn_upper ON child (la_code, upper(upn)) WHERE upn IS NOT NULL;
    DROP INDEX child_search_name_exact;
    CREATE INDEX child_search_name_exact ON child (la_code, search_name) WHERE search_name <> ' ';
  `.execute(db);
}
