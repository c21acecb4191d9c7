/**
 * Merging a batch of a return's rows into one of Haven's tables by natural key, as every statutory
 * import does: rows Haven does not hold are inserted, rows it holds are updated only where the
 * merged values differ, and the rest are counted unchanged (so the same file twice changes
 * nothing).
 *
 * Three statements a batch at most, each with one array parameter per column (`unnest`):
 * 1. look the keys up (one index probe per key, LATERAL ... LIMIT 1, so a plan made from
 *    statistics that the import itself makes stale cannot turn into a scan per batch), reading the
 *    values held;
 * 2. insert the new rows, with ids made here (so nothing needs returning);
 * 3. update the rows whose merged values differ, by id or key; the comparison is done here, so an
 *    unchanged return writes nothing.
 * A plain insert costs a third of an `INSERT ... ON CONFLICT DO UPDATE ... RETURNING` on the
 * embedded engine, and most rows of a first load are new.
 *
 * Table and column names come from the constant specs of the importers, never from a file.
 */
import { sql, type RawBuilder, type Transaction } from '../../core/db/kysely.ts';
import { uuid7 } from '../../core/db/uuid7.ts';
import type { Database } from '../../core/db/schema.ts';
import type { TableChanges } from './import-runs.ts';

export type MergeValue = string | number | boolean | null | readonly string[];
export type MergeRow = Record<string, MergeValue>;
export type SqlType = 'text' | 'date' | 'boolean' | 'integer' | 'uuid' | 'text[]';

/**
 * How a column takes the file's value when Haven already holds the row:
 * - `coalesce`: the file's value when it gives one, else what Haven holds (a blank never erases);
 * - `replace`: the file's value, blank included (the file is the source of that row);
 * - `nonempty`: a list replaces Haven's when it has entries;
 * - `fill`: what Haven holds, the file's value only where Haven holds none (an older return loaded
 *   after a newer one).
 */
export type MergeRule = 'coalesce' | 'replace' | 'nonempty' | 'fill';

export type MergeColumn = { type: SqlType; merge: MergeRule; /** Value inserted when the file gives none (a NOT NULL column). */ onInsert?: MergeValue };

export type MergeSpec = {
  table: string;
  /** The natural key after la_code, with its types. */
  keys: Readonly<Record<string, SqlType>>;
  columns: Readonly<Record<string, MergeColumn>>;
  /** The table's rows have a uuid `id` (made here for new rows, returned by {@link TableMerge.merge}). */
  id?: boolean;
  /** A timestamp column set to now() when a row is updated. */
  touch?: string;
};

/** The spec with every column merged by `fill`: for a return older than one already imported. */
export function fillOnly(spec: MergeSpec): MergeSpec {
  return { ...spec, columns: Object.fromEntries(Object.entries(spec.columns).map(([name, column]) => [name, { ...column, merge: 'fill' }])) };
}

/** The key of a row as one string (values joined by NUL). */
export function keyOf(spec: MergeSpec, row: MergeRow): string {
  let key = '';
  for (const name of Object.keys(spec.keys)) key += `${key === '' ? '' : '\u0000'}${String(row[name])}`;
  return key;
}

const quote = (text: string): string => (/["\\]/.test(text) ? `"${text.replace(/["\\]/g, '\\$&')}"` : `"${text}"`);

/**
 * One column's values as a PostgreSQL array literal, made here rather than by the driver (a
 * quarter of an import's own time went to the driver's general-purpose escaping). Ids, dates,
 * numbers and booleans need no quoting; text is quoted; a list (text[]) travels as the text of
 * its own literal (an array of arrays cannot be ragged) and is cast back row by row.
 */
function arrayLiteral(type: SqlType, values: readonly MergeValue[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i] ?? null;
    if (value === null) parts[i] = 'NULL';
    else if (type === 'text[]') parts[i] = quote(`{${(value as readonly string[]).map(quote).join(',')}}`);
    else if (type === 'text') parts[i] = quote(value as string);
    else if (type === 'boolean') parts[i] = value ? 't' : 'f';
    else parts[i] = String(value);
  }
  return `{${parts.join(',')}}`;
}

function sameValue(a: MergeValue | undefined, b: MergeValue | undefined): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => v === b[i]);
  }
  return (a ?? null) === (b ?? null);
}

function merged(rule: MergeRule, given: MergeValue | undefined, held: MergeValue | undefined): MergeValue {
  if (rule === 'replace') return given ?? null;
  if (rule === 'nonempty') return Array.isArray(given) && given.length > 0 ? given : (held ?? []);
  if (rule === 'fill') return (Array.isArray(held) ? held.length > 0 : (held ?? null) !== null) ? (held as MergeValue) : (given ?? held ?? null);
  return given ?? held ?? null;
}

/** A column of values to unnest: its name, its type and one value per row. */
type ColumnValues = [name: string, type: SqlType, values: readonly MergeValue[]];

/** The named columns of the rows, to unnest. */
const valuesOf = (columns: readonly [string, SqlType][], rows: readonly MergeRow[]): ColumnValues[] =>
  columns.map(([name, type]) => [name, type, rows.map((row) => row[name] ?? null)]);

/** `unnest($1::t1[], $2::t2[], ...) AS alias(n1, n2, ...)`. */
function unnest(alias: string, columns: readonly ColumnValues[]): RawBuilder<unknown> {
  // A list travels as the text of its literal (see arrayLiteral), so its column is text[].
  const arrays = columns.map(([, type, values]) => sql`${arrayLiteral(type, values)}::${sql.raw(type === 'text[]' ? 'text[]' : `${type}[]`)}`);
  return sql`unnest(${sql.join(arrays)}) AS ${sql.raw(alias)}(${sql.raw(columns.map(([name]) => name).join(', '))})`;
}

/** A column of `alias` as the table's type (lists travel as text). */
const cast = (alias: string, name: string, type: SqlType): string => (type === 'text[]' ? `${alias}.${name}::text[]` : `${alias}.${name}`);
/** A column read back in the form rows carry (dates and ids as text). */
const readBack = (name: string, type: SqlType): string => (type === 'date' || type === 'uuid' ? `t.${name}::text AS ${name}` : `t.${name}`);

/** One table's merge, batch after batch, counting what changed. */
export class TableMerge {
  readonly changes: TableChanges = { inserted: 0, updated: 0, unchanged: 0 };
  /**
   * Ids of the rows the last batch inserted: a row whose parent is one of them is new without
   * looking (an importer merges a batch's parents, then their children, then the next batch).
   */
  made = new Set<string>();
  private readonly keys: [string, SqlType][];
  private readonly columns: [string, MergeColumn][];

  constructor(
    private readonly trx: Transaction<Database>,
    private readonly laCode: string,
    readonly spec: MergeSpec,
  ) {
    this.keys = Object.entries(spec.keys);
    this.columns = Object.entries(spec.columns);
  }

  /**
   * Merges a batch (a key given twice keeps its last row) and returns every row's id by key (for
   * tables with ids). With `newParents` (ids of rows this import inserted into the table that the
   * first key column refers to), rows under such a parent are known to be new and are not looked
   * up. A new row is completed in place (its id, the values inserted for blanks).
   */
  async merge(batch: readonly MergeRow[], newParents?: ReadonlySet<string>): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    if (batch.length === 0) return ids;
    const byKey = new Map<string, MergeRow>();
    for (const row of batch) {
      const key = keyOf(this.spec, row);
      byKey.delete(key);
      byKey.set(key, row);
    }
    const rows = [...byKey.values()];
    this.made = new Set();
    const parent = this.keys[0]?.[0] ?? '';
    const maybeHeld = newParents ? rows.filter((row) => !newParents.has(row[parent] as string)) : rows;
    const held = await this.lookUp(maybeHeld);

    const inserts: MergeRow[] = [];
    const updates: MergeRow[] = [];
    for (const [key, row] of byKey) {
      const current = held.get(row);
      if (current === undefined) {
        for (const [name, column] of this.columns) if ((row[name] ?? null) === null && column.onInsert !== undefined) row[name] = column.onInsert;
        if (this.spec.id) {
          const id = uuid7();
          row.id = id;
          this.made.add(id);
          ids.set(key, id);
        }
        inserts.push(row);
        continue;
      }
      if (this.spec.id) ids.set(key, current.id as string);
      const next: MergeRow = { id: current.id ?? null };
      for (const [name] of this.keys) next[name] = row[name] ?? null;
      let changed = false;
      for (const [name, column] of this.columns) {
        next[name] = merged(column.merge, row[name], current[name]);
        if (!sameValue(next[name], current[name])) changed = true;
      }
      if (changed) updates.push(next);
    }

    await this.insert(inserts);
    await this.update(updates);
    this.changes.inserted += inserts.length;
    this.changes.updated += updates.length;
    this.changes.unchanged += rows.length - inserts.length - updates.length;
    return ids;
  }

  /** The rows Haven holds for the given rows' keys, by the given row. */
  private async lookUp(rows: readonly MergeRow[]): Promise<Map<MergeRow, MergeRow>> {
    if (rows.length === 0) return new Map();
    const match = this.keys.map(([name]) => `t.${name} = k.${name}`).join(' AND ');
    const read = [...(this.spec.id ? ['t.id::text AS id'] : []), ...this.columns.map(([name, c]) => readBack(name, c.type))].join(', ');
    const { rows: found } = await sql<MergeRow & { i_: number }>`
      SELECT k.i_, t.* FROM ${unnest('k', [['i_', 'integer', rows.map((_, i) => i)], ...valuesOf(this.keys, rows)])},
        LATERAL (SELECT ${sql.raw(read || '1 AS found_')} FROM ${sql.table(this.spec.table)} t
                 WHERE t.la_code = ${this.laCode} AND ${sql.raw(match)} LIMIT 1) t`.execute(this.trx);
    return new Map(found.map((current) => [rows[current.i_] as MergeRow, current]));
  }

  private async insert(rows: readonly MergeRow[]): Promise<void> {
    if (rows.length === 0) return;
    const columns: [string, SqlType][] = [...(this.spec.id ? [['id', 'uuid'] as [string, SqlType]] : []), ...this.keys, ...this.columns.map(([name, c]): [string, SqlType] => [name, c.type])];
    await sql`INSERT INTO ${sql.table(this.spec.table)} (la_code, ${sql.raw(columns.map(([name]) => name).join(', '))})
      SELECT ${this.laCode}::text, ${sql.raw(columns.map(([name, type]) => cast('u', name, type)).join(', '))}
      FROM ${unnest('u', valuesOf(columns, rows))}`.execute(this.trx);
  }

  private async update(rows: readonly MergeRow[]): Promise<void> {
    if (rows.length === 0) return;
    const by: [string, SqlType][] = this.spec.id ? [['id', 'uuid']] : this.keys;
    const columns: [string, SqlType][] = [...by, ...this.columns.map(([name, c]): [string, SqlType] => [name, c.type])];
    const sets = [...this.columns.map(([name, c]) => `${name} = ${cast('u', name, c.type)}`), ...(this.spec.touch ? [`${this.spec.touch} = now()`] : [])];
    await sql`UPDATE ${sql.table(this.spec.table)} t SET ${sql.raw(sets.join(', '))}
      FROM ${unnest('u', valuesOf(columns, rows))}
      WHERE t.la_code = ${this.laCode} AND ${sql.raw(by.map(([name]) => `t.${name} = u.${name}`).join(' AND '))}`.execute(this.trx);
  }
}

/**
 * Whether row `t` (of a table with a `child_id`) is among the rows a file gives, matched by child
 * and, when `keyColumn` is given, by that date column (a table keyed by year holds one row a child
 * for it, so the child alone decides). `keys` are the file's rows' values of that column, in the
 * order of `childIds`. An import's question of what Haven holds for a file's children that the file
 * lacks is `NOT` this.
 */
export function heldInFile(childIds: readonly string[], keyColumn: string | null, keys: readonly string[]): RawBuilder<boolean> {
  if (keyColumn === null) return sql<boolean>`t.child_id = ANY(${childIds}::uuid[])`;
  return sql<boolean>`EXISTS (SELECT 1 FROM unnest(${childIds}::uuid[], ${keys}::date[]) AS k(child_id, key)
    WHERE k.child_id = t.child_id AND k.key = ${sql.ref(`t.${keyColumn}`)})`;
}

/**
 * Begins an import into a partnership in `trx`: imports of one partnership run one at a time (a
 * second waits for the first to commit), and the partnership exists.
 */
export async function startPartnershipImport(trx: Transaction<Database>, laCode: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`haven import ${laCode}`}))`.execute(trx);
  await trx.insertInto('partnership').values({ la_code: laCode, name: `Local authority ${laCode}` }).onConflict((oc) => oc.doNothing()).execute();
}
