/**
 * Small reference files in, all or nothing: the 0-17 population per year, and published comparator
 * figures. Read as a stream with csv-parse; every row checked before anything is written; a bad
 * row is refused naming the file, line, column, value and what was expected; loading the same file
 * twice changes nothing (rows are keyed and replaced).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import type { Kysely } from '../../core/db/kysely.ts';
import type { Database } from '../../core/db/schema.ts';
import { recordAudit } from '../../core/audit.ts';

export class ImportError extends Error {
  constructor(file: string, line: number, column: string, value: string, expected: string) {
    super(`${path.basename(file)}, line ${line}, column ${column}: ${value === '' ? 'empty' : `“${value.slice(0, 60)}”`} is not ${expected}`);
    this.name = 'ImportError';
  }
}

type Column = { name: string; check: (value: string) => boolean; expected: string };

/** Streams a CSV with exactly these columns (in any order); returns its rows once every row is valid. */
async function readCsv(file: string, columns: Column[], maxRows = 1_000_000): Promise<Record<string, string>[]> {
  const rows: Record<string, string>[] = [];
  const parser = fs.createReadStream(file).pipe(parse({ columns: true, bom: true, trim: true, skip_empty_lines: true, max_record_size: 10_000, info: true }));
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      if (rows.length === 0) {
        const missing = columns.filter((c) => !(c.name in record)).map((c) => c.name);
        if (missing.length) throw new ImportError(file, 1, missing.join(', '), '', `present: the header must have the columns ${columns.map((c) => c.name).join(',')}`);
      }
      for (const c of columns) {
        const value = record[c.name] ?? '';
        if (!c.check(value)) throw new ImportError(file, info.lines, c.name, value, c.expected);
      }
      rows.push(record);
      if (rows.length > maxRows) throw new ImportError(file, info.lines, '-', '', `within the ${maxRows} rows a file of this kind can hold`);
    }
  } catch (error) {
    if (error instanceof ImportError) throw error;
    const e = error as Error & { lines?: number; code?: string };
    if (e.code === 'ENOENT') throw new Error(`${file}: no such file`);
    throw new Error(`${path.basename(file)}${e.lines ? `, line ${e.lines}` : ''}: not a readable CSV file (${e.message})`);
  }
  if (rows.length === 0) throw new ImportError(file, 1, '-', '', 'a CSV file with a header and at least one row');
  return rows;
}

const YEAR: Column['check'] = (v) => /^\d{4}-\d{2}$/.test(v) && Number(v.slice(5)) === (Number(v.slice(2, 4)) + 1) % 100;

/** `haven import population FILE.csv`: columns la_code,year,population_0_17. */
export async function importPopulation(db: Kysely<Database>, file: string, actor?: { id: string; role: string }): Promise<{ rows: number; changed: number }> {
  const rows = await readCsv(file, [
    { name: 'la_code', check: (v) => /^\d{3}$/.test(v), expected: 'a three-digit local authority code' },
    { name: 'year', check: YEAR, expected: 'a reporting year like 2025-26' },
    { name: 'population_0_17', check: (v) => /^\d{1,9}$/.test(v), expected: 'a whole number of children' },
  ]);
  return db.transaction().execute(async (trx) => {
    let changed = 0;
    for (const r of rows) {
      const before = await trx.selectFrom('population').select('population_0_17').where('la_code', '=', r.la_code!).where('year', '=', r.year!).executeTakeFirst();
      if (before?.population_0_17 === Number(r.population_0_17)) continue;
      await trx.insertInto('population').values({ la_code: r.la_code!, year: r.year!, population_0_17: Number(r.population_0_17) })
        .onConflict((oc) => oc.columns(['la_code', 'year']).doUpdateSet({ population_0_17: Number(r.population_0_17) })).execute();
      changed++;
    }
    const laCodes = [...new Set(rows.map((r) => r.la_code!))];
    for (const laCode of laCodes) {
      await trx.insertInto('partnership').values({ la_code: laCode, name: `Local authority ${laCode}` }).onConflict((oc) => oc.doNothing()).execute();
      await recordAudit(trx, { laCode, actor, action: 'import.population', outcome: 'succeeded', detail: { file: path.basename(file), rows: rows.length, changed } });
    }
    return { rows: rows.length, changed };
  });
}

/** `haven import comparators FILE.csv`: columns area,year,metric,value (England, regions, neighbours). */
export async function importComparators(db: Kysely<Database>, laCode: string, file: string, actor?: { id: string; role: string }): Promise<{ rows: number; changed: number }> {
  const rows = await readCsv(file, [
    { name: 'area', check: (v) => v.length > 0 && v.length <= 100, expected: 'an area name' },
    { name: 'year', check: YEAR, expected: 'a reporting year like 2025-26' },
    { name: 'metric', check: (v) => /^[a-z0-9_]+(\.[a-z0-9_]+)+$/.test(v), expected: 'a metric id like referrals.count' },
    { name: 'value', check: (v) => /^-?\d+(\.\d+)?$/.test(v), expected: 'a number' },
  ]);
  return db.transaction().execute(async (trx) => {
    let changed = 0;
    for (const r of rows) {
      const before = await trx.selectFrom('comparator').select('value').where('la_code', '=', laCode).where('area', '=', r.area!).where('year', '=', r.year!).where('metric', '=', r.metric!).executeTakeFirst();
      if (before && Number(before.value) === Number(r.value)) continue;
      await trx.insertInto('comparator').values({ la_code: laCode, area: r.area!, year: r.year!, metric: r.metric!, value: r.value! })
        .onConflict((oc) => oc.columns(['la_code', 'area', 'year', 'metric']).doUpdateSet({ value: r.value! })).execute();
      changed++;
    }
    await trx.insertInto('partnership').values({ la_code: laCode, name: `Local authority ${laCode}` }).onConflict((oc) => oc.doNothing()).execute();
    await recordAudit(trx, { laCode, actor, action: 'import.comparators', outcome: 'succeeded', detail: { file: path.basename(file), rows: rows.length, changed } });
    return { rows: rows.length, changed };
  });
}
