/**
 * The database: Kysely over `pg`, against either a PostgreSQL server (DATABASE_URL) or the
 * embedded engine (PGlite on disk under HAVEN_DATA, running on its own thread). Both take the same
 * migrations and the same queries.
 */
import fs from 'node:fs';
import pg from 'pg';
import { Kysely, PostgresDialect } from './kysely.ts';
import type { Database } from './schema.ts';
import { PgliteThread } from './pglite-thread.ts';

// Statutory dates are calendar dates: read them as 'YYYY-MM-DD' strings, never as a Date that a
// time zone could move to the day before.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);
// Counts and sequence numbers come back as bigint text; Haven's fit comfortably in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

export type Engine = 'pglite' | 'postgres';

export type DatabaseHandle = {
  db: Kysely<Database>;
  engine: Engine;
  /** Where the data lives, for messages: a directory or a server URL with its password hidden. */
  location: string;
  close: () => Promise<void>;
};

export type DatabaseOptions = {
  databaseUrl?: string | undefined;
  dataDir: string;
  /** The embedded engine's shared buffer pool in MB (HAVEN_PGLITE_SHARED_BUFFERS_MB). */
  pgliteSharedBuffersMb?: number;
};

/** Opens the database named by the options: a server when databaseUrl is set, else PGlite. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    // An idle connection the server ends (a restart, an administrator) must not crash Haven: the
    // pool drops it and opens a new one on the next query.
    pool.on('error', () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const location = options.databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
    return { db, engine: 'postgres', location, close: () => db.destroy() };
  }
  fs.mkdirSync(options.dataDir, { recursive: true });
  // Start the database thread first: it boots PostgreSQL while this thread loads the adapter.
  const thread = new PgliteThread(options.dataDir, options.pgliteSharedBuffersMb ?? 32);
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  await thread.waitReady;
  // The adapter only needs waitReady and execProtocolStream, which the thread provides.
  const pool = new pg.Pool(createPgConfig(thread as unknown as Parameters<typeof createPgConfig>[0]));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'pglite',
    location: options.dataDir,
    close: async () => {
      await db.destroy();
      await thread.close();
    },
  };
}
