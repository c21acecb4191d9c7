/**
 * A return too large to hold whole, split by child. The SSDA903 rules compare a child's rows with
 * each other (and, for rule 444, UPNs across children), never one child's rows with another's, so
 * a return split into parts that each hold every row of their children validates part by part as
 * it does whole. The import (import.ts) splits a return larger than {@link PARTITION_ABOVE_BYTES}
 * into parts of about {@link PART_BYTES}, each a directory of the same CSV files, and reads,
 * validates and writes one part at a time: memory then follows the part, not the return.
 *
 * The split streams every file once (the reader's own checks: UTF-8 text, well-formed CSV, the
 * header row, the width of each record), sends each record to the part of its CHILD (a hash of
 * the ID) with its line in the file as sent, and meanwhile notes what the import needs of the
 * whole return: the latest event date (the collection year) and how many children give each UPN.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDmy } from './dates.ts';
import { TABLES, TABLE_NAMES, type AnyRow, type Ssda903Tables, type TableName } from './model.ts';
import { readSsda903Directory, scanTableFile, SOURCE_LINE_COLUMN, Ssda903ReadError, type ReadProblem } from './read.ts';
import { streamSsda903Xml } from './read-xml.ts';

/** A return above this size (its CSV files together) is imported part by part. */
export const PARTITION_ABOVE_BYTES = 20e6;
/** About how much of the return each part holds. */
export const PART_BYTES = 12e6;

/** The events that date a return (not birth dates, nor DUC, which may lie in the future). */
export const EVENT_DATES: readonly [TableName, string][] = [
  ['episodes', 'DECOM'],
  ['episodes', 'DEC'],
  ['reviews', 'REVIEW'],
  ['missing', 'MIS_START'],
  ['missing', 'MIS_END'],
  ['swEpisodes', 'SW_DECOM'],
  ['swEpisodes', 'SW_DEC'],
];

/** UPN_UNKNOWN codes, which many children share: not a duplicate UPN (rule 444). */
const UPN_UNKNOWN = /^UN[1-5]$/;

export type PartitionedReturn = {
  /** One directory (CSV files) or file (rows of an XML return) per part, each holding only that part's children. */
  parts: string[];
  /** Reads one part as the return's tables. */
  read(part: string): Promise<Ssda903Tables>;
  /** The latest event date in the whole return (ISO), or null when it has none. */
  latestEvent: string | null;
  /** Children (header rows) per UPN, UN codes left out: a UPN given more than once is rule 444 for each. */
  upnCounts: Map<string, number>;
  /** Deletes the parts. */
  remove(): void;
};

/** The CSV text of one field. */
const field = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** FNV-1a of the child ID: the same child always goes to the same part. */
function partOf(id: string, parts: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i += 1) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % parts;
}

/** Text written to one file per part, buffered (256 KB a part) so that a row is not a system call. */
class PartFiles {
  private readonly fds: number[];
  private readonly buffers: string[][];
  private readonly sizes: number[];

  constructor(paths: readonly string[]) {
    this.fds = paths.map((p) => fs.openSync(p, 'w'));
    this.buffers = paths.map(() => []);
    this.sizes = paths.map(() => 0);
  }

  write(part: number, text: string): void {
    (this.buffers[part] as string[]).push(text);
    this.sizes[part] = (this.sizes[part] as number) + text.length;
    if ((this.sizes[part] as number) > 256 * 1024) this.flush(part);
  }

  /** Writes what is buffered and closes the files. */
  close(): void {
    for (let part = 0; part < this.fds.length; part += 1) this.flush(part);
    for (const fd of this.fds) fs.closeSync(fd);
  }

  private flush(part: number): void {
    fs.writeSync(this.fds[part] as number, (this.buffers[part] as string[]).join(''));
    this.buffers[part] = [];
    this.sizes[part] = 0;
  }
}

/** The total size of a directory's SSDA903 files, in bytes (0 for anything else). */
export function returnBytes(source: string): number {
  let bytes = 0;
  for (const table of TABLE_NAMES) {
    const info = fs.statSync(path.join(source, TABLES[table].file), { throwIfNoEntry: false });
    if (info?.isFile()) bytes += info.size;
  }
  return bytes;
}

/**
 * Splits the return in `dir` into `parts` parts by child, in a new temporary directory.
 * @throws Ssda903ReadError locating every problem that stops a file being read (nothing is left behind).
 */
export async function partitionReturn(dir: string, parts: number): Promise<PartitionedReturn> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-903-parts-'));
  const dirs = Array.from({ length: parts }, (_, i) => path.join(root, `part-${i + 1}`));
  for (const d of dirs) fs.mkdirSync(d);
  const remove = (): void => fs.rmSync(root, { recursive: true, force: true });
  const problems: ReadProblem[] = [];
  const upnCounts = new Map<string, number>();
  let latestEvent: string | null = null;
  try {
    for (const table of TABLE_NAMES) {
      const file = TABLES[table].file;
      const source = path.join(dir, file);
      const info = fs.statSync(source, { throwIfNoEntry: false });
      if (!info) continue;
      if (!info.isFile()) {
        problems.push({ file, line: 0, expected: 'a CSV file' });
        continue;
      }
      const columns = Object.keys(TABLES[table].columns);
      const events = EVENT_DATES.filter(([t]) => t === table).map(([, column]) => columns.indexOf(column));
      const childAt = columns.indexOf('CHILD');
      const upnAt = table === 'header' ? columns.indexOf('UPN') : -1;
      const out = new PartFiles(dirs.map((d) => path.join(d, file)));
      let header: string | null = null;
      let sourceLine = -1;
      try {
        problems.push(
          ...(await scanTableFile(source, table, ({ record, line, indexes, headerNames }) => {
            if (header === null) {
              header = `${[...headerNames.filter((n) => n !== SOURCE_LINE_COLUMN), SOURCE_LINE_COLUMN].map(field).join(',')}\n`;
              sourceLine = headerNames.indexOf(SOURCE_LINE_COLUMN);
              for (let part = 0; part < parts; part += 1) out.write(part, header);
            }
            const cell = (column: number): string => record[indexes[column] as number] ?? '';
            for (const at of events) {
              const iso = parseDmy(cell(at));
              if (iso !== null && (latestEvent === null || iso > latestEvent)) latestEvent = iso;
            }
            if (upnAt >= 0) {
              const upn = cell(upnAt).toUpperCase();
              if (upn !== '' && !UPN_UNKNOWN.test(upn)) upnCounts.set(upn, (upnCounts.get(upn) ?? 0) + 1);
            }
            const part = partOf(cell(childAt), parts);
            // The header's width (the read allowed only empty fields beyond it), the line column last.
            const text = `${record.slice(0, headerNames.length).filter((_, i) => i !== sourceLine).map(field).join(',')},${line}\n`;
            out.write(part, text);
          })),
        );
        // A file with no rows is still a file of each part (a rule needing the table runs).
        if (header === null) for (let part = 0; part < parts; part += 1) out.write(part, `${[...columns, SOURCE_LINE_COLUMN].join(',')}\n`);
      } finally {
        out.close();
      }
    }
  } catch (error) {
    remove();
    throw error;
  }
  if (problems.length > 0) {
    remove();
    throw new Ssda903ReadError(problems);
  }
  return { parts: dirs, read: async (part) => (await readSsda903Directory(part)).current, latestEvent, upnCounts, remove };
}

/**
 * Splits an XML return into `parts` parts by child, in a new temporary directory: each child's rows
 * as the XML reader makes them (located in the XML file as sent), one JSON line each.
 * @throws Ssda903ReadError locating every problem that stops the file being read (nothing is left behind).
 */
export async function partitionXml(file: string, parts: number): Promise<PartitionedReturn> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-903-parts-'));
  const files = Array.from({ length: parts }, (_, i) => path.join(root, `part-${i + 1}.jsonl`));
  const remove = (): void => fs.rmSync(root, { recursive: true, force: true });
  const upnCounts = new Map<string, number>();
  let latestEvent: string | null = null;
  const out = new PartFiles(files);
  try {
    await streamSsda903Xml(file, (rows) => {
      const id = (rows[0]?.row.CHILD as string | null | undefined) ?? '';
      const part = partOf(id, parts);
      for (const { table, row } of rows) {
        const values = row as unknown as Record<string, string | null>;
        for (const [t, column] of EVENT_DATES) {
          const date = t === table ? values[column] : null;
          if (date && (latestEvent === null || date > latestEvent)) latestEvent = date;
        }
        const upn = table === 'header' ? values.UPN : null;
        if (upn && !UPN_UNKNOWN.test(upn)) upnCounts.set(upn, (upnCounts.get(upn) ?? 0) + 1);
        out.write(part, `${JSON.stringify([table, row])}\n`);
      }
    });
  } catch (error) {
    out.close();
    remove();
    throw error;
  }
  out.close();
  const read = async (part: string): Promise<Ssda903Tables> => {
    const tables = Object.fromEntries(TABLE_NAMES.map((t) => [t, [] as AnyRow[]])) as Record<TableName, AnyRow[]>;
    for (const line of fs.readFileSync(part, 'utf8').split('\n')) {
      if (line === '') continue;
      const [table, row] = JSON.parse(line) as [TableName, AnyRow];
      tables[table].push(row);
    }
    return tables as Ssda903Tables;
  };
  return { parts: files, read, latestEvent, upnCounts, remove };
}
