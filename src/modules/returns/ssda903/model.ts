/**
 * The SSDA903 return (children looked after) as Haven holds it: one typed row per CSV record,
 * tables as the DfE's CSV files, and the same rows grouped by child.
 *
 * Values are kept as the DfE files carry them, so the validator can report exactly what was sent:
 * - codes are strings, upper-cased (the DfE codes are upper case; the open validators compare
 *   upper-cased values too), never trimmed; a blank cell is `null`;
 * - dates are 'YYYY-MM-DD' strings, or `null` when blank or not a real dd/mm/yyyy date. A date
 *   cell whose text is not exactly the dd/mm/yyyy form of its date (an invalid date, or `1/4/2025`)
 *   keeps its text in `raw`, so "not a valid date" rules can tell blank from invalid;
 * - every row keeps its file name and line number for messages.
 */

/** A calendar date written 'YYYY-MM-DD'. */
export type IsoDate = string;

/** What a column holds: the child's identifier, a code (any non-date text), or a dd/mm/yyyy date. */
export type FieldKind = 'id' | 'code' | 'date';

/** A table of the return: its CSV file name and its columns (all required, in the DfE order). */
export type TableSchema = { readonly file: string; readonly columns: Readonly<Record<string, FieldKind>> };

/**
 * The return's files and columns (DfE SSDA903 CSV specification, as in the open validators'
 * fake data). Any file may be absent.
 */
export const TABLES = {
  header: {
    file: 'header.csv',
    columns: { CHILD: 'id', SEX: 'code', DOB: 'date', ETHNIC: 'code', UPN: 'code', MOTHER: 'code', MC_DOB: 'date' },
  },
  episodes: {
    file: 'episodes.csv',
    columns: {
      CHILD: 'id',
      DECOM: 'date',
      RNE: 'code',
      LS: 'code',
      CIN: 'code',
      PLACE: 'code',
      PLACE_PROVIDER: 'code',
      DEC: 'date',
      REC: 'code',
      REASON_PLACE_CHANGE: 'code',
      HOME_POST: 'code',
      PL_POST: 'code',
      URN: 'code',
    },
  },
  reviews: { file: 'reviews.csv', columns: { CHILD: 'id', DOB: 'date', REVIEW: 'date', REVIEW_CODE: 'code' } },
  uasc: { file: 'uasc.csv', columns: { CHILD: 'id', SEX: 'code', DOB: 'date', DUC: 'date' } },
  oc2: {
    file: 'oc2.csv',
    columns: {
      CHILD: 'id',
      DOB: 'date',
      SDQ_SCORE: 'code',
      SDQ_REASON: 'code',
      CONVICTED: 'code',
      HEALTH_CHECK: 'code',
      IMMUNISATIONS: 'code',
      TEETH_CHECK: 'code',
      HEALTH_ASSESSMENT: 'code',
      SUBSTANCE_MISUSE: 'code',
      INTERVENTION_RECEIVED: 'code',
      INTERVENTION_OFFERED: 'code',
    },
  },
  oc3: { file: 'oc3.csv', columns: { CHILD: 'id', DOB: 'date', IN_TOUCH: 'code', ACTIV: 'code', ACCOM: 'code' } },
  ad1: {
    file: 'ad1.csv',
    columns: {
      CHILD: 'id',
      DOB: 'date',
      DATE_INT: 'date',
      DATE_MATCH: 'date',
      FOSTER_CARE: 'code',
      NB_ADOPTR: 'code',
      SEX_ADOPTR: 'code',
      LS_ADOPTR: 'code',
    },
  },
  placedAdoption: {
    file: 'placed_for_adoption.csv',
    columns: { CHILD: 'id', DOB: 'date', DATE_PLACED: 'date', DATE_PLACED_CEASED: 'date', REASON_PLACED_CEASED: 'code' },
  },
  // DATE_PERM may be partly unknown ('zz/zz/2010'), so it is text; rules parse it.
  prevPerm: {
    file: 'previous_permanence.csv',
    columns: { CHILD: 'id', DOB: 'date', PREV_PERM: 'code', LA_PERM: 'code', DATE_PERM: 'code' },
  },
  missing: {
    file: 'missing.csv',
    columns: { CHILD: 'id', DOB: 'date', MISSING: 'code', MIS_START: 'date', MIS_END: 'date' },
  },
  swEpisodes: {
    file: 'sw_episodes.csv',
    columns: { CHILD: 'id', DOB: 'date', SW_ID: 'code', SW_DECOM: 'date', SW_DEC: 'date', SW_REASON: 'code' },
  },
} as const satisfies Record<string, TableSchema>;

export type TableName = keyof typeof TABLES;
export const TABLE_NAMES = Object.keys(TABLES) as TableName[];

/** Where a row came from, for messages: file name and 1-based line number. */
export type RowSource = {
  readonly file: string;
  readonly line: number;
  /** Text of date cells that is not the dd/mm/yyyy form of their value (invalid dates included). */
  readonly raw?: Readonly<Record<string, string>>;
};

type ColumnsOf<T extends TableName> = (typeof TABLES)[T]['columns'];
type ValueOf<K> = K extends 'date' ? IsoDate | null : string | null;

/** A typed row of table `T`: one property per column, plus its source. */
export type RowOf<T extends TableName> = { readonly [C in keyof ColumnsOf<T>]: ValueOf<ColumnsOf<T>[C]> } & RowSource;

export type HeaderRow = RowOf<'header'> & {
  /**
   * UASC status derived as the CSV upload has it: '1' when the child has a row in uasc.csv, '0'
   * when not, null when uasc.csv was not supplied (the XML return carries it directly).
   */
  UASC: '0' | '1' | null;
};
export type EpisodeRow = RowOf<'episodes'>;
export type ReviewRow = RowOf<'reviews'>;
export type UascRow = RowOf<'uasc'>;
export type Oc2Row = RowOf<'oc2'>;
export type Oc3Row = RowOf<'oc3'>;
export type Ad1Row = RowOf<'ad1'>;
export type PlacedAdoptionRow = RowOf<'placedAdoption'>;
export type PrevPermRow = RowOf<'prevPerm'>;
export type MissingRow = RowOf<'missing'>;
export type SwEpisodeRow = RowOf<'swEpisodes'>;

/** The row type of each table. */
export type TableRows = {
  header: HeaderRow;
  episodes: EpisodeRow;
  reviews: ReviewRow;
  uasc: UascRow;
  oc2: Oc2Row;
  oc3: Oc3Row;
  ad1: Ad1Row;
  placedAdoption: PlacedAdoptionRow;
  prevPerm: PrevPermRow;
  missing: MissingRow;
  swEpisodes: SwEpisodeRow;
};

/** Any row of any table. */
export type AnyRow = TableRows[TableName];

/** A year's return: each table's rows in file order, or undefined when that file was not supplied. */
export type Ssda903Tables = { [T in TableName]?: TableRows[T][] };

/** A return to validate: this year's tables and, optionally, last year's (some rules compare them). */
export type Ssda903Return = {
  current: Ssda903Tables;
  previous?: Ssda903Tables;
};

/** One child's rows across the tables of a year, each list in file order. */
export type ChildRecord = { readonly id: string } & { [T in TableName]: TableRows[T][] };

/** Rule metadata from the rule list. */
export type RuleInfo = {
  readonly code: string;
  readonly lastChangedIn: string;
  readonly tables: readonly string[];
  readonly type: 'error' | 'query';
  readonly fields: readonly string[];
  readonly message: string;
};

/** A finding in the shape `haven validate --json` prints (and the open validators' drivers). */
export type Issue = {
  rule: string;
  /** The child's identifier, or '' when the finding belongs to no child (a row with no CHILD). */
  child: string;
  fields: string[];
  message: string;
  type: 'error' | 'query';
};

/** Where a rule failed: the rule, the child and the row (file and line) it flagged. */
export type Finding = { rule: string; child: string; file: string; line: number };

/** The list a child has for a table with no rows for them: one shared, frozen empty list. */
const NONE: never[] = Object.freeze([]) as unknown as never[];

/**
 * Groups every table's rows by CHILD (rows with a blank CHILD belong to no child and are left out).
 * Children appear in the order first seen: header, then episodes, then the other tables. A table
 * with no rows for a child gives a shared empty list (do not push to it).
 */
export function groupByChild(tables: Ssda903Tables): Map<string, ChildRecord> {
  return groupByChildAs(tables, emptyChild);
}

/** {@link groupByChild}, making each child's record with `create` (which must start every list empty, as NONE). */
export function groupByChildAs<C extends ChildRecord>(tables: Ssda903Tables, create: (id: string, none: never[]) => C): Map<string, C> {
  const children = new Map<string, C>();
  for (const table of TABLE_NAMES) {
    const rows = tables[table] as AnyRow[] | undefined;
    if (!rows) continue;
    for (const row of rows) {
      const id = row.CHILD;
      if (id === null) continue;
      let child = children.get(id);
      if (!child) {
        child = create(id, NONE);
        children.set(id, child);
      }
      const list = child[table] as AnyRow[];
      if (list === NONE) (child as Record<TableName, AnyRow[]>)[table] = [row];
      else list.push(row);
    }
  }
  return children;
}

/** A child with no rows yet (every table empty), the start of each child groupByChildAs makes. */
export function emptyChild(id: string, none: never[]): ChildRecord {
  return {
    id,
    header: none,
    episodes: none,
    reviews: none,
    uasc: none,
    oc2: none,
    oc3: none,
    ad1: none,
    placedAdoption: none,
    prevPerm: none,
    missing: none,
    swEpisodes: none,
  };
}
