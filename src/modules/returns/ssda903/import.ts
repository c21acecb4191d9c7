/**
 * `haven import ssda903`: an SSDA903 return (a directory of the DfE's CSV files, or the DfE XML
 * submission) mapped into Haven's journey tables, all or nothing, idempotently.
 *
 * - Children link by CHILD (the LA child ID, `child.la_child_id`): a child already known from a CIN
 *   census, Annex A or an earlier return is updated, never duplicated. A value the return leaves
 *   blank never blanks what another source told Haven (child characteristics are coalesced).
 * - Every other table has a natural key (episode: child + DECOM; review: child + REVIEW; missing:
 *   child + MIS_START; social worker episode: child + SW_DECOM; placed for adoption: child +
 *   DATE_PLACED; AD1 and previous permanence: the child; OC2 and OC3: child + collection year), so
 *   the same return twice changes nothing and last year's return overlapping this year's updates the
 *   shared episodes (an episode open at 31 March gets its DEC) rather than counting them twice.
 *   A return is what the council says of its children's year: a row of the year (as the export
 *   would write it: an episode open in the year, a review dated in it, the year's OC2 and OC3...)
 *   of a child in the return that the return no longer holds is removed, for each file the return
 *   carries (a corrected DECOM replaces the wrong episode rather than adding a second one).
 *   A return older than one already imported (last year's loaded after this year's) only fills what
 *   Haven does not hold: it adds its own rows but never overwrites a value, so a closed episode
 *   stays closed.
 * - The CSV files carry no year. The collection year is the reporting year (1 April - 31 March) of
 *   the latest event date in the return (DECOM, DEC, REVIEW, MIS_START, MIS_END, SW_DECOM, SW_DEC):
 *   a return covers the year up to its 31 March, and every return with looked-after activity has
 *   dates in it. `--year` overrides it; OC2 and OC3 rows are stored against that year.
 * - What Haven cannot hold is refused before anything is written, located (file, line, column,
 *   value, expected): a date that is not a real dd/mm/yyyy date, a key left blank, DEC before
 *   DECOM, the same key twice, a code outside the few that the tables constrain (SEX, MOTHER,
 *   MISSING, yes/no items, the SDQ score). Everything else is stored as sent and the validator's
 *   findings are recorded with the run (import_run), so a return with validation errors still loads.
 * - A return is read, validated and written whole, unless it is larger than 20 MB (CSV files or XML;
 *   far beyond any council's): then it is split into parts by child (partition.ts) and each part is read,
 *   validated and written in turn, in the same transaction, so memory follows the part, not the
 *   return. Findings are the same either way (rule 444, the one rule that compares children, is
 *   counted over the whole return), and a refusal names the line of the file as sent.
 */
import { performance } from 'node:perf_hooks';
import { stat } from 'node:fs/promises';
import { sql, type Kysely, type RawBuilder, type Transaction } from '../../../core/db/kysely.ts';
import type { Database } from '../../../core/db/schema.ts';
import { recordAudit } from '../../../core/audit.ts';
import { reportingYear, reportingYearOf } from '../../../core/dates.ts';
import { fingerprint, laterImportYear, recordImportRun, type TableChanges } from '../import-runs.ts';
import { fillOnly, heldInFile, startPartnershipImport, TableMerge, type MergeColumn, type MergeRow, type MergeRule, type MergeSpec, type SqlType } from '../merge.ts';
import { withoutReferenceChecks } from '../../../core/db/bulk-load.ts';
import { type AnyRow, type Ssda903Tables } from './model.ts';
import { readSsda903Directory, Ssda903ReadError, type ReadProblem } from './read.ts';
import { EVENT_DATES, PART_BYTES, PARTITION_ABOVE_BYTES, partitionReturn, partitionXml, returnBytes, type PartitionedReturn } from './partition.ts';
import { validateSsda903Return } from './validate.ts';
import { toDmy } from './dates.ts';
import { rulesFor } from './rules/index.ts';

export type Ssda903ImportOptions = {
  /** The collection year 'YYYY-YY'; derived from the data when absent. */
  year?: string;
  /** Progress lines (for stderr). */
  progress?: (message: string) => void;
  userId?: string | null;
  /** Rows per statement when writing (tests use small batches to cross batch boundaries). */
  batchSize?: number;
  /** When a directory's return is split into parts by child (default: above 20 MB, parts of about 12 MB; partition.ts). */
  partition?: { aboveBytes: number; partBytes: number };
};

export type Ssda903ImportResult = {
  year: string;
  /** How the year was settled: given with --year, or derived from the latest event date. */
  yearFrom: 'option' | 'data';
  children: number;
  episodes: number;
  /** Per Haven table: rows inserted, updated and unchanged. */
  changes: Record<string, TableChanges>;
  /** Findings (rule, child) per rule of the year's validation rules. */
  findings: Record<string, number>;
  errors: number;
  queries: number;
  /** Null when Haven has no rule set for the year (the import still runs). */
  rulesYear: string | null;
  /**
   * The latest later year already imported, when this return is older than it: an older return
   * then only fills what Haven does not hold (a closed episode stays closed), and null otherwise.
   */
  newerYear: string | null;
  /** Parts the return was read, validated and written in (1 unless it was too large to hold whole). */
  parts: number;
  runId: string;
  seconds: number;
};

/** Reads a return from a directory of CSV files or an XML file. */
export async function readSsda903Source(source: string): Promise<Ssda903Tables> {
  const info = await stat(source).catch(() => null);
  if (info?.isFile()) {
    const { readSsda903Xml } = await import('./read-xml.ts');
    return readSsda903Xml(source);
  }
  return (await readSsda903Directory(source)).current;
}

/** The latest event date of a return (ISO), or null when it has none. */
function latestEventOf(tables: Ssda903Tables): string | null {
  let latest: string | null = null;
  for (const [table, column] of EVENT_DATES) {
    for (const row of (tables[table] ?? []) as AnyRow[]) {
      const value = (row as unknown as Record<string, string | null>)[column];
      if (value && (latest === null || value > latest)) latest = value;
    }
  }
  return latest;
}

/** The collection year of a return: the reporting year of its latest event date, or null when it has none. */
export function deriveCollectionYear(tables: Ssda903Tables): string | null {
  const latest = latestEventOf(tables);
  return latest === null ? null : reportingYearOf(latest).label;
}

/**
 * Imports a return (directory or XML file) for partnership `laCode` in one transaction.
 * @throws Ssda903ReadError locating every problem when the return cannot be read or held.
 */
export async function importSsda903(db: Kysely<Database>, laCode: string, source: string, options: Ssda903ImportOptions = {}): Promise<Ssda903ImportResult> {
  const started = performance.now();
  const startedAt = new Date();
  const progress = options.progress ?? (() => undefined);
  const split = options.partition ?? { aboveBytes: PARTITION_ABOVE_BYTES, partBytes: PART_BYTES };
  const info = await stat(source).catch(() => null);
  const bytes = info?.isDirectory() ? returnBytes(source) : info?.isFile() ? info.size : 0;

  // A return held whole, or one too large for that split into parts by child (partition.ts).
  let whole: Ssda903Tables | undefined;
  let partitioned: PartitionedReturn | null = null;
  let latest: string | null;
  if (bytes > split.aboveBytes) {
    const parts = Math.max(2, Math.ceil(bytes / split.partBytes));
    progress(`Splitting ${source} (${(bytes / 1e6).toFixed(0)} MB) into ${parts} parts by child`);
    partitioned = info?.isFile() ? await partitionXml(source, parts) : await partitionReturn(source, parts);
    latest = partitioned.latestEvent;
  } else {
    progress(`Reading ${source}`);
    whole = await readSsda903Source(source);
    latest = latestEventOf(whole);
  }
  try {
    const year = options.year ?? (latest === null ? null : reportingYearOf(latest).label);
    if (year === null) {
      throw new Ssda903ReadError([{ file: source, line: 0, expected: 'a return with at least one dated event (DECOM, DEC, REVIEW, MIS_START, SW_DECOM...) to date it, or --year YYYY-YY' }]);
    }
    reportingYear(year);
    let rulesYear: string | null = year;
    try {
      rulesFor(year);
    } catch {
      rulesYear = null;
    }
    const sha256 = await fingerprint(source);
    const batchSize = options.batchSize ?? 5000;
    const counts = { children: 0, episodes: 0 };
    const findings: Record<string, number> = {};
    let errors = 0;
    let queries = 0;
    const changes: Record<string, TableChanges> = {};
    const add = (table: string, c: TableChanges): void => {
      const sum = (changes[table] ??= { inserted: 0, updated: 0, unchanged: 0 });
      sum.inserted += c.inserted;
      sum.updated += c.updated;
      sum.unchanged += c.unchanged;
      if (c.deleted !== undefined) sum.deleted = (sum.deleted ?? 0) + c.deleted;
    };
    let newerYear: string | null = null;
    const parts = partitioned?.parts ?? [source];

    const runId = await db.transaction().execute(async (trx) => {
      await startPartnershipImport(trx, laCode);
      newerYear = await laterImportYear(trx, laCode, 'ssda903', year);
      if (newerYear !== null) progress(`A later return (${newerYear}) is already imported: this one only fills what Haven does not hold`);
      const rule: MergeRule = newerYear === null ? 'replace' : 'fill';
      const childSpec = newerYear === null ? CHILD_SPEC : fillOnly(CHILD_SPEC);

      // Every reference is one this import made (core/db/bulk-load.ts).
      await withoutReferenceChecks(trx, ['child', ...TARGETS.map((t) => t.table)], async () => {
        for (const [index, part] of parts.entries()) {
          const of = partitioned ? ` (part ${index + 1} of ${parts.length})` : '';
          // Let go of once staged and validated (an async function keeps its locals alive across awaits).
          let tables: Ssda903Tables | undefined = whole ?? (await (partitioned as PartitionedReturn).read(part));
          whole = undefined;
          const present = new Set((Object.keys(tables) as (keyof Ssda903Tables)[]).filter((t) => tables?.[t] !== undefined));
          const staged = stage(tables, year);
          if (staged.problems.length > 0) throw new Ssda903ReadError(staged.problems);
          counts.children += staged.children.length;
          counts.episodes += staged.rows.la_episode.length;
          progress(`Read ${staged.children.length} children, ${staged.rows.la_episode.length} episodes${of}; collection year ${year}${options.year ? '' : ' (from the latest event date)'}`);
          if (rulesYear) {
            progress(`Validating${of}`);
            for (const issue of validateSsda903Return({ current: tables }, { collectionYear: rulesYear }).issues) {
              // Rule 444 compares children: a split return counts it over the whole (below).
              if (partitioned && issue.rule === '444') continue;
              findings[issue.rule] = (findings[issue.rule] ?? 0) + 1;
              if (issue.type === 'error') errors += 1;
              else queries += 1;
            }
          }
          tables = undefined;

          progress(`Writing ${staged.children.length} children${of}`);
          const merged = await mergeChildren(trx, laCode, staged.children, batchSize, childSpec);
          const children = { ...merged, known: [...merged.ids.values()].filter((id) => !merged.made.has(id)) };
          add('child', children.changes);
          staged.children = [];
          for (const target of TARGETS) {
            const rows = staged.rows[target.table];
            if (rows.length > 0) {
              progress(`Writing ${rows.length} rows of ${target.table}${of}`);
              add(target.table, await mergeRows(trx, laCode, target, rows, children, batchSize, rule));
            }
            // The return's year is as it says: what it no longer holds goes (an older return only adds).
            if (rule === 'replace') {
              const deleted = await removeAbsent(trx, laCode, target, present, year, rows, children);
              if (deleted > 0) add(target.table, { inserted: 0, updated: 0, unchanged: 0, deleted });
            }
            staged.rows[target.table] = [];
          }
        }
      });
      const duplicateUpn = partitioned && rulesYear ? rulesFor(rulesYear).find((r) => r.code === '444') : undefined;
      if (partitioned && duplicateUpn) {
        let children = 0;
        for (const n of partitioned.upnCounts.values()) if (n > 1) children += n;
        if (children > 0) {
          findings['444'] = children;
          if (duplicateUpn.type === 'error') errors += children;
          else queries += children;
        }
      }
      const id = await recordImportRun(trx, laCode, { kind: 'ssda903', source, sha256, year, startedAt, userId: options.userId ?? null, changes, findings });
      await recordAudit(trx, {
        laCode,
        actor: options.userId ? { id: options.userId, role: 'cli' } : null,
        action: 'returns.import',
        recordType: 'import_run',
        recordId: id,
        purpose: 'SSDA903 import',
        outcome: 'succeeded',
        detail: { kind: 'ssda903', year, sha256, changes, ...(partitioned ? { parts: parts.length } : {}) },
      });
      return id;
    });

    // PGlite never runs autovacuum: without statistics the KPI queries plan as if the tables were empty.
    progress('Analysing the tables written');
    for (const table of ['child', ...TARGETS.map((t) => t.table)]) await sql`VACUUM ANALYZE ${sql.table(table)}`.execute(db);

    return {
      year,
      yearFrom: options.year ? 'option' : 'data',
      ...counts,
      changes,
      findings,
      errors,
      queries,
      rulesYear,
      newerYear,
      parts: parts.length,
      runId,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    partitioned?.remove();
  }
}

// ---------------------------------------------------------------------------------------------
// From the return's rows to rows of Haven's tables, refusing what the tables cannot hold.

type Value = string | number | boolean | null;
type Staged = Record<string, Value>;

type ChildStage = {
  la_child_id: string;
  sex: 'M' | 'F' | 'U' | null;
  date_of_birth: string | null;
  ethnicity: string | null;
  upn: string | null;
  /** UN1-UN10 in the UPN column: why there is no UPN (child.upn_unknown, as the CIN census holds it). */
  upn_unknown: string | null;
  mother: boolean | null;
  mother_child_dob: string | null;
  uasc: boolean | null;
  uasc_ceased_date: string | null;
};

/** A Haven table written from the return: its natural key and its columns (with SQL types). */
type Target = {
  table: 'la_episode' | 'la_review' | 'missing_episode' | 'la_outcome' | 'care_leaver' | 'adoption' | 'placed_for_adoption' | 'previous_permanence' | 'sw_episode';
  /** Key columns after la_code and child_id. */
  key: readonly string[];
  /** Every written column (key included, child_id excluded) and its SQL type. */
  columns: Readonly<Record<string, 'text' | 'date' | 'boolean' | 'integer'>>;
};

const TARGETS: readonly Target[] = [
  {
    table: 'la_episode',
    key: ['decom'],
    columns: {
      decom: 'date', rne: 'text', legal_status: 'text', cin: 'text', place: 'text', place_provider: 'text', dec: 'date', rec: 'text',
      reason_place_change: 'text', home_post: 'text', pl_post: 'text', urn: 'text',
    },
  },
  { table: 'la_review', key: ['review_date'], columns: { review_date: 'date', review_code: 'text' } },
  { table: 'missing_episode', key: ['start_date'], columns: { start_date: 'date', end_date: 'date', missing_type: 'text' } },
  {
    table: 'la_outcome',
    key: ['year'],
    columns: {
      year: 'text', sdq_score: 'integer', sdq_reason: 'text', convicted: 'boolean', health_check: 'boolean', immunisations: 'boolean', teeth_check: 'boolean',
      health_assessment: 'boolean', substance_misuse: 'boolean', intervention_received: 'boolean', intervention_offered: 'boolean',
    },
  },
  { table: 'care_leaver', key: ['year'], columns: { year: 'text', in_touch: 'text', activity: 'text', accommodation: 'text' } },
  {
    table: 'adoption',
    key: [],
    columns: { date_int: 'date', date_match: 'date', foster_care: 'boolean', number_adopters: 'text', sex_adopters: 'text', ls_adopters: 'text' },
  },
  { table: 'placed_for_adoption', key: ['date_placed'], columns: { date_placed: 'date', date_placed_ceased: 'date', reason_placed_ceased: 'text' } },
  { table: 'previous_permanence', key: [], columns: { prev_perm: 'text', la_perm: 'text', date_perm: 'text' } },
  { table: 'sw_episode', key: ['sw_decom'], columns: { sw_id: 'text', sw_decom: 'date', sw_dec: 'date', sw_reason: 'text' } },
];

type StageResult = { children: ChildStage[]; rows: Record<Target['table'], Staged[]>; problems: ReadProblem[] };

const MAX_PROBLEMS = 50;

/** SEX as the child table holds it: M, F, U since 2024-25; 1 and 2 in earlier returns. */
function sexOf(code: string | null): 'M' | 'F' | 'U' | null {
  if (code === 'M' || code === 'F' || code === 'U') return code;
  return code === '1' ? 'M' : code === '2' ? 'F' : null;
}

function stage(tables: Ssda903Tables, year: string): StageResult {
  const problems: ReadProblem[] = [];
  const problem = (row: AnyRow, column: string, expected: string, value?: string | null): void => {
    if (problems.length < MAX_PROBLEMS) problems.push({ file: row.file, line: row.line, column, ...(value === undefined || value === null ? {} : { value }), expected });
  };
  const rows = Object.fromEntries(TARGETS.map((t) => [t.table, [] as Staged[]])) as StageResult['rows'];
  const children = new Map<string, ChildStage>();
  const child = (id: string): ChildStage => {
    let c = children.get(id);
    if (!c) {
      c = { la_child_id: id, sex: null, date_of_birth: null, ethnicity: null, upn: null, upn_unknown: null, mother: null, mother_child_dob: null, uasc: null, uasc_ceased_date: null };
      children.set(id, c);
    }
    return c;
  };

  /** The row's value of a date column, refusing text that is not a real date. */
  const date = (row: AnyRow, column: string): string | null => {
    const value = (row as unknown as Record<string, string | null>)[column] ?? null;
    const raw = row.raw?.[column];
    if (value === null && raw !== undefined) problem(row, column, 'a real date written dd/mm/yyyy', raw);
    return value;
  };
  const text = (row: AnyRow, column: string): string | null => (row as unknown as Record<string, string | null>)[column] ?? null;
  const required = (row: AnyRow, column: string, what: string): string | null => {
    const value = date(row, column);
    if (value === null && row.raw?.[column] === undefined) problem(row, column, `${what}; it is blank`);
    return value;
  };
  const yesNo = (row: AnyRow, column: string): boolean | null => {
    const value = text(row, column);
    if (value === null) return null;
    if (value === '1') return true;
    if (value === '0') return false;
    problem(row, column, '1 (yes), 0 (no) or blank', value);
    return null;
  };
  /** Each table's CHILD, refusing rows that name no child. */
  const childOf = (row: AnyRow): string | null => {
    if (row.CHILD === null) problem(row, 'CHILD', 'the child\u2019s LA child ID; it is blank');
    return row.CHILD;
  };
  const seen = new Map<string, AnyRow>();
  const once = (row: AnyRow, table: string, key: string, column: string, what: string): boolean => {
    const k = `${table}\u0000${key}`;
    const first = seen.get(k);
    if (first) {
      problem(row, column, `${what} once; line ${first.line} has the same`, key.split('\u0000').pop() ?? null);
      return false;
    }
    seen.set(k, row);
    return true;
  };

  for (const row of tables.header ?? []) {
    const id = childOf(row);
    if (id === null || !once(row, 'header', id, 'CHILD', 'each child')) continue;
    const c = child(id);
    c.sex = sexOf(row.SEX);
    if (row.SEX !== null && c.sex === null) problem(row, 'SEX', 'M, F or U (or the codes before 2024-25, 1 male and 2 female)', row.SEX);
    c.date_of_birth = date(row, 'DOB');
    c.ethnicity = row.ETHNIC;
    if (row.UPN !== null && /^UN([1-9]|10)$/.test(row.UPN)) c.upn_unknown = row.UPN;
    else c.upn = row.UPN;
    c.mother = yesNo(row, 'MOTHER');
    c.mother_child_dob = date(row, 'MC_DOB');
  }
  if (tables.uasc) {
    // uasc.csv lists the UASC children: everyone else in the return is not UASC.
    for (const c of children.values()) c.uasc = false;
    for (const row of tables.uasc) {
      const id = childOf(row);
      if (id === null || !once(row, 'uasc', id, 'CHILD', 'each child')) continue;
      const c = child(id);
      c.uasc = true;
      c.uasc_ceased_date = date(row, 'DUC');
      if (c.sex === null) c.sex = sexOf(row.SEX);
    }
  }
  /** Adds a child met outside header.csv, with the date of birth its row gives. */
  const also = (row: AnyRow): string | null => {
    const id = childOf(row);
    if (id === null) return null;
    const c = child(id);
    if ('DOB' in row && c.date_of_birth === null) c.date_of_birth = date(row, 'DOB');
    if (tables.uasc && c.uasc === null) c.uasc = false;
    return id;
  };

  for (const row of tables.episodes ?? []) {
    const id = also(row);
    const decom = required(row, 'DECOM', 'the date the episode started (DECOM)');
    const dec = date(row, 'DEC');
    if (id === null || decom === null) continue;
    if (dec !== null && dec < decom) problem(row, 'DEC', `a date on or after DECOM (${toDmy(decom)})`, row.raw?.DEC ?? toDmy(dec));
    if (!once(row, 'episodes', `${id}\u0000${decom}`, 'DECOM', 'each episode start date (DECOM) of a child')) continue;
    rows.la_episode.push({
      la_child_id: id, decom, rne: row.RNE, legal_status: row.LS, cin: row.CIN, place: row.PLACE, place_provider: row.PLACE_PROVIDER, dec, rec: row.REC,
      reason_place_change: row.REASON_PLACE_CHANGE, home_post: row.HOME_POST, pl_post: row.PL_POST, urn: row.URN,
    });
  }
  for (const row of tables.reviews ?? []) {
    const id = also(row);
    const review = required(row, 'REVIEW', 'the date of the review (REVIEW)');
    if (id === null || review === null || !once(row, 'reviews', `${id}\u0000${review}`, 'REVIEW', 'each review date of a child')) continue;
    rows.la_review.push({ la_child_id: id, review_date: review, review_code: row.REVIEW_CODE });
  }
  for (const row of tables.missing ?? []) {
    const id = also(row);
    const start = required(row, 'MIS_START', 'the date the missing episode started (MIS_START)');
    const end = date(row, 'MIS_END');
    if (row.MISSING !== null && row.MISSING !== 'M' && row.MISSING !== 'A') problem(row, 'MISSING', 'M (missing), A (away from placement) or blank', row.MISSING);
    if (id === null || start === null || !once(row, 'missing', `${id}\u0000${start}`, 'MIS_START', 'each missing episode start (MIS_START) of a child')) continue;
    rows.missing_episode.push({ la_child_id: id, start_date: start, end_date: end, missing_type: row.MISSING });
  }
  for (const row of tables.oc2 ?? []) {
    const id = also(row);
    let score: number | null = null;
    if (row.SDQ_SCORE !== null) {
      score = /^\d{1,2}$/.test(row.SDQ_SCORE) ? Number(row.SDQ_SCORE) : null;
      if (score === null || score > 40) problem(row, 'SDQ_SCORE', 'a whole number from 0 to 40, or blank', row.SDQ_SCORE);
    }
    const staged: Staged = {
      la_child_id: id, year, sdq_score: score, sdq_reason: row.SDQ_REASON, convicted: yesNo(row, 'CONVICTED'), health_check: yesNo(row, 'HEALTH_CHECK'),
      immunisations: yesNo(row, 'IMMUNISATIONS'), teeth_check: yesNo(row, 'TEETH_CHECK'), health_assessment: yesNo(row, 'HEALTH_ASSESSMENT'),
      substance_misuse: yesNo(row, 'SUBSTANCE_MISUSE'), intervention_received: yesNo(row, 'INTERVENTION_RECEIVED'), intervention_offered: yesNo(row, 'INTERVENTION_OFFERED'),
    };
    if (id === null || !once(row, 'oc2', id, 'CHILD', 'each child')) continue;
    rows.la_outcome.push(staged);
  }
  for (const row of tables.oc3 ?? []) {
    const id = also(row);
    if (id === null || !once(row, 'oc3', id, 'CHILD', 'each child')) continue;
    rows.care_leaver.push({ la_child_id: id, year, in_touch: row.IN_TOUCH, activity: row.ACTIV, accommodation: row.ACCOM });
  }
  for (const row of tables.ad1 ?? []) {
    const id = also(row);
    const staged: Staged = {
      la_child_id: id, date_int: date(row, 'DATE_INT'), date_match: date(row, 'DATE_MATCH'), foster_care: yesNo(row, 'FOSTER_CARE'),
      number_adopters: row.NB_ADOPTR, sex_adopters: row.SEX_ADOPTR, ls_adopters: row.LS_ADOPTR,
    };
    if (id === null || !once(row, 'ad1', id, 'CHILD', 'each child')) continue;
    rows.adoption.push(staged);
  }
  for (const row of tables.placedAdoption ?? []) {
    const id = also(row);
    const placed = required(row, 'DATE_PLACED', 'the date of the decision to place for adoption (DATE_PLACED)');
    const ceased = date(row, 'DATE_PLACED_CEASED');
    if (id === null || placed === null || !once(row, 'placedAdoption', `${id}\u0000${placed}`, 'DATE_PLACED', 'each DATE_PLACED of a child')) continue;
    rows.placed_for_adoption.push({ la_child_id: id, date_placed: placed, date_placed_ceased: ceased, reason_placed_ceased: row.REASON_PLACED_CEASED });
  }
  for (const row of tables.prevPerm ?? []) {
    const id = also(row);
    if (id === null || !once(row, 'prevPerm', id, 'CHILD', 'each child')) continue;
    rows.previous_permanence.push({ la_child_id: id, prev_perm: row.PREV_PERM, la_perm: row.LA_PERM, date_perm: row.DATE_PERM });
  }
  for (const row of tables.swEpisodes ?? []) {
    const id = also(row);
    const start = required(row, 'SW_DECOM', 'the date the social worker episode started (SW_DECOM)');
    const end = date(row, 'SW_DEC');
    if (row.SW_ID === null) problem(row, 'SW_ID', 'the social worker\u2019s ID; it is blank');
    if (id === null || start === null || row.SW_ID === null || !once(row, 'swEpisodes', `${id}\u0000${start}`, 'SW_DECOM', 'each SW_DECOM of a child')) continue;
    rows.sw_episode.push({ la_child_id: id, sw_id: row.SW_ID, sw_decom: start, sw_dec: end, sw_reason: row.SW_REASON });
  }
  return { children: [...children.values()], rows, problems };
}

// ---------------------------------------------------------------------------------------------
// Writing: batches of rows merged by natural key (merge.ts).

function batches<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** A known child gets the values the return gives (a blank never overwrites); a new one is not UASC unless uasc.csv says so. */
const CHILD_SPEC: MergeSpec = {
  table: 'child',
  id: true,
  keys: { la_child_id: 'text' },
  columns: {
    sex: { type: 'text', merge: 'coalesce' },
    date_of_birth: { type: 'date', merge: 'coalesce' },
    ethnicity: { type: 'text', merge: 'coalesce' },
    upn: { type: 'text', merge: 'coalesce' },
    upn_unknown: { type: 'text', merge: 'coalesce' },
    mother: { type: 'boolean', merge: 'coalesce' },
    mother_child_dob: { type: 'date', merge: 'coalesce' },
    uasc: { type: 'boolean', merge: 'coalesce', onInsert: false },
    uasc_ceased_date: { type: 'date', merge: 'coalesce' },
  },
  touch: 'updated_at',
};

/**
 * A table's rows are the return's: its values replace Haven's, blanks included (`replace`), unless
 * the return is older than one already imported, when they only fill blanks (`fill`): last
 * year's return loaded after this year's must not reopen an episode this year's closed.
 */
function targetSpec(target: Target, rule: MergeRule): MergeSpec {
  const keys: Record<string, SqlType> = { child_id: 'uuid' };
  const columns: Record<string, MergeColumn> = {};
  for (const [name, type] of Object.entries(target.columns)) {
    if (target.key.includes(name)) keys[name] = type;
    else columns[name] = { type, merge: rule };
  }
  return { table: target.table, keys, columns };
}

/** Merges the children; returns each one's id by LA child ID and the ids of those inserted. */
async function mergeChildren(
  trx: Transaction<Database>,
  laCode: string,
  children: ChildStage[],
  batchSize: number,
  spec: MergeSpec,
): Promise<{ changes: TableChanges; ids: Map<string, string>; made: Set<string> }> {
  const merge = new TableMerge(trx, laCode, spec);
  const ids = new Map<string, string>();
  const made = new Set<string>();
  for (const batch of batches(children, batchSize)) {
    for (const [key, id] of await merge.merge(batch as unknown as MergeRow[])) ids.set(key, id);
    for (const id of merge.made) made.add(id);
  }
  return { changes: merge.changes, ids, made };
}

/** Merges a table's rows by natural key; a row whose values all match is left alone (unchanged). */
async function mergeRows(
  trx: Transaction<Database>,
  laCode: string,
  target: Target,
  rows: Staged[],
  children: { ids: Map<string, string>; made: Set<string> },
  batchSize: number,
  rule: MergeRule,
): Promise<TableChanges> {
  const merge = new TableMerge(trx, laCode, targetSpec(target, rule));
  for (const batch of batches(rows, batchSize)) {
    const withChild: MergeRow[] = [];
    for (const { la_child_id, ...row } of batch) {
      const childId = children.ids.get(la_child_id as string);
      if (childId !== undefined) withChild.push({ ...row, child_id: childId });
    }
    await merge.merge(withChild, children.made);
  }
  return merge.changes;
}

/**
 * What a return says in full for its children and year, table by table: the rows of the year that
 * Haven's export would write for them (export.ts), so a row there that the return no longer has was
 * removed by the council (a corrected DECOM, a review entered twice) and goes. Adoption and previous
 * permanence are left alone: their files list only the year's adoptions and new periods of care.
 */
const YEAR_SCOPES: Partial<Record<Target['table'], { file: keyof Ssda903Tables; window: (start: string, end: string, year: string) => RawBuilder<boolean> }>> = {
  la_episode: { file: 'episodes', window: (start, end) => sql`t.decom <= ${end} AND (t.dec IS NULL OR t.dec >= ${start})` },
  la_review: { file: 'reviews', window: (start, end) => sql`t.review_date BETWEEN ${start} AND ${end}` },
  missing_episode: { file: 'missing', window: (start, end) => sql`t.start_date <= ${end} AND (t.end_date IS NULL OR t.end_date >= ${start})` },
  sw_episode: { file: 'swEpisodes', window: (start, end) => sql`t.sw_decom <= ${end} AND (t.sw_dec IS NULL OR t.sw_dec >= ${start})` },
  placed_for_adoption: { file: 'placedAdoption', window: (start, end) => sql`t.date_placed <= ${end} AND (t.date_placed_ceased IS NULL OR t.date_placed_ceased >= ${start})` },
  la_outcome: { file: 'oc2', window: (_start, _end, year) => sql`t.year = ${year}` },
  care_leaver: { file: 'oc3', window: (_start, _end, year) => sql`t.year = ${year}` },
};

/**
 * Deletes the rows of the year in `target` of the return's children that the return does not hold
 * (YEAR_SCOPES), when the return carries the table's file; returns how many went.
 */
async function removeAbsent(
  trx: Transaction<Database>,
  laCode: string,
  target: Target,
  present: ReadonlySet<keyof Ssda903Tables>,
  year: string,
  rows: readonly Staged[],
  children: { ids: ReadonlyMap<string, string>; made: ReadonlySet<string>; known: readonly string[] },
): Promise<number> {
  const scope = YEAR_SCOPES[target.table];
  // Only children Haven held before this import can have rows the return lacks.
  if (scope === undefined || !present.has(scope.file) || children.known.length === 0) return 0;
  const { start, end } = reportingYear(year);
  const key = target.key[0];
  const keptChildren: string[] = [];
  const keptKeys: string[] = [];
  for (const row of rows) {
    const id = children.ids.get(row.la_child_id as string);
    if (id === undefined || children.made.has(id)) continue;
    keptChildren.push(id);
    if (key !== undefined) keptKeys.push(row[key] as string);
  }
  const held = heldInFile(keptChildren, key === undefined || key === 'year' ? null : key, keptKeys);
  const result = await sql`DELETE FROM ${sql.table(target.table)} t
    WHERE t.la_code = ${laCode} AND t.child_id = ANY(${children.known}::uuid[]) AND ${scope.window(start, end, year)} AND NOT ${held}`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}
