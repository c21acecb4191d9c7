/**
 * Kysely, as every Haven module imports it. Loaded through `require` on purpose: its ES module
 * build is some 280 small files, and under the TypeScript loader each file costs a round trip to
 * the loader's thread, a third of a second of every start. The CommonJS build is the same library
 * and loads in half the time. Import Kysely from here, never from 'kysely' directly, so that one
 * copy of the library (and of its classes) is ever loaded.
 */
import { createRequire } from 'node:module';
import type * as KyselyModule from 'kysely';

const kysely = createRequire(import.meta.url)('kysely') as typeof KyselyModule;

export const sql = kysely.sql;
export const Kysely = kysely.Kysely;
export type Kysely<DB> = KyselyModule.Kysely<DB>;
export const PostgresDialect = kysely.PostgresDialect;
export const Migrator = kysely.Migrator;
export type {
  ColumnType,
  Generated,
  Insertable,
  Migration,
  MigrationProvider,
  RawBuilder,
  Selectable,
  Transaction,
  Updateable,
} from 'kysely';
