/**
 * Every migration, in order. Numbered, forward-only and never edited once merged: a change to the
 * schema is a new file. Schema migrations live in schema/, data migrations in data/.
 */
import type { Kysely, Migration, MigrationProvider } from '../core/db/kysely.ts';
import { Migrator, sql } from '../core/db/kysely.ts';
import * as foundation from './schema/0001-foundation.ts';
import * as journey from './schema/0002-journey.ts';
import * as calendar from './data/0003-calendar.ts';
import * as search from './schema/0004-search.ts';
import * as frontDoor from './schema/0005-front-door.ts';
import * as comparators from './schema/0006-comparators.ts';
import * as importRuns from './schema/0007-import-runs.ts';
import * as kpiDataVersion from './schema/0011-kpi-data-version.ts';
import * as familyAndPlans from './schema/0012-family-and-plans.ts';
import * as searchAtScale from './schema/0013-search-at-scale.ts';
import * as lighterChildIndexes from './schema/0014-lighter-child-indexes.ts';
import * as cinPreProceedings from './schema/0015-cin-pre-proceedings.ts';

const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-journey': journey,
  '0003-calendar': calendar,
  '0004-search': search,
  '0005-front-door': frontDoor,
  '0006-comparators': comparators,
  '0007-import-runs': importRuns,
  '0011-kpi-data-version': kpiDataVersion,
  '0012-family-and-plans': familyAndPlans,
  '0013-search-at-scale': searchAtScale,
  '0014-lighter-child-indexes': lighterChildIndexes,
  '0015-cin-pre-proceedings': cinPreProceedings,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Applies every pending migration; throws naming the migration that failed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was, not as typed today
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  if (await isUpToDate(db)) return [];
  // Migrations from branches that land in a different order still apply: each is independent.
  const migrator = new Migrator({ db, provider, migrationTableName: 'haven_migration', migrationLockTableName: 'haven_migration_lock', allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The common case at start-up, answered with one query instead of the migrator's locking dance. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
async function isUpToDate(db: Kysely<any>): Promise<boolean> {
  try {
    const { rows } = await sql<{ name: string }>`SELECT name FROM haven_migration`.execute(db);
    const applied = new Set(rows.map((r) => r.name));
    return Object.keys(migrations).every((name) => applied.has(name));
  } catch {
    return false; // no migration table yet: a new database
  }
}
