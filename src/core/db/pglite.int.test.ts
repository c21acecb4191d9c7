/**
 * The embedded database's thread: a directory can be opened, closed and opened again in one
 * process (tests and `haven` commands do), and a thread started early by `haven serve` is used once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from './index.ts';
import { sql } from './kysely.ts';
import { startPgliteWorker } from './pglite-start.mjs';

test('open, close and open again: each opening gets a live database', { timeout: 120_000 }, async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-reopen-'));
  try {
    // As bin/haven.js does for `haven serve`: the first opening takes the early thread, later ones start their own.
    startPgliteWorker(dataDir, 32);
    for (let i = 0; i < 3; i++) {
      const handle = await openDatabase({ dataDir, pgliteSharedBuffersMb: 32 });
      await sql`CREATE TABLE IF NOT EXISTS opened (n int)`.execute(handle.db);
      await sql`INSERT INTO opened VALUES (${i})`.execute(handle.db);
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM opened`.execute(handle.db);
      assert.equal(rows[0]?.n, i + 1, `opening ${i + 1} sees what the earlier ones wrote`);
      await handle.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
