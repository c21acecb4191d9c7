/**
 * A return too large to hold whole is imported part by part (partition.ts): the same records, the
 * same findings per rule (rule 444, which compares children's UPNs, counted over the whole return)
 * and the same refusals, located in the files as sent, as when it is held whole. The tests split
 * small generated returns by setting the threshold to nothing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from '../../../core/db/kysely.ts';
import { createTestDatabase, testEngines, type TestDatabase } from '../../../test/database.ts';
import { generateReturn, writeFiles } from '../../../../bench/ssda903-generate.ts';
import { importSsda903 } from './import.ts';
import { returnBytes } from './partition.ts';
import { TABLES as RETURN_TABLES, TABLE_NAMES } from './model.ts';
import { Ssda903ReadError } from './read.ts';
import { writeXmlReturn, type CsvReturn } from './test-returns.ts';

const WHOLE = '911';
const SPLIT = '912';
const TABLES = ['child', 'la_episode', 'la_review', 'missing_episode', 'la_outcome', 'care_leaver', 'adoption', 'placed_for_adoption', 'previous_permanence', 'sw_episode'];

for (const engine of testEngines()) {
  describe(`SSDA903 import of a return split by child (${engine})`, () => {
    let database: TestDatabase;
    let dir: string;
    before(async () => {
      database = await createTestDatabase(engine);
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-903-split-'));
      const generated = generateReturn({ children: 240, seed: 11, errors: 0.4, previous: false, invalidDates: false });
      writeFiles(dir, generated.current);
      // Some planted errors are ones Haven refuses to hold (a DEC before its DECOM...): those lines
      // go, the rest stay for the rules to find (a refused import writes nothing).
      for (let attempt = 0; ; attempt += 1) {
        try {
          await importSsda903(database.db, '910', dir, { year: '2025-26' });
          break;
        } catch (error) {
          if (!(error instanceof Ssda903ReadError) || attempt === 5) throw error;
          const byFile = new Map<string, number[]>();
          for (const p of error.problems) if (p.line > 0) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p.line]);
          for (const [file, numbers] of byFile) {
            const lines = fs.readFileSync(path.join(dir, file), 'utf8').split('\n');
            for (const n of [...new Set(numbers)].sort((a, b) => b - a)) lines.splice(n - 1, 1);
            fs.writeFileSync(path.join(dir, file), lines.join('\n'));
          }
        }
      }
      // The first two children share a UPN: rule 444 for both, though the split may part them.
      const header = fs.readFileSync(path.join(dir, 'header.csv'), 'utf8').split('\n');
      for (const n of [1, 2]) header[n] = (header[n] as string).split(',').map((cell, i) => (i === 4 ? 'A123456789012' : cell)).join(',');
      fs.writeFileSync(path.join(dir, 'header.csv'), header.join('\n'));
    });
    after(async () => {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    /** Every row each table holds for a partnership, as text without ids, sorted. */
    const contents = async (la: string): Promise<Record<string, string[]>> => {
      const out: Record<string, string[]> = {};
      for (const table of TABLES) {
        const { rows } = await sql<{ row: string }>`
          SELECT (to_jsonb(t) - 'id' - 'la_code' - 'child_id' - 'created_at' - 'updated_at' || jsonb_build_object('child', c.la_child_id))::text AS row
          FROM ${sql.table(table)} t JOIN child c ON c.id = ${sql.raw(table === 'child' ? 't.id' : 't.child_id')} WHERE t.la_code = ${la}`.execute(database.db);
        out[table] = rows.map((r) => r.row).sort();
      }
      return out;
    };

    test('split into parts, a return gives the same records and the same findings per rule as held whole', async () => {
      // A planted error dates an event in 2026-27: the year is given, as --year gives it.
      const whole = await importSsda903(database.db, WHOLE, dir, { year: '2025-26' });
      const progress: string[] = [];
      const split = await importSsda903(database.db, SPLIT, dir, { year: '2025-26', partition: { aboveBytes: 0, partBytes: returnBytes(dir) / 3 }, progress: (m) => progress.push(m) });
      assert.equal(whole.parts, 1);
      assert.equal(split.parts, 3);
      assert.ok(progress.some((m) => /Splitting .* into 3 parts by child/.test(m)), progress.join('\n'));
      assert.ok(progress.some((m) => /\(part 3 of 3\)/.test(m)), progress.join('\n'));
      assert.equal(split.year, whole.year);
      assert.equal(split.children, whole.children);
      assert.equal(split.episodes, whole.episodes);
      assert.deepEqual(split.changes, whole.changes);
      assert.deepEqual(split.findings, whole.findings);
      assert.ok((whole.findings['444'] ?? 0) >= 2, 'rule 444 found');
      assert.ok(Object.keys(whole.findings).length >= 15, `planted errors break many rules: ${JSON.stringify(whole.findings)}`);
      assert.deepEqual([split.errors, split.queries], [whole.errors, whole.queries]);
      assert.deepEqual(await contents(SPLIT), await contents(WHOLE));
      // The same return again, split again, changes nothing.
      const again = await importSsda903(database.db, SPLIT, dir, { year: '2025-26', partition: { aboveBytes: 0, partBytes: returnBytes(dir) / 3 } });
      for (const [table, c] of Object.entries(again.changes)) assert.deepEqual([table, c.inserted, c.updated], [table, 0, 0]);
    });

    test('an XML return split into parts gives what it gives held whole, and a bad value is located in the XML', async () => {
      // The same return as the DfE XML submission.
      const ret: CsvReturn = {};
      for (const table of TABLE_NAMES) {
        const file = path.join(dir, RETURN_TABLES[table].file);
        if (!fs.existsSync(file)) continue;
        const [head, ...lines] = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
        const names = (head as string).split(',');
        ret[table] = lines.map((line) => {
          const cells = line.split(',');
          return Object.keys(RETURN_TABLES[table].columns).map((column) => cells[names.indexOf(column)] ?? '');
        });
      }
      const xml = writeXmlReturn(ret);
      try {
        const options = { year: '2025-26', partition: { aboveBytes: 0, partBytes: fs.statSync(xml).size / 3 } };
        const whole = await importSsda903(database.db, '913', xml, { year: '2025-26' });
        const split = await importSsda903(database.db, '914', xml, options);
        assert.deepEqual([whole.parts, split.parts], [1, 3]);
        assert.deepEqual(split.changes, whole.changes);
        assert.deepEqual(split.findings, whole.findings);
        assert.ok((whole.findings['444'] ?? 0) >= 2);
        assert.deepEqual(await contents('914'), await contents('913'));

        const text = fs.readFileSync(xml, 'utf8').split('\n');
        const at = text.findLastIndex((line) => line.includes('<DECOM>'));
        text[at] = (text[at] as string).replace(/<DECOM>[^<]*<\/DECOM>/, '<DECOM>2026-02-31</DECOM>');
        fs.writeFileSync(xml, text.join('\n'));
        await assert.rejects(importSsda903(database.db, '914', xml, options), (error: unknown) => {
          assert.ok(error instanceof Ssda903ReadError);
          assert.match(error.message, new RegExp(`^return\\.xml line ${at + 1}, column DECOM \\("31/02/2026"\\): expected a real date written dd/mm/yyyy`));
          return true;
        });
      } finally {
        fs.rmSync(path.dirname(xml), { recursive: true, force: true });
      }
    });

    test('a bad value in a later part refuses the whole return, naming its line in the file as sent, and nothing changes', async () => {
      const bad = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-903-split-bad-'));
      try {
        for (const name of fs.readdirSync(dir)) fs.copyFileSync(path.join(dir, name), path.join(bad, name));
        const lines = fs.readFileSync(path.join(bad, 'episodes.csv'), 'utf8').split('\n');
        const at = lines.length - 3; // near the end, so in whichever part its child went to
        const cells = (lines[at] as string).split(',');
        cells[1] = '31/02/2026';
        lines[at] = cells.join(',');
        fs.writeFileSync(path.join(bad, 'episodes.csv'), lines.join('\n'));
        const before = await contents(SPLIT);
        await assert.rejects(importSsda903(database.db, SPLIT, bad, { partition: { aboveBytes: 0, partBytes: returnBytes(bad) / 3 } }), (error: unknown) => {
          assert.ok(error instanceof Ssda903ReadError);
          assert.match(error.message, new RegExp(`episodes\\.csv line ${at + 1}, column DECOM \\("31/02/2026"\\): expected a real date written dd/mm/yyyy`));
          return true;
        });
        assert.deepEqual(await contents(SPLIT), before);
        const leftovers = fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('haven-903-parts-'));
        assert.deepEqual(leftovers, [], 'the parts are deleted');
      } finally {
        fs.rmSync(bad, { recursive: true, force: true });
      }
    });
  });
}
