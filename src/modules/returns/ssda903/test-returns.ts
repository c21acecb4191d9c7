/**
 * Small hand-made SSDA903 returns for tests, written as the DfE CSV files. Each table is given as
 * rows of cells in the DfE column order; a table left out is a file left out.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TABLES, type TableName } from './model.ts';

export type CsvReturn = Partial<Record<TableName, string[][]>>;

/** Writes `ret` into a fresh temporary directory and returns its path. */
export function writeCsvReturn(ret: CsvReturn, dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-903-'))): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const [table, rows] of Object.entries(ret) as [TableName, string[][]][]) {
    const columns = Object.keys(TABLES[table].columns);
    const lines = [columns.join(','), ...rows.map((cells) => columns.map((_, i) => cells[i] ?? '').join(','))];
    fs.writeFileSync(path.join(dir, TABLES[table].file), `${lines.join('\n')}\n`);
  }
  return dir;
}
