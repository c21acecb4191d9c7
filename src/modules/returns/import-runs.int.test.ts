/** Import runs: what an import changed and found is kept, newest first, and the trend per rule is right. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, testEngines, type TestDatabase } from '../../test/database.ts';
import { fingerprint, findingsTrend, listImportRuns, recordImportRun } from './import-runs.ts';

test('a file and a directory are fingerprinted by content, and the directory also by file names', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-fp-'));
  fs.writeFileSync(path.join(dir, 'header.csv'), 'CHILD\n1\n');
  const one = await fingerprint(dir);
  assert.match(one, /^[0-9a-f]{64}$/);
  assert.equal(await fingerprint(dir), one, 'the same content gives the same fingerprint');
  fs.renameSync(path.join(dir, 'header.csv'), path.join(dir, 'episodes.csv'));
  assert.notEqual(await fingerprint(dir), one, 'a renamed file is a different return');
  assert.equal(await fingerprint(path.join(dir, 'episodes.csv')), await fingerprint(path.join(dir, 'episodes.csv')));
  fs.rmSync(dir, { recursive: true });
});

test('the trend per rule counts rules that appear or disappear between two imports', () => {
  assert.deepEqual(findingsTrend({ '8606': 3, '2885Q': 1 }, { '8606': 5, '100': 2 }), [
    { rule: '100', now: 0, before: 2, change: -2 },
    { rule: '2885Q', now: 1, before: 0, change: 1 },
    { rule: '8606', now: 3, before: 5, change: -2 },
  ]);
});

for (const engine of testEngines()) {
  describe(`import runs (${engine})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(engine);
    });
    after(async () => {
      await database.close();
    });

    test('runs are listed newest first with their changes and findings, and a rolled-back run leaves nothing', async () => {
      const { db } = database;
      const base = { kind: 'cin-census' as const, source: 'cin-2024.xml', sha256: 'a'.repeat(64), year: '2024-25', startedAt: new Date() };
      await recordImportRun(db, '309', { ...base, changes: { cin_episode: { inserted: 4, updated: 0, unchanged: 0 } }, findings: { '8606': 2 } });
      await new Promise((r) => setTimeout(r, 5));
      await recordImportRun(db, '309', { ...base, source: 'cin-2025.xml', year: '2025-26', changes: {}, findings: {} });
      await db.transaction().execute(async (trx) => {
        await recordImportRun(trx, '309', { ...base, source: 'refused.xml', changes: {}, findings: {} });
        throw new Error('refused');
      }).catch(() => undefined);
      const runs = await listImportRuns(db, '309', 'cin-census');
      assert.deepEqual(runs.map((r) => r.source), ['cin-2025.xml', 'cin-2024.xml']);
      assert.deepEqual(runs[1]?.changes, { cin_episode: { inserted: 4, updated: 0, unchanged: 0 } });
      assert.deepEqual(runs[1]?.findings, { '8606': 2 });
      assert.deepEqual(await listImportRuns(db, '309', 'ssda903'), []);
    });
  });
}
