/**
 * Streaming reader of an SSDA903 return: a directory of the DfE's CSV files (header.csv,
 * episodes.csv, ...; any may be absent) into the typed model of `model.ts`.
 *
 * Each file is streamed through a strict UTF-8 decoder into csv-parse, one record at a time, so a
 * large return never sits in memory as text. Columns are matched by name (case and surrounding
 * spaces ignored); unknown columns are ignored; a missing column, a ragged row, a file that is not
 * UTF-8 text, a cell that is absurdly long or holds control characters all stop the read with a
 * {@link Ssda903ReadError} naming file, line, column, value and what was expected. Invalid codes and
 * dates are not read errors: they are kept for the validator to report against its rules.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { HavenError } from '../../../core/errors.ts';
import { parseDmy, toDmy } from './dates.ts';
import {
  TABLES,
  TABLE_NAMES,
  type AnyRow,
  type Ssda903Return,
  type Ssda903Tables,
  type TableName,
  type TableRows,
} from './model.ts';

/** One located problem with an input file. */
export type ReadProblem = {
  file: string;
  /** 1-based line, 0 when the problem is with the file as a whole. */
  line: number;
  column?: string;
  value?: string;
  expected: string;
};

/** The return could not be read; `problems` locates each reason (at most 20 per file). */
export class Ssda903ReadError extends HavenError {
  constructor(readonly problems: ReadProblem[]) {
    super('SSDA903_READ', 400, problems.map(describeProblem).join('\n'));
  }
}

/** A problem as one line of text: `episodes.csv line 7, column DECOM ("x"): expected ...`. */
export function describeProblem(problem: ReadProblem): string {
  const where = [problem.line > 0 ? `line ${problem.line}` : '', problem.column ? `column ${problem.column}` : '']
    .filter(Boolean)
    .join(', ');
  const value = problem.value === undefined ? '' : ` (${JSON.stringify(problem.value)})`;
  return `${problem.file}${where ? ` ${where}` : ''}${value}: expected ${problem.expected}`;
}

/** Cells longer than this are not SSDA903 values (the longest, a UPN, has 13 characters). */
export const MAX_CELL_LENGTH = 100;
/** Records longer than this end the read at once, before a runaway field can fill memory. */
export const MAX_RECORD_LENGTH = 64 * 1024;
const MAX_PROBLEMS_PER_FILE = 20;

export type ReadOptions = {
  /** A directory holding last year's files, for the rules that compare years; absent if not given. */
  previousDir?: string;
};

/**
 * Reads this year's return from `dir` and, if given, last year's from `options.previousDir`.
 * @throws Ssda903ReadError locating every problem found (up to 20 per file).
 */
export async function readSsda903Directory(dir: string, options: ReadOptions = {}): Promise<Ssda903Return> {
  const problems: ReadProblem[] = [];
  const current = await readTables(dir, problems);
  const previous = options.previousDir === undefined ? undefined : await readTables(options.previousDir, problems);
  if (problems.length > 0) throw new Ssda903ReadError(problems);
  return previous ? { current, previous } : { current };
}

async function readTables(dir: string, problems: ReadProblem[]): Promise<Ssda903Tables> {
  const tables: Ssda903Tables = {};
  const dirStat = await stat(dir).catch(() => null);
  if (!dirStat?.isDirectory()) {
    problems.push({ file: dir, line: 0, expected: 'a directory holding the return\u2019s CSV files' });
    return tables;
  }
  // The files are read side by side (each streamed), and their problems reported in table order.
  const cells = new CellValues();
  const results = await Promise.all(
    TABLE_NAMES.map(async (table) => {
      const path = join(dir, TABLES[table].file);
      const fileStat = await stat(path).catch(() => null);
      if (!fileStat) return null;
      if (!fileStat.isFile()) return { table, rows: [] as AnyRow[], problems: [{ file: TABLES[table].file, line: 0, expected: 'a CSV file' }] };
      return { table, ...(await readTableFile(path, table, cells)) };
    }),
  );
  for (const result of results) {
    if (!result) continue;
    problems.push(...result.problems);
    setTable(tables, result.table, result.rows);
  }
  deriveUascStatus(tables);
  return tables;
}

function setTable(tables: Ssda903Tables, table: TableName, rows: AnyRow[]): void {
  (tables as Record<TableName, AnyRow[]>)[table] = rows;
}

/**
 * The CSV upload carries no UASC status column: a child is UASC ('1') when uasc.csv has a row for
 * them, as the open validators derive it; unknown (null) when uasc.csv is absent. Sets header.UASC.
 */
export function deriveUascStatus(tables: Ssda903Tables): void {
  const header = tables.header;
  if (!header) return;
  const uasc = tables.uasc;
  const uascChildren = uasc ? new Set(uasc.map((row) => row.CHILD)) : null;
  for (const row of header) row.UASC = uascChildren ? (uascChildren.has(row.CHILD) ? '1' : '0') : null;
}

/**
 * The column a partitioned return (partition.ts) adds to each row: the row's line in the file the
 * council sent, so that problems found in a part name the line they sent.
 */
export const SOURCE_LINE_COLUMN = 'HAVEN_SOURCE_LINE';

/** One data record of a table's file, its line (in the file as sent) and where each column of the table is in it. */
export type TableRecord = { record: string[]; line: number; indexes: readonly number[]; headerNames: readonly string[] };

/** A file up to this size is read whole (one decode, one split); a larger one streams. */
const WHOLE_FILE_BYTES = 8 * 1024 * 1024;

/**
 * Reads one table's file record by record: through a strict UTF-8 check and csv-parse, checking the
 * header row and each record's width; `visit` gets every data record. A file up to 8 MB is read
 * whole and, when it holds no double quote (so no field can be quoted), split on its record
 * delimiter and commas, as csv-parse would split it (the first of CRLF, LF or CR it meets delimits
 * every record): native splitting, where csv-parse's character loop cold-starts slowly, is most of
 * what checking a council's return costs. A larger file streams, a record at a time. Never throws
 * for bad content: problems come back located (the read stops at the first that makes the rest
 * unreadable).
 */
export async function scanTableFile(path: string, table: TableName, visit: (record: TableRecord, problems: ReadProblem[]) => void): Promise<ReadProblem[]> {
  const schema = TABLES[table];
  const file = schema.file;
  const problems: ReadProblem[] = [];
  const columnNames = Object.keys(schema.columns);
  let indexes: number[] | null = null;
  let headerWidth = 0;
  let headerNames: string[] = [];
  let sourceLineIndex = -1;
  let nextLine = 1;
  let stopped = false;

  /** Takes one record; `quoted`: the text so far has a double quote (so a field may span lines). */
  const take = (record: string[], quoted: boolean): void => {
    let line = nextLine;
    nextLine += 1;
    // Only a quoted field can hold a line break, so fields are searched once the file has a quote.
    if (quoted) for (const field of record) if (field.includes('\n')) nextLine += countLines(field);
    if (record.length === 1 && record[0] === '') return;
    if (indexes === null) {
      headerNames = record.map((name) => name.replace(/^\uFEFF/, '').trim().toUpperCase());
      headerWidth = record.length;
      const headerProblems = checkHeader(file, line, headerNames, columnNames);
      if (headerProblems.length > 0) {
        problems.push(...headerProblems);
        stopped = true;
        return;
      }
      indexes = columnNames.map((name) => headerNames.indexOf(name));
      sourceLineIndex = headerNames.indexOf(SOURCE_LINE_COLUMN);
      return;
    }
    if (sourceLineIndex >= 0) line = Number(record[sourceLineIndex]) || line;
    if (record.length < headerWidth || (record.length > headerWidth && record.slice(headerWidth).some((v) => v !== ''))) {
      problems.push({
        file,
        line,
        value: record.join(',').slice(0, 60),
        expected: `${headerWidth} fields, as in the header row, but found ${record.length}`,
      });
    } else {
      visit({ record, line, indexes, headerNames }, problems);
    }
    if (problems.length >= MAX_PROBLEMS_PER_FILE) {
      problems.push({ file, line, expected: `at most ${MAX_PROBLEMS_PER_FILE} problems: reading stopped here` });
      stopped = true;
    }
  };
  const emptyCheck = (): ReadProblem[] => {
    if (indexes === null && problems.length === 0) {
      problems.push({ file, line: 0, expected: `a header row naming the columns ${columnNames.join(', ')}, but the file is empty` });
    }
    return problems;
  };

  const whole = await readWhole(path);
  if (whole !== null) {
    for (const record of whole.records) {
      if (stopped) break;
      take(record, whole.quoted);
    }
    return emptyCheck();
  }

  const guard = new TextGuard(file);
  // No `info` option: it copies an object per record and halves the parser's speed. Line numbers are
  // counted here instead: one per record, plus any line breaks inside quoted fields, plus blank lines
  // (which come through as a record of one empty field and are skipped).
  const parser = parse({ relax_column_count: true, relax_quotes: true, skip_empty_lines: false, max_record_size: MAX_RECORD_LENGTH });
  const source = createReadStream(path, { highWaterMark: 64 * 1024 });

  const stop = (): void => {
    source.destroy();
    guard.destroy();
    parser.destroy();
  };

  const done = new Promise<void>((resolve) => {
    let settled = false;
    const finish = (): void => {
      if (!settled) {
        settled = true;
        resolve();
      }
    };
    const fail = (problem: ReadProblem): void => {
      if (settled) return;
      problems.push(problem);
      stop();
      finish();
    };
    source.on('error', (error) => fail({ file, line: 0, expected: `a readable file (${error.message})` }));
    guard.on('error', (error) => fail(error instanceof GuardError ? error.problem : { file, line: 0, expected: String(error) }));
    parser.on('error', (error: Error & { code?: string; lines?: number }) => fail(csvProblem(file, error, guard)));
    parser.on('end', finish);
    parser.on('close', finish);
    parser.on('readable', () => {
      let record: string[] | null;
      while (!settled && (record = parser.read() as string[] | null) !== null) {
        take(record, guard.quoted);
        if (stopped) {
          stop();
          finish();
        }
      }
    });
  });

  source.pipe(guard).pipe(parser);
  await done;
  return emptyCheck();
}

/**
 * The records of CSV text that holds no double quote, split as csv-parse splits it: on the first
 * record delimiter met (CRLF, LF or CR), then on commas; no record for a delimiter at the very end.
 */
export function splitPlainCsv(text: string): string[][] {
  if (text === '') return [];
  const lf = text.indexOf('\n');
  const cr = text.indexOf('\r');
  const delimiter = cr >= 0 && (lf < 0 || cr < lf) ? (text[cr + 1] === '\n' ? '\r\n' : '\r') : '\n';
  const lines = text.split(delimiter);
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line) => line.split(','));
}

/**
 * The records of a file up to 8 MB read whole, or null when the file is larger or anything about it
 * is amiss (binary, not UTF-8, malformed CSV, an overlong record): the streaming read then finds and
 * locates the problem, as it does for every file, so both reads report alike.
 */
async function readWhole(path: string): Promise<{ records: string[][]; quoted: boolean } | null> {
  const size = (await stat(path).catch(() => null))?.size;
  if (size === undefined || size > WHOLE_FILE_BYTES) return null;
  const bytes = await readFile(path).catch(() => null);
  if (bytes === null || binaryKind(bytes) !== null || bytes.includes(0)) return null;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
  if (text.includes('"')) {
    try {
      return { records: parseSync(text, { relax_column_count: true, relax_quotes: true, skip_empty_lines: false, max_record_size: MAX_RECORD_LENGTH }), quoted: true };
    } catch {
      return null;
    }
  }
  const records = splitPlainCsv(text);
  if (records.some((r) => r.length - 1 + r.reduce((n, f) => n + f.length, 0) > MAX_RECORD_LENGTH)) return null;
  return { records, quoted: false };
}

/**
 * Reads one table's file. Never throws for bad content: problems come back located, with the rows
 * read before the read stopped.
 */
export async function readTableFile(
  path: string,
  table: TableName,
  cells: CellValues = new CellValues(),
): Promise<{ rows: AnyRow[]; problems: ReadProblem[] }> {
  const schema = TABLES[table];
  const columnNames = Object.keys(schema.columns);
  const kinds = columnNames.map((name) => (schema.columns as Record<string, string>)[name]);
  const rows: AnyRow[] = [];
  const problems = await scanTableFile(path, table, ({ record, line, indexes }, found) => {
    const row = buildRow(schema.file, line, record, columnNames, kinds, indexes, found, table === 'header', cells);
    if (row) rows.push(row);
  });
  return { rows, problems };
}

function checkHeader(file: string, line: number, names: string[], required: string[]): ReadProblem[] {
  const problems: ReadProblem[] = [];
  const seen = new Map<string, number>();
  names.forEach((name, index) => {
    if (name === '') return;
    const first = seen.get(name);
    if (first !== undefined) {
      problems.push({ file, line, column: name, expected: `each column named once, but columns ${first + 1} and ${index + 1} are both ${name}` });
    } else {
      seen.set(name, index);
    }
  });
  const missing = required.filter((name) => !seen.has(name));
  if (missing.length === required.length) {
    problems.push({
      file,
      line,
      value: names.join(',').slice(0, 80),
      expected: `a CSV header row naming the columns ${required.join(', ')}; found none of them`,
    });
  } else {
    for (const name of missing) problems.push({ file, line, column: name, expected: `a column named ${name}; it is missing` });
  }
  return problems;
}

/**
 * A return's cell values, each distinct text read once: a return repeats the same child IDs, codes
 * and dates across hundreds of thousands of rows, and one string for each (a date parsed once)
 * holds a large return in about two thirds of the memory that a string per cell does. The cache
 * stops growing at {@link CellValues.LIMIT} entries, so a return of mostly distinct values (free
 * text) costs no more than it did without it.
 */
export class CellValues {
  static readonly LIMIT = 500_000;
  private readonly dates = new Map<string, string | null>();
  private readonly texts = new Map<string, string>();

  /** ISO date of a dd/mm/yyyy cell (null when it is not a real date). */
  date(text: string): string | null {
    let iso = this.dates.get(text);
    if (iso === undefined) {
      iso = parseDmy(text);
      if (this.dates.size < CellValues.LIMIT) this.dates.set(text, iso);
    }
    return iso;
  }

  /** A code as the rules compare it (upper case) or an ID as written. */
  text(text: string, upper: boolean): string {
    const key = upper ? text : `\u0000${text}`;
    let value = this.texts.get(key);
    if (value === undefined) {
      value = upper ? text.toUpperCase() : text;
      if (this.texts.size < CellValues.LIMIT) this.texts.set(key, value);
    }
    return value;
  }
}

function buildRow(
  file: string,
  line: number,
  record: string[],
  columnNames: string[],
  kinds: (string | undefined)[],
  indexes: readonly number[],
  problems: ReadProblem[],
  isHeader: boolean,
  cells: CellValues,
): AnyRow | null {
  const row: Record<string, unknown> = { file, line };
  let raw: Record<string, string> | undefined;
  let ok = true;
  for (let i = 0; i < columnNames.length; i += 1) {
    const name = columnNames[i] as string;
    const text = record[indexes[i] as number] ?? '';
    if (text === '') {
      row[name] = null;
      continue;
    }
    const bad = cellProblem(text);
    if (bad) {
      problems.push({ file, line, column: name, value: text.slice(0, 60), expected: bad });
      ok = false;
      continue;
    }
    const kind = kinds[i];
    if (kind === 'date') {
      const iso = cells.date(text);
      row[name] = iso;
      if (iso === null || toDmy(iso) !== text) (raw ??= {})[name] = text.toUpperCase();
    } else {
      row[name] = cells.text(text, kind !== 'id');
    }
  }
  if (raw) row.raw = raw;
  if (isHeader) row.UASC = null;
  return ok ? (row as AnyRow) : null;
}

/**
 * One row of a table from its cells as the CSV files write them (dd/mm/yyyy dates, codes in any
 * case; a missing or empty cell is blank), for returns built in memory: Haven's own records before
 * export, and tests. Values that are not SSDA903 values (control characters, over-long) are
 * rejected, as the reader rejects them.
 * @throws Ssda903ReadError naming the cell when a value cannot be held.
 */
export function rowFromCells<T extends TableName>(table: T, cells: Readonly<Record<string, string>>, source: { file?: string; line?: number } = {}): TableRows[T] {
  const schema = TABLES[table];
  const columnNames = Object.keys(schema.columns);
  const kinds = columnNames.map((name) => (schema.columns as Record<string, string>)[name]);
  const record = columnNames.map((name) => cells[name] ?? '');
  const problems: ReadProblem[] = [];
  const row = buildRow(source.file ?? schema.file, source.line ?? 0, record, columnNames, kinds, columnNames.map((_, i) => i), problems, table === 'header', new CellValues());
  if (!row) throw new Ssda903ReadError(problems);
  return row as TableRows[T];
}

// Control characters (tab, line breaks and NUL included): never part of an SSDA903 value.
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Why a cell cannot be an SSDA903 value, or null when it can. */
function cellProblem(text: string): string | null {
  if (text.length > MAX_CELL_LENGTH) return `a value of at most ${MAX_CELL_LENGTH} characters, but found ${text.length}`;
  const control = CONTROL.exec(text);
  if (control) return `text without control characters, but found U+${control[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`;
  return null;
}

function csvProblem(file: string, error: Error & { code?: string; lines?: number }, guard: TextGuard): ReadProblem {
  const line = typeof error.lines === 'number' && error.lines > 0 ? error.lines : guard.line;
  switch (error.code) {
    case 'CSV_MAX_RECORD_SIZE':
      return { file, line, expected: `records of at most ${MAX_RECORD_LENGTH} characters (is a quote left open, or is this not the SSDA903 CSV?)` };
    case 'CSV_QUOTE_NOT_CLOSED':
      return { file, line, expected: 'every quoted field to be closed before the end of the file (is the file truncated?)' };
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return { file, line, expected: 'a comma or the end of the line after a closing quote' };
    default:
      return { file, line, expected: `well-formed CSV (${error.message})` };
  }
}

class GuardError extends Error {
  constructor(readonly problem: ReadProblem) {
    super(describeProblem(problem));
  }
}

/**
 * Passes a file through as UTF-8 text, failing on bytes that are not UTF-8, on UTF-16 and on binary
 * content (a spreadsheet saved as .csv), with the line where it happened. Strips a UTF-8 BOM.
 */
class TextGuard extends Transform {
  /** Line of the text passed on so far (1-based). */
  line = 1;
  /** Whether a double quote has been seen (until one is, no field can span lines). */
  quoted = false;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  private first = true;

  constructor(private readonly file: string) {
    super({ decodeStrings: true });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.first) {
      this.first = false;
      const kind = binaryKind(chunk);
      if (kind) {
        callback(new GuardError({ file: this.file, line: 0, expected: `a CSV text file, but this is ${kind}` }));
        return;
      }
    }
    const nul = chunk.indexOf(0);
    if (nul >= 0) {
      callback(new GuardError({ file: this.file, line: this.line + countLines(chunk.subarray(0, nul)), expected: 'text, but found a NUL byte (binary content)' }));
      return;
    }
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch {
      callback(new GuardError({ file: this.file, line: this.line + firstBadUtf8Line(chunk), expected: 'UTF-8 text (save the file as "CSV UTF-8")' }));
      return;
    }
    this.line += countLines(text);
    if (!this.quoted && text.includes('"')) this.quoted = true;
    callback(null, text);
  }

  override _flush(callback: TransformCallback): void {
    try {
      const rest = this.decoder.decode();
      callback(null, rest);
    } catch {
      callback(new GuardError({ file: this.file, line: this.line, expected: 'UTF-8 text, but the file ends inside a character (truncated?)' }));
    }
  }
}

function binaryKind(chunk: Buffer): string | null {
  if (chunk.length >= 2 && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff))) {
    return 'UTF-16 text (save it as "CSV UTF-8")';
  }
  if (chunk.length >= 4 && chunk[0] === 0x50 && chunk[1] === 0x4b && chunk[2] === 0x03 && chunk[3] === 0x04) {
    return 'a zip archive (an Excel workbook? save it as "CSV UTF-8")';
  }
  if (chunk.length >= 4 && chunk[0] === 0xd0 && chunk[1] === 0xcf && chunk[2] === 0x11 && chunk[3] === 0xe0) {
    return 'an old-style Office document (save it as "CSV UTF-8")';
  }
  return null;
}

function countLines(text: string | Buffer): number {
  let count = 0;
  if (typeof text === 'string') {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count += 1;
  } else {
    for (let i = text.indexOf(10); i >= 0; i = text.indexOf(10, i + 1)) count += 1;
  }
  return count;
}

/** Lines before the first invalid UTF-8 sequence of `chunk` (approximate at a chunk boundary). */
function firstBadUtf8Line(chunk: Buffer): number {
  let low = 0;
  let high = chunk.length;
  const valid = (end: number): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(chunk.subarray(0, end), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (valid(mid)) low = mid;
    else high = mid - 1;
  }
  return countLines(chunk.subarray(0, low));
}
