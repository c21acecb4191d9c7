/**
 * Small shared checks for the SSDA903 rules: blank versus present, valid dates, code lists and
 * the ordering of a child's episodes.
 */
import { toDmy } from '../dates.ts';
import type { EpisodeRow, IsoDate, RowSource } from '../model.ts';

/** A set of codes, for `in` checks. */
export function codes(...list: string[]): ReadonlySet<string> {
  return new Set(list);
}

/** True when `value` is one of `list` (a blank value never is). */
export function isIn(value: string | null, list: ReadonlySet<string>): boolean {
  return value !== null && list.has(value);
}

type Cells = RowSource & { readonly [field: string]: unknown };

/** True when the cell was filled in (a date that is not a real date still counts). */
export function has(row: Cells, field: string): boolean {
  return row[field] !== null || row.raw?.[field] !== undefined;
}

/** True when the cell is blank. */
export function blank(row: Cells, field: string): boolean {
  return !has(row, field);
}

/** True when a date cell was filled in but is not a real dd/mm/yyyy date. */
export function invalidDate(row: Cells, field: string): boolean {
  return row[field] === null && row.raw?.[field] !== undefined;
}

/** The text of a cell as sent (null when blank): dates as written, codes upper-cased. */
export function text(row: Cells, field: string): string | null {
  const raw = row.raw?.[field];
  if (raw !== undefined) return raw;
  const value = row[field];
  if (value === null || value === undefined) return null;
  return DATE_FIELDS.has(field) ? toDmy(value as string) : String(value);
}

const DATE_FIELDS = new Set([
  'DOB',
  'MC_DOB',
  'DECOM',
  'DEC',
  'REVIEW',
  'DUC',
  'DATE_INT',
  'DATE_MATCH',
  'DATE_PLACED',
  'DATE_PLACED_CEASED',
  'MIS_START',
  'MIS_END',
  'SW_DECOM',
  'SW_DEC',
]);

/**
 * Whether two cells were written the same (both blank counts as the same): cheap when neither keeps
 * raw text, since a date's canonical text is equal exactly when the dates are.
 */
export function sameText(a: Cells, fieldA: string, b: Cells, fieldB: string): boolean {
  if (a.raw?.[fieldA] === undefined && b.raw?.[fieldB] === undefined) return a[fieldA] === b[fieldB];
  return text(a, fieldA) === text(b, fieldB);
}

/** The text of a cell as the open validators compare it: blank becomes 'nan' (pandas `astype(str)`). */
export function str(row: Cells, field: string): string {
  return text(row, field) ?? 'nan';
}

/** Whole-number value of a code ('04' is 4), or null when it is not a number (pandas `to_numeric`). */
export function numeric(value: string | null): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (trimmed === '' || !/^[+-]?(\d+\.?\d*|\.\d+)(E[+-]?\d+)?$/i.test(trimmed)) return null;
  return Number(trimmed);
}

/**
 * A child's episodes in date order (DECOM ascending; episodes without a valid DECOM last; ties in
 * file order).
 */
export function byStart(episodes: readonly EpisodeRow[]): EpisodeRow[] {
  return [...episodes].sort(compareStart);
}

function compareStart(a: EpisodeRow, b: EpisodeRow): number {
  if (a.DECOM === b.DECOM) return 0;
  if (a.DECOM === null) return 1;
  if (b.DECOM === null) return -1;
  return a.DECOM < b.DECOM ? -1 : 1;
}

/**
 * The row with the smallest value of a date (the first such row on ties), skipping rows where it is
 * missing; undefined when every row lacks it.
 */
export function earliest<R>(rows: readonly R[], date: (row: R) => IsoDate | null): R | undefined {
  let best: R | undefined;
  let bestDate: IsoDate | null = null;
  for (const row of rows) {
    const value = date(row);
    if (value !== null && (bestDate === null || value < bestDate)) {
      best = row;
      bestDate = value;
    }
  }
  return best;
}

/** The row with the largest value of a date (the first such row on ties); see {@link earliest}. */
export function latest<R>(rows: readonly R[], date: (row: R) => IsoDate | null): R | undefined {
  let best: R | undefined;
  let bestDate: IsoDate | null = null;
  for (const row of rows) {
    const value = date(row);
    if (value !== null && (bestDate === null || value > bestDate)) {
      best = row;
      bestDate = value;
    }
  }
  return best;
}

/** True when `date` is within [from, to] (inclusive); false when any is missing. */
export function within(date: IsoDate | null, from: IsoDate | null, to: IsoDate | null): boolean {
  return date !== null && from !== null && to !== null && date >= from && date <= to;
}

/** Rows grouped by a key (rows whose key is null are left out), keeping file order. */
export function groupBy<R>(rows: readonly R[], key: (row: R) => string | null): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const k = key(row);
    if (k === null) continue;
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
