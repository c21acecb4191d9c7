/**
 * Finding children by partial or misspelt name: trigram similarity (pg_trgm) over names and former
 * names, with a GIN index, and phonetic codes (fuzzystrmatch's double metaphone) for surnames that
 * sound alike. Both extensions ship with PostgreSQL (contrib) and with Haven's embedded engine.
 */
import { sql, type Kysely } from '../../core/db/kysely.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
    ALTER TABLE child ADD COLUMN search_name text GENERATED ALWAYS AS (lower(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))) STORED;
    CREATE INDEX child_search_name ON child USING gin (search_name gin_trgm_ops);
    CREATE INDEX child_former_name_search ON child_former_name USING gin ((lower(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))) gin_trgm_ops);
  `.execute(db);
}
