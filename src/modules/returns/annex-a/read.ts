/**
 * Reading Annex A as a stream of rows: a workbook with sheets "List 1" .. "List 11" (exceljs's
 * streaming WorkbookReader, so a workbook larger than memory is read row by row), or one list as a
 * CSV (csv-parse). Each row comes out with its cells keyed by column title and its place in the
 * file (sheet, row number), so that a bad value is refused naming exactly where it is.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import unzipper from 'unzipper';
import { parse } from 'csv-parse';
import { LAYOUTS, listOfSheet, type ListNumber } from './layouts.ts';

/** What a cell can hold once read: text, a number, a date (from a date-formatted cell) or nothing. */
export type CellValue = string | number | Date | null;

export type AnnexARow = { list: ListNumber; sheet: string; row: number; cells: Map<string, CellValue> };

/** A refusal that names the file, sheet, row, column, value and what was expected. */
export class AnnexAInputError extends Error {
  constructor(file: string, where: { sheet?: string; row?: number; column?: string }, value: string, expected: string) {
    const place = [path.basename(file), where.sheet ? `sheet “${where.sheet}”` : '', where.row ? `row ${where.row}` : '', where.column ? `column “${where.column}”` : '']
      .filter(Boolean)
      .join(', ');
    super(`${place}: ${value === '' ? 'empty' : `“${value.slice(0, 60)}”`} is not ${expected}`);
    this.name = 'AnnexAInputError';
  }
}

const normaliseTitle = (t: string): string => t.toLowerCase().replace(/[’']/g, "'").replace(/\s+/g, ' ').trim();

function cellValue(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number' || value instanceof Date) return value;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'object') {
    if ('richText' in value) return cellValue(value.richText.map((r) => r.text).join(''));
    if ('text' in value && typeof value.text === 'string') return cellValue(value.text);
    if ('result' in value) return cellValue((value.result ?? null) as ExcelJS.CellValue);
    if ('error' in value) return String(value.error);
  }
  return String(value as unknown);
}

/**
 * Maps a header row to column titles; checks that the list's required columns are there.
 * Titles are matched ignoring case, spacing and the kind of apostrophe.
 */
function headerMap(file: string, sheet: string, row: number, list: ListNumber, titles: (string | null)[], required: readonly string[]): (string | null)[] {
  const known = new Map(LAYOUTS[list].columns.map((c) => [normaliseTitle(c), c]));
  const mapped = titles.map((t) => (t === null ? null : (known.get(normaliseTitle(t)) ?? null)));
  const missing = required.filter((c) => !mapped.includes(c));
  if (missing.length) throw new AnnexAInputError(file, { sheet, row, column: missing.join(', ') }, '', `present: List ${list} needs the columns ${required.join(', ')}`);
  return mapped;
}

/** The columns an import of each list cannot do without. */
export const REQUIRED: Record<ListNumber, readonly string[]> = {
  1: ['Child Unique ID', 'Date of Contact'],
  2: ['Child Unique ID', 'Assessment Start Date'],
  3: ['Child Unique ID', 'Date of Referral'],
  4: ['Child Unique ID', 'Continuous Assessment Start Date'],
  5: ['Child Unique ID', 'Strategy Discussion Initiating Section 47 Enquiry Start Date'],
  6: ['Child Unique ID', 'CIN Start Date'],
  7: ['Child Unique ID', 'Child Protection Plan Start Date'],
  8: ['Child Unique ID', 'Date Started to be Looked After'],
  9: ['Child Unique ID'],
  10: ['Child Unique ID'],
  11: [],
};

/** The parts of exceljs's streaming reader that Haven drives itself (see `worksheetsOf`). */
type ReaderInternals = {
  options: { sharedStrings: string };
  _parseRels(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorkbook(entry: NodeJS.ReadableStream): Promise<void>;
  _parseStyles(entry: NodeJS.ReadableStream): Promise<void>;
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseWorksheet(entry: NodeJS.ReadableStream, sheetNo: string): Generator<{ eventType: string; value: unknown }>;
};

/**
 * The worksheets of a workbook, each streamed row by row. exceljs's WorkbookReader reads the zip in
 * file order and, when the worksheets come before the workbook part (as in files that exceljs and
 * other libraries write), parks them in temporary files and loses the workbook part once there are
 * six or more. Haven reads the zip's directory first instead (unzipper's random access) and feeds
 * exceljs the relationships, workbook, styles and shared strings before any worksheet, each part
 * still decompressed as a stream.
 */
async function* worksheetsOf(file: string): AsyncGenerator<{ name: string; rows: AsyncIterable<ExcelJS.Row> }> {
  const directory = await unzipper.Open.file(file);
  const part = (name: string) => directory.files.find((f) => f.path === name);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  const internals = reader as unknown as ReaderInternals & { model?: { sheets?: { id: number; name: string; rId: string }[] }; workbookRels?: { Id: string; Target: string }[] };
  const rels = part('xl/_rels/workbook.xml.rels');
  const workbook = part('xl/workbook.xml');
  if (!rels || !workbook) throw new Error('it has no workbook part');
  await internals._parseRels(rels.stream());
  await internals._parseWorkbook(workbook.stream());
  const styles = part('xl/styles.xml');
  if (styles) await internals._parseStyles(styles.stream());
  const sharedStrings = part('xl/sharedStrings.xml');
  if (sharedStrings) for await (const _ of internals._parseSharedStrings(sharedStrings.stream())) void _;
  for (const sheet of internals.model?.sheets ?? []) {
    const target = internals.workbookRels?.find((r) => r.Id === sheet.rId)?.Target.replace(/^\/?(xl\/)?/, '');
    const sheetNo = target ? /^worksheets\/sheet(\d+)\.xml$/.exec(target)?.[1] : undefined;
    const entry = target ? part(`xl/${target}`) : undefined;
    if (!entry || !sheetNo) continue;
    for (const { eventType, value } of internals._parseWorksheet(entry.stream(), sheetNo)) {
      if (eventType === 'worksheet') yield { name: sheet.name, rows: value as AsyncIterable<ExcelJS.Row> };
    }
  }
}

/** Streams the rows of an Annex A workbook, sheet by sheet; sheets that are not a list are passed over. */
export async function* readAnnexAWorkbook(file: string): AsyncGenerator<AnnexARow> {
  if (!fs.existsSync(file)) throw new Error(`${file}: no such file`);
  let sheets = 0;
  try {
    for await (const { name: sheet, rows } of worksheetsOf(file)) {
      const list = listOfSheet(sheet);
      if (list === null) continue;
      sheets++;
      let columns: (string | null)[] | null = null;
      for await (const row of rows) {
        const values = (row.values as ExcelJS.CellValue[]).slice(1).map(cellValue);
        if (values.every((v) => v === null)) continue;
        if (!columns) {
          columns = headerMap(file, sheet, row.number, list, values.map((v) => (v === null ? null : String(v))), REQUIRED[list]);
          continue;
        }
        const cells = new Map<string, CellValue>();
        columns.forEach((title, i) => {
          if (title) cells.set(title, values[i] ?? null);
        });
        yield { list, sheet, row: row.number, cells };
      }
    }
  } catch (error) {
    if (error instanceof AnnexAInputError) throw error;
    throw new Error(`${path.basename(file)}: not a readable Excel workbook (${error instanceof Error ? error.message : String(error)})`);
  }
  if (sheets === 0) throw new AnnexAInputError(file, {}, '', 'an Annex A workbook: it has no sheet named “List 1” .. “List 11”');
}

/** Streams the rows of one list as CSV (header row of Annex A column titles). */
export async function* readAnnexACsv(file: string, list: ListNumber): AsyncGenerator<AnnexARow> {
  if (!fs.existsSync(file)) throw new Error(`${file}: no such file`);
  const sheet = `List ${list}`;
  const parser = fs.createReadStream(file).pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, max_record_size: 100_000, info: true }));
  let columns: (string | null)[] | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const values = record.map((v) => cellValue(v));
      if (!columns) {
        columns = headerMap(file, sheet, info.lines, list, values.map((v) => (v === null ? null : String(v))), REQUIRED[list]);
        continue;
      }
      const cells = new Map<string, CellValue>();
      columns.forEach((title, i) => {
        if (title) cells.set(title, values[i] ?? null);
      });
      yield { list, sheet, row: info.lines, cells };
    }
  } catch (error) {
    if (error instanceof AnnexAInputError) throw error;
    const e = error as Error & { lines?: number };
    throw new Error(`${path.basename(file)}${e.lines ? `, line ${e.lines}` : ''}: not a readable CSV file (${e.message})`);
  }
  if (!columns) throw new AnnexAInputError(file, { sheet }, '', `a CSV of List ${list} with a header row`);
}
