/**
 * Every table the dashboard shows (the figures, each chart's data, the children behind a figure)
 * as one shape, so each downloads the same way: CSV, or an Excel workbook written as a stream
 * with exceljs's WorkbookWriter (rows go out as they are written, never a whole workbook in memory).
 */
import { PassThrough, type Readable } from 'node:stream';

export type Cell = string | number | boolean | null;

export type DataTable = {
  /** The file name, without extension: "referrals-2025-26". */
  name: string;
  caption: string;
  columns: { key: string; header: string; numeric?: boolean }[];
  rows: Record<string, Cell>[];
};

/**
 * A cell for a spreadsheet: a text starting with = + - @ (or a tab or carriage return) would be
 * run as a formula by Excel (CSV injection, OWASP), so it is prefixed with an apostrophe.
 */
export function safeText(value: Cell): string {
  if (value === null) return '';
  const text = typeof value === 'boolean' ? (value ? 'Yes' : 'No') : String(value);
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvField(value: Cell): string {
  const text = safeText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The table as CSV (RFC 4180, CRLF line ends, a byte-order mark so Excel reads UTF-8). */
export function toCsv(table: DataTable): string {
  const lines = [table.columns.map((c) => csvField(c.header)).join(',')];
  for (const row of table.rows) lines.push(table.columns.map((c) => csvField(row[c.key] ?? null)).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The table as an .xlsx workbook, streamed: one sheet, a header row, then each row committed as written. */
export function toXlsxStream(table: DataTable): Readable {
  const out = new PassThrough();
  const write = async (): Promise<void> => {
    // Loaded on first download: exceljs takes a few hundred milliseconds to load, which `haven serve` need not wait for.
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const sheet = workbook.addWorksheet(table.name.slice(0, 31).replace(/[\\/?*[\]:]/g, '-'));
    sheet.columns = table.columns.map((c) => ({ header: c.header, key: c.key, width: Math.min(40, Math.max(10, c.header.length + 2)) }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    for (const row of table.rows) {
      const values: Record<string, string | number> = {};
      for (const c of table.columns) {
        const v = row[c.key] ?? null;
        values[c.key] = typeof v === 'number' ? v : safeText(v);
      }
      sheet.addRow(values).commit();
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}
