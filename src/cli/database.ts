/** Opening the configured database for one CLI command: migrated, and closed however the command ends. */
import { loadConfig } from '../core/config.ts';
import { openDatabase, type DatabaseHandle } from '../core/db/index.ts';
import { migrateToLatest } from '../migrations/index.ts';

export async function withCliDatabase<T>(work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await openDatabase(loadConfig());
  try {
    await migrateToLatest(handle.db);
    return await work(handle);
  } finally {
    await handle.close();
  }
}
