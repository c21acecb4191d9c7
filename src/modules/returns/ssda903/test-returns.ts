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

const XML_RECORDS: Partial<Record<TableName, string>> = {
  reviews: 'AREVIEW', missing: 'AMISSING', oc2: 'OC2', prevPerm: 'PERMANENCE', placedAdoption: 'AD_PLACED', swEpisodes: 'SW_EPISODE',
};

/** `text` with dd/mm/yyyy dates rewritten yyyy-mm-dd, as XML Schema dates are written. */
const isoDates = (text: string): string => text.replace(/^(\d{2})\/(\d{2})\/(\d{4})$/, '$3-$2-$1');

/**
 * The same return as the DfE XML submission (EXPSSDA903: a CHILD per child, HEADER with the
 * child's items and nested rows, then EPISODEs), episode dates written yyyy-mm-dd to exercise both
 * date forms. Returns the file's path.
 */
export function writeXmlReturn(ret: CsvReturn, file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'haven-903x-')), 'return.xml')): string {
  const cellsOf = (table: TableName, cells: string[]): [string, string][] => Object.keys(TABLES[table].columns).map((c, i) => [c, cells[i] ?? '']);
  const ids: string[] = [];
  for (const rows of Object.values(ret)) for (const cells of rows ?? []) if (cells[0] && !ids.includes(cells[0])) ids.push(cells[0]);
  const item = (name: string, value: string): string => (value === '' ? '' : `<${name}>${value}</${name}>`);
  const parts = ['<?xml version="1.0" encoding="UTF-8"?>', '<EXPSSDA903>'];
  for (const id of ids) {
    const of = (table: TableName): string[][] => (ret[table] ?? []).filter((cells) => cells[0] === id);
    const header = new Map<string, string>([['CHILD', id]]);
    for (const table of ['header', 'uasc', 'oc3', 'ad1'] as const) for (const cells of of(table)) for (const [c, v] of cellsOf(table, cells)) if (v !== '') header.set(c, v);
    if (of('uasc').length > 0) header.set('UASC', '1');
    const nested = Object.entries(XML_RECORDS).flatMap(([table, tag]) =>
      of(table as TableName).map((cells) => `<${tag}>${cellsOf(table as TableName, cells).filter(([c]) => c !== 'CHILD' && c !== 'DOB').map(([c, v]) => item(c, v)).join('')}</${tag}>`),
    );
    parts.push(`<CHILD>\n<HEADER>${[...header].map(([c, v]) => item(c === 'CHILD' ? 'CHILDID' : c, v)).join('')}\n${nested.join('\n')}</HEADER>`);
    for (const cells of of('episodes')) {
      parts.push(`<EPISODE>${cellsOf('episodes', cells).filter(([c]) => c !== 'CHILD').map(([c, v]) => item(c === 'PLACE' ? 'PL' : c, isoDates(v))).join('')}</EPISODE>`);
    }
    parts.push('</CHILD>');
  }
  parts.push('</EXPSSDA903>');
  fs.writeFileSync(file, `${parts.join('\n')}\n`);
  return file;
}
