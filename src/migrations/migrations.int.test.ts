/** The migrations on each engine: they apply cleanly, twice is a no-op, and the calendar matches the kernel. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../core/db/kysely.ts';
import { createTestDatabase, testEngines } from '../test/database.ts';
import { migrateToLatest } from './index.ts';
import { workingDaysBetween } from '../core/calendar/index.ts';

for (const engine of testEngines()) {
  describe(`migrations (${engine})`, () => {
    test('a migrated database is up to date, and SQL counts working days as the contract does', async () => {
      const database = await createTestDatabase(engine);
      try {
        assert.deepEqual(await migrateToLatest(database.db), []);
        // working_days(S, E) = index(E) - index(S): the worked examples of kpi-definitions.md.
        const examples: [string, string, number][] = [['2025-12-24', '2025-12-29', 1], ['2026-04-02', '2026-04-07', 1], ['2022-09-16', '2022-09-20', 1], ['2026-03-27', '2026-03-30', 1], ['2026-03-30', '2026-03-30', 0]];
        for (const [start, end, expected] of examples) {
          const { rows } = await sql<{ n: number }>`SELECT e.working_day_index - s.working_day_index AS n FROM calendar_day s, calendar_day e WHERE s.day = ${start} AND e.day = ${end}`.execute(database.db);
          assert.equal(rows[0]?.n, expected, `${start} -> ${end}`);
          assert.equal(workingDaysBetween(start, end), expected);
        }
        const tables = await sql<{ n: number }>`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'la_code'`.execute(database.db);
        assert.ok(tables.rows[0]!.n >= 30, 'every domain table carries la_code');
      } finally {
        await database.close();
      }
    });
  });
}
