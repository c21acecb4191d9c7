/**
 * A corpus of mangled SSDA903 returns (truncated files, wrong encodings, unknown columns and
 * elements, huge values, duplicate children, binary junk), built from a valid return with a seeded
 * random sequence. Whatever the input, the import never crashes or hangs: it either loads the return
 * or refuses it with a located Ssda903ReadError, and a refused return leaves the database as it was.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from '../../../core/db/kysely.ts';
import { createTestDatabase, testEngines, type TestDatabase } from '../../../test/database.ts';
import { importSsda903 } from './import.ts';
import { returnBytes } from './partition.ts';
import { Ssda903ReadError } from './read.ts';
import { writeCsvReturn, writeXmlReturn, type CsvReturn } from './test-returns.ts';

const ep = (child: string, decom: string, rne: string, ls: string, dec = '', rec = '', reason = ''): string[] =>
  [child, decom, rne, ls, 'N1', 'U1', 'PR1', dec, rec, reason, 'E20 5JF', 'E20 6AA', 'SC999999'];

const VALID: CsvReturn = {
  header: [
    ['C1', 'M', '10/10/2015', 'WBRI', 'A123456789012', '', ''],
    ['C2', 'F', '03/02/2019', 'WBRI', 'UN1', '', ''],
    ['L1', 'M', '01/04/2008', 'WBRI', 'UN3', '', ''],
  ],
  episodes: [ep('C1', '01/04/2025', 'S', 'C2'), ep('C2', '01/06/2024', 'S', 'C2', '01/09/2025', 'X1', 'CARPL'), ep('C2', '01/09/2025', 'P', 'E1', '31/03/2026', 'E11')],
  reviews: [['C1', '10/10/2015', '20/04/2025', 'PN1']],
  oc3: [['L1', '01/04/2008', 'YES', 'F1', 'B1']],
  missing: [['C1', '10/10/2015', 'A', '01/11/2025', '02/11/2025']],
};

/** mulberry32: the same corpus every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Case = { name: string; make: (root: string) => string };

function corpus(): Case[] {
  const r = random(903);
  const cases: Case[] = [];
  const csvWith = (name: string, edit: (dir: string) => void): Case => ({
    name,
    make: (root) => {
      const dir = writeCsvReturn(VALID, path.join(root, name.replace(/\W+/g, '-')));
      edit(dir);
      return dir;
    },
  });
  const xmlWith = (name: string, edit: (text: string) => string | Buffer): Case => ({
    name,
    make: (root) => {
      const file = writeXmlReturn(VALID, path.join(root, `${name.replace(/\W+/g, '-')}.xml`));
      fs.writeFileSync(file, edit(fs.readFileSync(file, 'utf8')));
      return file;
    },
  });
  const episodes = (dir: string): string => path.join(dir, 'episodes.csv');
  for (let i = 0; i < 6; i += 1) {
    const at = r();
    cases.push(csvWith(`episodes.csv truncated at ${(at * 100).toFixed(0)}%`, (dir) => {
      const bytes = fs.readFileSync(episodes(dir));
      fs.writeFileSync(episodes(dir), bytes.subarray(0, Math.floor(bytes.length * at)));
    }));
    cases.push(xmlWith(`XML truncated at ${(at * 100).toFixed(0)}%`, (text) => text.slice(0, Math.floor(text.length * at))));
  }
  cases.push(
    csvWith('header.csv in Latin-1', (dir) => {
      const file = path.join(dir, 'header.csv');
      fs.writeFileSync(file, Buffer.from(fs.readFileSync(file, 'utf8').replace('WBRI', 'WBRÉ'), 'latin1'));
    }),
    csvWith('episodes.csv in UTF-16', (dir) => fs.writeFileSync(episodes(dir), Buffer.from(`\ufeff${fs.readFileSync(episodes(dir), 'utf8')}`, 'utf16le'))),
    csvWith('unknown columns', (dir) => {
      const lines = fs.readFileSync(episodes(dir), 'utf8').trimEnd().split('\n');
      fs.writeFileSync(episodes(dir), `${lines.map((l, i) => `${l},${i === 0 ? 'EXTRA' : 'x'}`).join('\n')}\n`);
    }),
    csvWith('a missing column', (dir) => {
      const lines = fs.readFileSync(episodes(dir), 'utf8').trimEnd().split('\n');
      fs.writeFileSync(episodes(dir), `${lines.map((l) => l.split(',').slice(0, -1).join(',')).join('\n')}\n`);
    }),
    csvWith('a 200-character code', (dir) => fs.appendFileSync(episodes(dir), `${ep('C1', '01/05/2025', 'P', 'C2').join(',').replace('U1', 'U'.repeat(200))}\n`)),
    csvWith('a 5 MB quoted field', (dir) => fs.appendFileSync(episodes(dir), `C1,"${'9'.repeat(5_000_000)}"\n`)),
    csvWith('a quote never closed', (dir) => fs.appendFileSync(episodes(dir), 'C1,"01/05/2025,P\n')),
    csvWith('duplicate children in header.csv', (dir) => fs.appendFileSync(path.join(dir, 'header.csv'), 'C1,F,10/10/2015,WBRI,,,\n')),
    csvWith('the same episode twice', (dir) => fs.appendFileSync(episodes(dir), `${ep('C1', '01/04/2025', 'S', 'C2').join(',')}\n`)),
    csvWith('a date that is not one', (dir) => fs.appendFileSync(episodes(dir), `${ep('C1', '31/04/2025', 'P', 'C2').join(',')}\n`)),
    csvWith('a huge SDQ score', (dir) => fs.writeFileSync(path.join(dir, 'oc2.csv'), 'CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\nC1,10/10/2015,99999999999999999999,,,,,,,,,\n')),
    csvWith('binary junk for episodes.csv', (dir) => fs.writeFileSync(episodes(dir), Buffer.from(Array.from({ length: 4096 }, () => Math.floor(r() * 256))))),
    csvWith('an empty episodes.csv', (dir) => fs.writeFileSync(episodes(dir), '')),
    csvWith('a directory named episodes.csv', (dir) => {
      fs.rmSync(episodes(dir));
      fs.mkdirSync(episodes(dir));
    }),
    xmlWith('XML with unknown elements', (text) => text.replaceAll('<HEADER>', '<HEADER><FAVOURITE_COLOUR>blue</FAVOURITE_COLOUR>')),
    xmlWith('XML with a DOCTYPE', (text) => text.replace('<EXPSSDA903>', '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><EXPSSDA903>')),
    xmlWith('XML with a 1 MB value', (text) => text.replace('<ETHNIC>WBRI</ETHNIC>', `<ETHNIC>${'W'.repeat(1_000_000)}</ETHNIC>`)),
    xmlWith('XML in Latin-1', (text) => Buffer.from(text.replace('WBRI', 'WBRÉ'), 'latin1')),
    xmlWith('XML duplicate child', (text) => text.replace('</EXPSSDA903>', `${/<CHILD>[\s\S]*?<\/CHILD>/.exec(text)?.[0] ?? ''}\n</EXPSSDA903>`)),
    xmlWith('not XML at all', () => 'CHILD,SEX\nC1,M\n'),
  );
  return cases;
}

const TABLES = ['child', 'la_episode', 'la_review', 'care_leaver', 'missing_episode', 'la_outcome', 'import_run'];

for (const engine of testEngines()) {
  describe(`SSDA903 import fuzz (${engine})`, () => {
    let database: TestDatabase;
    let root: string;
    before(async () => {
      database = await createTestDatabase(engine);
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-903-fuzz-'));
      await database.db.insertInto('partnership').values({ la_code: '906', name: 'Fuzz' }).execute();
      // Something already stored, which a refused return must leave as it was.
      await importSsda903(database.db, '906', writeCsvReturn(VALID, path.join(root, 'valid')));
    });
    after(async () => {
      await database.close();
      fs.rmSync(root, { recursive: true, force: true });
    });

    const snapshot = async (): Promise<string> => {
      const counts = await Promise.all(TABLES.map(async (t) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(t)} WHERE la_code = '906'`.execute(database.db)).rows[0]?.n));
      const episodes = await sql<{ e: string }>`SELECT string_agg(decom::text || coalesce(dec::text, '') || coalesce(rec, ''), ',' ORDER BY decom) AS e FROM la_episode WHERE la_code = '906'`.execute(database.db);
      return JSON.stringify([counts, episodes.rows[0]?.e]);
    };

    /** Imports the source; null when it loaded, else the located refusal (checked), the database unchanged. */
    const attempt = async (source: string, options: Parameters<typeof importSsda903>[3] = {}): Promise<Ssda903ReadError | null> => {
      const before = await snapshot();
      try {
        await importSsda903(database.db, '906', source, options);
        return null;
      } catch (error) {
        assert.ok(error instanceof Ssda903ReadError, `not a located refusal: ${String(error)}`);
        assert.ok(error.problems.length > 0);
        for (const p of error.problems) {
          assert.ok(p.file.length > 0 && p.expected.length > 0, JSON.stringify(p));
          assert.ok(Number.isInteger(p.line) && p.line >= 0);
        }
        assert.ok(error.message.length < 20_000, 'the message stays readable');
        assert.equal(await snapshot(), before, 'a refused return changes nothing');
        return error;
      }
    };

    for (const c of corpus()) {
      test(c.name, { timeout: 60_000 }, async () => {
        const source = c.make(root);
        const whole = await attempt(source);
        if (!fs.statSync(source).isDirectory()) return;
        // The same return split into three parts by child (as a return above 20 MB is): the same
        // outcome, refused with the same first problem or loaded.
        const split = await attempt(source, { partition: { aboveBytes: 0, partBytes: Math.max(1, returnBytes(source) / 3) } });
        assert.equal(split === null, whole === null, `split: ${split?.message ?? 'loaded'}; whole: ${whole?.message ?? 'loaded'}`);
        if (split && whole) assert.deepEqual(split.problems[0], whole.problems[0]);
      });
    }
  });
}
