/**
 * Search at the size of a large partnership (650,000 children at scale 20).
 * - NHS number, UPN and LA child ID are compared as people type them (no spaces, any case): index
 *   those forms, so a search reads one index entry instead of every child.
 * - Names: a dictionary of the distinct names in use (child_name_dictionary), kept by a trigger, with
 *   its own trigram index. A misspelt or partial name is matched against the dictionary, then the
 *   children with the best names are read by an ordinary index: the trigram work grows with the
 *   number of different names, not with the number of children. Names no longer used stay in the
 *   dictionary and match nobody.
 */
import { sql, type Kysely } from '../../core/db/kysely.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX child_nhs_digits ON child (la_code, replace(nhs_number, ' ', ''));
    CREATE INDEX child_upn_upper ON child (la_code, upper(upn));
    CREATE INDEX child_la_child_id_lower ON child (la_code, lower(la_child_id));
    CREATE INDEX child_search_name_exact ON child (la_code, search_name);

    CREATE TABLE child_name_dictionary (
      la_code text NOT NULL,
      search_name text NOT NULL,
      PRIMARY KEY (la_code, search_name)
    );
    INSERT INTO child_name_dictionary (la_code, search_name) SELECT DISTINCT la_code, search_name FROM child;
    CREATE INDEX child_name_dictionary_trigram ON child_name_dictionary USING gin (search_name gin_trgm_ops);

    -- New children by statement (a bulk load adds its names in one insert), renamed ones by row.
    CREATE FUNCTION child_name_dictionary_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO child_name_dictionary (la_code, search_name) SELECT DISTINCT la_code, search_name FROM added ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$;
    CREATE TRIGGER child_name_dictionary_add AFTER INSERT ON child REFERENCING NEW TABLE AS added
      FOR EACH STATEMENT EXECUTE FUNCTION child_name_dictionary_add();
    CREATE FUNCTION child_name_dictionary_keep() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO child_name_dictionary (la_code, search_name) VALUES (NEW.la_code, NEW.search_name) ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$;
    CREATE TRIGGER child_name_dictionary_keep AFTER UPDATE OF first_name, last_name ON child
      FOR EACH ROW EXECUTE FUNCTION child_name_dictionary_keep();
    -- Derived data: kept even in a bulk load that sets session_replication_role = replica.
    ALTER TABLE child ENABLE ALWAYS TRIGGER child_name_dictionary_add;
    ALTER TABLE child ENABLE ALWAYS TRIGGER child_name_dictionary_keep;
  `.execute(db);
}
