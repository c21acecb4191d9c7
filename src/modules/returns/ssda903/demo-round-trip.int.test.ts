/**
 * The synthetic partnership through SSDA903 and back: its 2025-26 return, written from Haven's own
 * records, breaks none of the year's rules; imported as another partnership it gives the same
 * looked-after and care-leaver KPIs; and exported again it gives the same files.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, testEngines, type TestDatabase } from '../../../test/database.ts';
import { generateDemo } from '../../../demo/generator/index.ts';
import { computeKpis } from '../../kpi/engine.ts';
import { exportSsda903 } from './export.ts';
import { importSsda903 } from './import.ts';
import { TABLES, type TableName } from './model.ts';
import { validateSsda903Directory } from './validate.ts';

const DEMO = '309';
const COPY = '908';

function rowsOf(dir: string, table: TableName): string[] {
  const file = path.join(dir, TABLES[table].file);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(1).sort() : [];
}

for (const engine of testEngines()) {
  describe(`the demo partnership through SSDA903 (${engine})`, () => {
    let database: TestDatabase;
    let root: string;
    before(async () => {
      database = await createTestDatabase(engine);
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-903-demo-'));
      await generateDemo(database.db, { laCode: DEMO, scale: 0.05, seed: 1, dataDir: database.dataDir });
    });
    after(async () => {
      await database.close();
      fs.rmSync(root, { recursive: true, force: true });
    });

    test('the 2025-26 export breaks none of the year\u2019s rules', async () => {
      const result = await exportSsda903(database.db, DEMO, '2025-26', path.join(root, 'demo'));
      assert.ok((result.files['episodes.csv'] ?? 0) > 10, 'the demo has children looked after');
      const checked = await validateSsda903Directory(path.join(root, 'demo'), { collectionYear: '2025-26' });
      assert.deepEqual(checked.issues.filter((i) => i.type === 'error'), []);
      assert.deepEqual(result.validation?.issues.filter((i) => i.type === 'error'), []);
    });

    test('imported as another partnership, it gives the same KPIs and exports the same files', async () => {
      await importSsda903(database.db, COPY, path.join(root, 'demo'));
      const original = (await computeKpis(database.db, DEMO, '2025-26')).metrics;
      const copy = (await computeKpis(database.db, COPY, '2025-26')).metrics;
      const ids = (Object.keys(original) as (keyof typeof original)[]).filter((id) => /^(cla|care_leavers)\./.test(id) && !id.includes('rate'));
      assert.equal(ids.length, 10);
      for (const id of ids) assert.deepEqual(copy[id], original[id], id);
      assert.ok(typeof original['cla.at_year_end'] === 'number' && original['cla.at_year_end'] > 0);

      await exportSsda903(database.db, COPY, '2025-26', path.join(root, 'copy'));
      for (const table of Object.keys(TABLES) as TableName[]) assert.deepEqual(rowsOf(path.join(root, 'copy'), table), rowsOf(path.join(root, 'demo'), table), TABLES[table].file);
    });
  });
}
