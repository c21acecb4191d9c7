/**
 * Streaming reader of an SSDA903 return in the DfE's XML submission format, into the same typed
 * tables as the CSV files (model.ts).
 *
 * The layout (as the DfE's "expanded SSDA903" schema has it, and as data-to-insight's validator
 * reads it): a root element (EXPSSDA903) holding one <CHILD> per child. Each <CHILD> has a <HEADER>
 * with CHILDID, SEX, DOB, ETHNIC, UPN, MOTHER, MC_DOB, UASC and DUC, the care-leaver items
 * IN_TOUCH, ACTIV, ACCOM, the adoption items DATE_INT ... LS_ADOPTR, and, nested in it, one element
 * per row of the other tables: <AREVIEW> (REVIEW, REVIEW_CODE), <AMISSING> (MISSING, MIS_START,
 * MIS_END), <OC2>, <PERMANENCE> (PREV_PERM, LA_PERM, DATE_PERM), <AD_PLACED> (DATE_PLACED ...) and
 * <SW_EPISODE> (SW_ID ...). <EPISODE> elements follow the header, their placement item named <PL>.
 * Item names are the CSV column names; dates are dd/mm/yyyy or the XML Schema form yyyy-mm-dd.
 * Leaf elements are read wherever they sit inside their record, so an <OC3> or <AD1> wrapper is
 * accepted too; elements Haven does not know are ignored, as unknown CSV columns are.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { DEFAULT_XML_LIMITS, XmlSyntaxError, XmlTokenizer, type XmlHandler } from '../cin/xml-tokenizer.ts';
import { TABLES, type AnyRow, type Ssda903Tables, type TableName } from './model.ts';
import { rowFromCells, Ssda903ReadError, type ReadProblem } from './read.ts';

/** Elements that hold one row of a table other than the header, and the table. */
const RECORDS: Readonly<Record<string, TableName>> = {
  EPISODE: 'episodes',
  AREVIEW: 'reviews',
  AMISSING: 'missing',
  OC2: 'oc2',
  PERMANENCE: 'prevPerm',
  AD_PLACED: 'placedAdoption',
  SW_EPISODE: 'swEpisodes',
};
/** XML item names that differ from the CSV column names. */
const RENAMED: Readonly<Record<string, string>> = { CHILDID: 'CHILD', PL: 'PLACE' };
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MAX_PROBLEMS = 20;

type Cells = Record<string, string>;
type Open = { table: TableName; line: number; cells: Cells };

/** One child's rows, as they are read: the header row first. */
export type ChildRows = { table: TableName; row: AnyRow }[];

class Ssda903XmlReader implements XmlHandler {
  readonly tables: { [T in TableName]: AnyRow[] } = {
    header: [], episodes: [], reviews: [], uasc: [], oc2: [], oc3: [], ad1: [], placedAdoption: [], prevPerm: [], missing: [], swEpisodes: [],
  };
  readonly problems: ReadProblem[] = [];
  /** Children read (with a header or an episode), sent on or kept. */
  children = 0;
  /** Where each child's rows go; without one, they are kept in `tables`. */
  sink: ((rows: ChildRows) => void) | null = null;
  private child: { line: number; cells: Cells; records: Open[] } | null = null;
  private record: Open | null = null;
  private depth = 0;
  private childDepth = -1;
  private buffer = '';

  constructor(private readonly file: string) {}

  open(name: string, line: number): void {
    this.depth += 1;
    this.buffer = '';
    if (name === 'CHILD' && this.child === null) {
      this.child = { line, cells: {}, records: [] };
      this.childDepth = this.depth;
      return;
    }
    const table = RECORDS[name];
    if (table && this.child && this.record === null) this.record = { table, line, cells: {} };
  }

  text(value: string): void {
    if (this.buffer.length < 200) this.buffer += value;
  }

  wantsSpace(): boolean {
    return this.child !== null;
  }

  close(name: string): void {
    const text = this.buffer.trim();
    this.buffer = '';
    if (this.child && this.depth === this.childDepth && name === 'CHILD') {
      this.finishChild();
    } else if (this.record && RECORDS[name] === this.record.table) {
      this.child?.records.push(this.record);
      this.record = null;
    } else if (this.child && text !== '') {
      const column = RENAMED[name] ?? name;
      (this.record ?? this.child).cells[column] = isoToDmy(text);
    }
    this.depth -= 1;
  }

  private finishChild(): void {
    const child = this.child;
    this.child = null;
    if (!child) return;
    const id = child.cells.CHILD ?? '';
    const cells = child.cells;
    const rows: ChildRows = [];
    this.add(rows, 'header', cells, child.line);
    if (cells.UASC === '1' || cells.DUC !== undefined) this.add(rows, 'uasc', cells, child.line);
    if (cells.IN_TOUCH !== undefined || cells.ACTIV !== undefined || cells.ACCOM !== undefined) this.add(rows, 'oc3', cells, child.line);
    if (['DATE_INT', 'DATE_MATCH', 'FOSTER_CARE', 'NB_ADOPTR', 'SEX_ADOPTR', 'LS_ADOPTR'].some((c) => cells[c] !== undefined)) this.add(rows, 'ad1', cells, child.line);
    for (const record of child.records) this.add(rows, record.table, { ...record.cells, CHILD: id, DOB: cells.DOB ?? '' }, record.line);
    const header = rows[0]?.table === 'header' ? (rows[0].row as { CHILD: string | null; UASC: '0' | '1' | null }) : undefined;
    if (header && header.CHILD === (id || null)) header.UASC = cells.UASC === '1' || cells.DUC !== undefined ? '1' : '0';
    if (rows.some((r) => r.table === 'header' || r.table === 'episodes')) this.children += 1;
    if (this.sink) this.sink(rows);
    else for (const { table, row } of rows) this.tables[table].push(row);
  }

  private add(rows: ChildRows, table: TableName, cells: Cells, line: number): void {
    try {
      rows.push({ table, row: rowFromCells(table, cells, { file: this.file, line }) });
    } catch (error) {
      if (!(error instanceof Ssda903ReadError)) throw error;
      for (const p of error.problems) if (this.problems.length < MAX_PROBLEMS) this.problems.push({ ...p, file: this.file, line, column: `${p.column ?? ''} in <${tagOf(table)}>` });
    }
  }
}

function tagOf(table: TableName): string {
  if (table === 'header' || table === 'uasc' || table === 'oc3' || table === 'ad1') return 'HEADER';
  return Object.entries(RECORDS).find(([, t]) => t === table)?.[0] ?? table;
}

function isoToDmy(text: string): string {
  const m = ISO_DATE.exec(text);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : text;
}

/**
 * Reads an SSDA903 XML file whole.
 * @throws Ssda903ReadError naming the file, line, element, value and what was expected.
 */
export async function readSsda903Xml(path: string): Promise<Ssda903Tables> {
  const reader = await streamSsda903Xml(path, null);
  const tables: Ssda903Tables = {};
  for (const table of Object.keys(TABLES) as TableName[]) (tables as Record<TableName, AnyRow[]>)[table] = reader.tables[table];
  return tables;
}

/**
 * Streams an SSDA903 XML file, sending each child's rows to `sink` as the child closes (or keeping
 * them, without one). Every problem found stops the read with a located Ssda903ReadError.
 */
export async function streamSsda903Xml(path: string, sink: ((rows: ChildRows) => void) | null): Promise<{ tables: Ssda903XmlReader['tables']; children: number }> {
  const file = basename(path);
  const reader = new Ssda903XmlReader(file);
  reader.sink = sink;
  const tokenizer = new XmlTokenizer(reader, DEFAULT_XML_LIMITS);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const fail = (line: number, expected: string, column?: string, value?: string): never => {
    throw new Ssda903ReadError([{ file, line, expected, ...(column ? { column } : {}), ...(value !== undefined ? { value } : {}) }]);
  };
  let first = true;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) {
      let bytes = chunk as Buffer;
      if (first) {
        first = false;
        if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) fail(1, 'a UTF-8 XML file, but this is UTF-16 text');
        if (bytes[0] === 0x50 && bytes[1] === 0x4b) fail(1, 'a UTF-8 XML file, but this is a ZIP archive (a spreadsheet?)');
        if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
      }
      let text: string;
      try {
        text = decoder.decode(bytes, { stream: true });
      } catch {
        return fail(tokenizer.lineAtEnd(), 'UTF-8 text (was the file saved as Windows-1252 or Latin-1?)', tokenizer.openElements().at(-1));
      }
      tokenizer.write(text);
      if (reader.problems.length >= MAX_PROBLEMS) break;
    }
    if (reader.problems.length < MAX_PROBLEMS) tokenizer.end();
  } catch (error) {
    if (error instanceof XmlSyntaxError) fail(error.line, `${error.expected ?? 'well-formed XML'}, but ${error.problem}`, error.element && `<${error.element}>`, error.value);
    throw error;
  }
  if (reader.problems.length > 0) throw new Ssda903ReadError(reader.problems);
  if (reader.children === 0) {
    fail(0, 'an SSDA903 XML return: a root element holding <CHILD> elements, each with a <HEADER> and its <EPISODE>s');
  }
  return { tables: reader.tables, children: reader.children };
}
