/**
 * `haven import ssda903` and `haven export ssda903` as a council analyst runs them, in separate
 * processes against a real database: the import prints what it changed per table (nothing the
 * second time), a broken return is refused with its location and exit code 2, and the export of
 * an import gives back the same files.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, testEngines, type TestDatabase } from '../../../test/database.ts';
import { TABLES, type TableName } from './model.ts';
import { writeCsvReturn, type CsvReturn } from './test-returns.ts';

const bin = new URL('../../../../bin/haven.js', import.meta.url).pathname;

type Result = { code: number; stdout: string; stderr: string };

function haven(database: TestDatabase, args: string[]): Promise<Result> {
  const env: NodeJS.ProcessEnv = { ...process.env, HAVEN_DATA: database.dataDir };
  delete env.DATABASE_URL;
  if (database.databaseUrl) env.DATABASE_URL = database.databaseUrl;
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const ep = (child: string, decom: string, rne: string, ls: string, dec = '', rec = '', reason = ''): string[] =>
  [child, decom, rne, ls, 'N1', 'U1', 'PR1', dec, rec, reason, 'E20 5JF', 'E20 6AA', 'SC999999'];

/** A 2025-26 return holding every file, each row one that the export's selection keeps. */
const RETURN: CsvReturn = {
  header: [
    ['C1', 'M', '10/10/2015', 'WBRI', 'A123456789012', '', ''],
    ['C2', 'F', '03/02/2019', 'WBRI', 'UN1', '', ''],
    ['C3', 'F', '05/05/2009', 'AFRI', 'UN2', '0', ''],
    ['L1', 'M', '01/04/2008', 'WBRI', 'UN3', '', ''],
  ],
  episodes: [
    ep('C1', '01/04/2025', 'S', 'C2'),
    ep('C2', '01/06/2024', 'S', 'C2', '01/09/2025', 'X1', 'CARPL'),
    ep('C2', '01/09/2025', 'P', 'E1', '31/03/2026', 'E11'),
    ep('C3', '01/01/2020', 'S', 'C2'),
  ],
  reviews: [['C1', '10/10/2015', '20/04/2025', 'PN1'], ['C3', '05/05/2009', '02/02/2026', 'PN4']],
  uasc: [['C3', 'F', '05/05/2009', '05/05/2027']],
  oc2: [['C3', '05/05/2009', '12', '', '0', '', '1', '1', '1', '0', '', '']],
  oc3: [['L1', '01/04/2008', 'YES', 'F1', 'B1']],
  ad1: [['C2', '03/02/2019', '01/07/2024', '01/10/2024', '0', '2', 'MF', 'L11']],
  placedAdoption: [['C2', '03/02/2019', '01/07/2024', '', '']],
  prevPerm: [['C1', '10/10/2015', 'Z1', '', '']],
  missing: [['C3', '05/05/2009', 'A', '01/11/2025', '02/11/2025']],
  swEpisodes: [['C1', '10/10/2015', 'SW1234', '01/04/2025', '', '']],
};

/** A file's data rows, sorted, with the line endings and case of the header row set aside. */
function rowsOf(dir: string, table: TableName): string[] {
  const file = path.join(dir, TABLES[table].file);
  if (!fs.existsSync(file)) return [];
  const [, ...rows] = fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n').trimEnd().split('\n');
  return rows.sort();
}

for (const engine of testEngines()) {
  describe(`haven import / export ssda903 (${engine})`, () => {
    let database: TestDatabase;
    let dir: string;
    let out: string;
    before(async () => {
      database = await createTestDatabase(engine);
      await database.release();
      dir = writeCsvReturn(RETURN);
      out = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-903-out-'));
    });
    after(async () => {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(out, { recursive: true, force: true });
    });

    test('the import prints what it changed per table, progress on stderr', async () => {
      const { code, stdout, stderr } = await haven(database, ['import', 'ssda903', dir, '--la', '902']);
      assert.equal(code, 0, stderr);
      assert.match(stdout, /^SSDA903 2025-26 \(from the latest event date\): 4 children, 4 episodes imported/m);
      assert.match(stdout, /^la_episode\s+4\s+0\s+0\s+0$/m);
      assert.match(stdout, /^child\s+4\s+0\s+0\s+0$/m);
      assert.match(stdout, /^sw_episode\s+1\s+0\s+0\s+0$/m);
      assert.match(stdout, /Validation \(2025-26 rules\): \d+ errors and \d+ queries recorded with import run/);
      assert.match(stderr, /Writing 4 rows of la_episode/);
    });

    test('the same return again changes nothing', async () => {
      const { code, stdout, stderr } = await haven(database, ['import', 'ssda903', dir, '--la', '902', '--quiet']);
      assert.equal(code, 0, stderr);
      assert.equal(stderr, '');
      assert.match(stdout, /^la_episode\s+0\s+0\s+4\s+0$/m);
      assert.match(stdout, /^child\s+0\s+0\s+4\s+0$/m);
      assert.doesNotMatch(stdout, /^\S+\s+([1-9]\d*)\s+\d+\s+\d+\s+\d+$/m);
      assert.doesNotMatch(stdout, /^\S+\s+\d+\s+([1-9]\d*)\s+\d+\s+\d+$/m);
      assert.doesNotMatch(stdout, /^\S+\s+\d+\s+\d+\s+\d+\s+([1-9]\d*)$/m);
    });

    test('the export of the import gives back the same files', async () => {
      const { code, stdout, stderr } = await haven(database, ['export', 'ssda903', '--year', '2025-26', '--out', out, '--la', '902']);
      assert.equal(code, 0, stderr);
      assert.match(stdout, /episodes\.csv\s+4 rows/);
      for (const table of Object.keys(TABLES) as TableName[]) {
        assert.deepEqual(rowsOf(out, table), rowsOf(dir, table), TABLES[table].file);
      }
      const header = fs.readFileSync(path.join(out, 'episodes.csv'), 'utf8').split('\n')[0];
      assert.equal(header, Object.keys(TABLES.episodes.columns).join(','));
    });

    test('a broken return is refused with where and why, exit code 2, and nothing changes', async () => {
      const bad = writeCsvReturn({ ...RETURN, episodes: [...(RETURN.episodes ?? []), ep('C9', '01/13/2025', 'S', 'C2')] });
      try {
        const { code, stdout, stderr } = await haven(database, ['import', 'ssda903', bad, '--la', '902', '--quiet']);
        assert.equal(code, 2);
        assert.equal(stdout, '');
        assert.match(stderr, /episodes\.csv line 6, column DECOM \("01\/13\/2025"\): expected a real date written dd\/mm\/yyyy/);
        const again = await haven(database, ['export', 'ssda903', '--year', '2025-26', '--out', out, '--la', '902']);
        assert.equal(again.code, 0, again.stderr);
        assert.deepEqual(rowsOf(out, 'header').map((r) => r.split(',')[0]), ['C1', 'C2', 'C3', 'L1']);
      } finally {
        fs.rmSync(bad, { recursive: true, force: true });
      }
    });

    test('a year not in the form YYYY-YY is refused', async () => {
      const { code, stderr } = await haven(database, ['import', 'ssda903', dir, '--year', '2025', '--la', '902']);
      assert.equal(code, 2);
      assert.match(stderr, /--year: expected a collection year YYYY-YY/);
    });
  });
}
