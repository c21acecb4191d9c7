/** Population and comparator files: loaded all or nothing, idempotent, bad rows refused with their line. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, testEngines, type TestDatabase } from '../../test/database.ts';
import { importComparators, importPopulation } from './import-csv.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-ref-'));
const file = (name: string, text: string): string => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};

for (const engine of testEngines()) {
  describe(`reference data imports (${engine})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(engine);
    });
    after(() => database.close());

    test('population: loaded, the same file again changes nothing, a new figure replaces the old', async () => {
      const good = file('population.csv', '\ufeffla_code,year,population_0_17\n309,2024-25,60877\n309,2025-26,61002\n');
      assert.deepEqual(await importPopulation(database.db, good), { rows: 2, changed: 2 });
      assert.deepEqual(await importPopulation(database.db, good), { rows: 2, changed: 0 });
      const revised = file('revised.csv', 'year,la_code,population_0_17\n2025-26,309,61100\n');
      assert.deepEqual(await importPopulation(database.db, revised), { rows: 1, changed: 1 });
      const rows = await database.db.selectFrom('population').select(['year', 'population_0_17']).orderBy('year').execute();
      assert.deepEqual(rows, [{ year: '2024-25', population_0_17: 60877 }, { year: '2025-26', population_0_17: 61100 }]);
    });

    test('a bad row is refused with the file, line, column and what was expected; nothing is written', async () => {
      const bad = file('bad.csv', 'la_code,year,population_0_17\n309,2026-27,100\n309,2026-28,100\n');
      await assert.rejects(importPopulation(database.db, bad), /bad\.csv, line 3, column year: “2026-28” is not a reporting year like 2025-26/);
      const count = await database.db.selectFrom('population').select('year').where('year', '=', '2026-27').execute();
      assert.deepEqual(count, [], 'the good row before the bad one was not written either');
      await assert.rejects(importPopulation(database.db, file('cols.csv', 'la,year\n309,2025-26\n')), /line 1, column la_code, population_0_17: empty is not present/);
      await assert.rejects(importPopulation(database.db, file('empty.csv', '')), /empty\.csv, line 1/);
      await assert.rejects(importPopulation(database.db, file('ragged.csv', 'la_code,year,population_0_17\n309,2025-26\n')), /ragged\.csv, line 2: not a readable CSV file/);
    });

    test('comparators: the shipped England figures load', async () => {
      const shipped = new URL('../../../../shared/reference/comparators-england.csv', import.meta.url).pathname;
      const source = fs.existsSync(shipped) ? shipped : file('cmp.csv', 'area,year,metric,value\nEngland,2024-25,referrals.count,600000\n');
      const result = await importComparators(database.db, '309', source);
      assert.ok(result.rows > 0 && result.changed === result.rows);
      assert.deepEqual(await importComparators(database.db, '309', source), { rows: result.rows, changed: 0 });
    });
  });
}
