/**
 * Every statutory import (CIN census, SSDA903, Annex A) leaves a run: which file (by name and
 * SHA-256, so the same file twice is recognised), what it changed per table, and the validation
 * findings per rule at the time, so the data-quality page can show the trend between imports.
 */
import { sql, type Kysely } from '../../core/db/kysely.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE import_run (
      la_code text NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('cin-census', 'ssda903', 'annex-a')),
      source text NOT NULL,
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      year text CHECK (year ~ '^[0-9]{4}-[0-9]{2}$'),
      started_at timestamptz NOT NULL,
      finished_at timestamptz NOT NULL DEFAULT now(),
      user_id uuid,
      -- {"cin_episode": {"inserted": 3, "updated": 1, "unchanged": 40}, ...}
      changes jsonb NOT NULL DEFAULT '{}',
      -- {"8606": 2, "2885Q": 1, ...}: findings per rule when the file was imported
      findings jsonb NOT NULL DEFAULT '{}',
      PRIMARY KEY (la_code, id)
    );
    CREATE INDEX import_run_kind ON import_run (la_code, kind, finished_at DESC);
  `.execute(db);
}
