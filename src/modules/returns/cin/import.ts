/**
 * `haven import cin-census FILE.xml`: a CIN census (any year from 2023-24 on) into Haven's journey
 * tables, streaming, in one transaction.
 *
 * Mapping (kpi-definitions.md, Conventions): a child is its LA child ID (`child.la_child_id`), so a
 * child already in Haven (from SSDA903, Annex A or an earlier census) is updated, never duplicated;
 * an episode of need is its child and `CINreferralDate`, so the same referral in two years' returns
 * is one `cin_episode`, updated; inside an episode an assessment, CIN plan, Section 47 enquiry and
 * child protection plan are each keyed by their start date, a plan review by its date.
 *
 * Updating never erases: a value the file leaves out keeps what Haven holds (an older return
 * imported after a newer one does not reopen a closed episode), a value the file gives replaces it.
 * The same file twice therefore changes nothing, and each table reports inserted, updated and
 * unchanged rows.
 *
 * Children are written in batches (one statement per table per batch, rows passed as one JSON
 * parameter): the file is never held whole, and the next batch is parsed while the database writes
 * the previous one (PGlite runs on its own thread).
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { recordAudit } from '../../../core/audit.ts';
import { sql, type Kysely, type RawBuilder, type Transaction } from '../../../core/db/kysely.ts';
import type { Database } from '../../../core/db/schema.ts';
import { fingerprint, recordImportRun, type TableChanges } from '../import-runs.ts';
import type { CinChild, CinHeader } from './model.ts';
import { yesNo } from './model.ts';
import { CinParseError, openCinCensus } from './parse.ts';
import { CinReturnValidator } from './validate.ts';

/** The tables a census import writes, in the order it writes them. */
export const CIN_IMPORT_TABLES = ['child', 'cin_episode', 'assessment', 'cin_plan', 's47_enquiry', 'cp_plan', 'cp_review'] as const;
export type CinImportTable = (typeof CIN_IMPORT_TABLES)[number];

export type CinImportResult = {
  file: string;
  /** Reporting year of the return, e.g. 2025-26. */
  year: string;
  children: number;
  changes: Record<CinImportTable, TableChanges>;
  /** Validation findings per rule (what the DfE's rules say about the file as imported). */
  findings: Record<string, number>;
  errors: number;
  queries: number;
  /** Records Haven could not store, and why (e.g. an assessment without a start date). */
  skipped: Record<string, number>;
  /** Values left out because the database cannot hold them as given (e.g. a closure before the referral). */
  dropped: Record<string, number>;
  parseWarnings: number;
  runId: string;
  seconds: number;
};

export type CinImportOptions = {
  /** Children per batch (default 5,000). */
  batchSize?: number;
  userId?: string | null;
  /** Called after each batch is written. */
  onProgress?: (children: number) => void;
  /** Name used in messages and the import run (defaults to the file's base name). */
  fileName?: string;
};

const SEX_CODES = new Set(['M', 'F', 'U']);
const UPN_UNKNOWN = /^UN(10|[1-9])$/;

/** The reporting year of a census from its header: `<Year>` 2026 is 2025-26. */
export function censusYearOf(header: CinHeader, file: string): string {
  const year = header.year?.trim() ?? '';
  const line = header.line ?? 1;
  if (!/^\d{4}$/.test(year)) {
    throw new CinParseError(file, line, `the <Year> is ${year === '' ? 'missing' : `"${year}"`}`, 'the census year as four digits, e.g. 2026 for 2025-26', 'Year', year);
  }
  if (Number(year) < 2024) {
    throw new CinParseError(file, line, `the census is for ${Number(year) - 1}-${year.slice(2)}`, 'a census from 2023-24 on (<Year> 2024 or later)', 'Year', year);
  }
  return `${Number(year) - 1}-${year.slice(2)}`;
}

/** Sex from `<Sex>` (2024-25 on) or `<GenderCurrent>` (2023-24: 1 male, 2 female, 0 and 9 unknown). */
function sexOf(child: CinChild): string | null {
  const sex = child.identifiers.sex?.trim().toUpperCase();
  if (sex !== undefined) return SEX_CODES.has(sex) ? sex : null;
  switch (child.identifiers.genderCurrent?.trim()) {
    case '1':
      return 'M';
    case '2':
      return 'F';
    case '0':
    case '9':
      return 'U';
    default:
      return null;
  }
}

const clean = (value: string | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? null : trimmed;
};

const distinctCodes = (codes: readonly (string | undefined)[] | undefined): string[] => [
  ...new Set((codes ?? []).map(clean).filter((c): c is string => c !== null)),
];

type Column = { name: string; type: 'text' | 'date' | 'boolean' | 'integer' | 'text[]'; merge: 'keep-unless-given' | 'replace-if-nonempty' };
type TableSpec = { table: CinImportTable; keys: Column[]; columns: Column[]; touch?: string };

const keep = (name: string, type: Column['type'] = 'text'): Column => ({ name, type, merge: 'keep-unless-given' });
const list = (name: string): Column => ({ name, type: 'text[]', merge: 'replace-if-nonempty' });
const key = (name: string, type: Column['type']): Column => ({ name, type, merge: 'keep-unless-given' });

const SPECS = {
  child: {
    table: 'child',
    keys: [key('la_child_id', 'text')],
    columns: [
      keep('upn'),
      keep('former_upn'),
      keep('upn_unknown'),
      keep('date_of_birth', 'date'),
      keep('expected_date_of_birth', 'date'),
      keep('sex'),
      keep('date_of_death', 'date'),
      keep('ethnicity'),
      list('disabilities'),
    ],
    touch: 'updated_at',
  },
  cin_episode: {
    table: 'cin_episode',
    keys: [key('child_id', 'text'), key('referral_date', 'date')],
    columns: [
      keep('referral_source'),
      keep('primary_need'),
      keep('referral_nfa', 'boolean'),
      keep('closure_date', 'date'),
      keep('closure_reason'),
      keep('episode_icpc_date', 'date'),
    ],
  },
  assessment: {
    table: 'assessment',
    keys: [key('episode_id', 'text'), key('start_date', 'date')],
    columns: [keep('child_id'), keep('authorisation_date', 'date'), list('factors')],
  },
  cin_plan: {
    table: 'cin_plan',
    keys: [key('episode_id', 'text'), key('start_date', 'date')],
    columns: [keep('child_id'), keep('end_date', 'date')],
  },
  s47_enquiry: {
    table: 's47_enquiry',
    keys: [key('episode_id', 'text'), key('start_date', 'date')],
    columns: [keep('child_id'), keep('icpc_target_date', 'date'), keep('icpc_date', 'date'), keep('icpc_not_required', 'boolean')],
  },
  cp_plan: {
    table: 'cp_plan',
    keys: [key('episode_id', 'text'), key('start_date', 'date')],
    columns: [
      keep('child_id'),
      keep('end_date', 'date'),
      keep('initial_category'),
      keep('latest_category'),
      keep('previous_plans', 'integer'),
    ],
  },
} satisfies Record<string, TableSpec>;

/** How a column takes the file's value on update (`excluded` is the file's row, `t` Haven's). */
function mergeExpression(column: Column): string {
  const mine = `t.${column.name}`;
  const theirs = `excluded.${column.name}`;
  return column.merge === 'replace-if-nonempty'
    ? `CASE WHEN cardinality(${theirs}) > 0 THEN ${theirs} ELSE ${mine} END`
    : `coalesce(${theirs}, ${mine})`;
}

/** id columns are uuid in the tables; the JSON carries them as text. */
const sqlType = (column: Column): string => (column.name.endsWith('_id') && column.name !== 'la_child_id' ? 'uuid' : column.type);

/**
 * The upsert of one batch into one table: one statement, rows as a JSON parameter. It returns the
 * rows it inserted (`inserted` true) or changed (false), with their ids and keys; a row the file
 * does not change is not touched and not returned. Statement text is built from the constant specs
 * above only.
 */
function upsertStatement(spec: TableSpec): string {
  const all = [...spec.keys, ...spec.columns];
  const recordType = all.map((c) => `${c.name} ${sqlType(c)}`).join(', ');
  const names = all.map((c) => c.name).join(', ');
  const keyNames = spec.keys.map((c) => c.name).join(', ');
  const sets = spec.columns.map((c) => `${c.name} = ${mergeExpression(c)}`);
  if (spec.touch) sets.push(`${spec.touch} = now()`);
  const current = spec.columns.map((c) => `t.${c.name}`).join(', ');
  const merged = spec.columns.map((c) => mergeExpression(c)).join(', ');
  return `
    INSERT INTO ${spec.table} AS t (la_code, ${names})
    SELECT __LA__, ${names} FROM jsonb_to_recordset(__ROWS__::jsonb) AS r(${recordType})
    ON CONFLICT (la_code, ${keyNames}) DO UPDATE SET ${sets.join(', ')}
    WHERE ROW(${current}) IS DISTINCT FROM ROW(${merged})
    RETURNING t.id::text AS id, ${spec.keys.map((c) => `t.${c.name}::text AS ${c.name}`).join(', ')}, (t.xmax = 0) AS inserted`;
}

/**
 * The ids of rows by their keys (those the upsert left alone). LATERAL ... LIMIT 1 makes it one
 * index probe per key: a plain join would be planned from statistics that the import itself makes
 * stale, and could scan the whole table for every batch.
 */
function idsStatement(spec: TableSpec): string {
  const recordType = spec.keys.map((c) => `${c.name} ${sqlType(c)}`).join(', ');
  const match = spec.keys.map((c) => `t.${c.name} = k.${c.name}`).join(' AND ');
  return `
    SELECT t.id::text AS id, ${spec.keys.map((c) => `k.${c.name}::text AS ${c.name}`).join(', ')}
    FROM jsonb_to_recordset(__ROWS__::jsonb) AS k(${recordType}),
      LATERAL (SELECT t.id FROM ${spec.table} t WHERE t.la_code = __LA__ AND ${match} LIMIT 1) t`;
}

const STATEMENTS = Object.fromEntries(Object.entries(SPECS).map(([table, spec]) => [table, { upsert: upsertStatement(spec), ids: idsStatement(spec) }])) as Record<
  keyof typeof SPECS,
  { upsert: string; ids: string }
>;

type Row = Record<string, unknown>;

/** A statement from {@link upsertStatement} with its `__NAME__` markers bound as parameters. */
function withParameters<R>(text: string, values: Record<string, unknown>): RawBuilder<R> {
  const parts = text.split(/(__[A-Z]+__)/);
  return sql.join(
    parts.map((part) => (part in values ? sql`${values[part]}` : sql.raw(part))),
    sql.raw(''),
  ) as RawBuilder<R>;
}
type Upserted = { id: string; inserted?: boolean } & Record<string, string>;

function emptyChanges(): Record<CinImportTable, TableChanges> {
  return Object.fromEntries(CIN_IMPORT_TABLES.map((t) => [t, { inserted: 0, updated: 0, unchanged: 0 }])) as Record<CinImportTable, TableChanges>;
}

/** Keeps the last row per natural key (a key given twice in one batch would be upserted twice). */
function lastPerKey<T extends Row>(rows: T[], keyOf: (row: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const row of rows) {
    const k = keyOf(row);
    byKey.delete(k);
    byKey.set(k, row);
  }
  return [...byKey.values()];
}

class CinImportWriter {
  readonly changes = emptyChanges();
  readonly skipped: Record<string, number> = {};
  readonly dropped: Record<string, number> = {};

  constructor(
    private readonly trx: Transaction<Database>,
    private readonly laCode: string,
  ) {}

  private note(counts: Record<string, number>, what: string): void {
    counts[what] = (counts[what] ?? 0) + 1;
  }

  /**
   * Upserts rows into a table, counting what changed; with `needIds`, returns every row's id by
   * its key (for the rows below it).
   */
  private async upsert(table: keyof typeof SPECS, rows: Row[], keyOf: (row: Row) => string, needIds = false): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    if (rows.length === 0) return ids;
    const unique = lastPerKey(rows, keyOf);
    const { rows: changed } = await withParameters<Upserted>(STATEMENTS[table].upsert, { __ROWS__: JSON.stringify(unique), __LA__: this.laCode }).execute(this.trx);
    const counts = this.changes[table];
    for (const row of changed) {
      if (row.inserted) counts.inserted += 1;
      else counts.updated += 1;
      ids.set(keyOf(row), row.id);
    }
    counts.unchanged += unique.length - changed.length;
    if (needIds && changed.length < unique.length) {
      const spec: TableSpec = SPECS[table];
      const keys = unique.filter((row) => !ids.has(keyOf(row))).map((row) => Object.fromEntries(spec.keys.map((c) => [c.name, row[c.name]])));
      const { rows: found } = await withParameters<Upserted>(STATEMENTS[table].ids, { __ROWS__: JSON.stringify(keys), __LA__: this.laCode }).execute(this.trx);
      for (const row of found) ids.set(keyOf(row), row.id);
    }
    return ids;
  }

  /** Writes one batch of children and everything in their episodes. */
  async write(children: CinChild[]): Promise<void> {
    const childRows: Row[] = [];
    for (const child of children) {
      const id = clean(child.identifiers.laChildId);
      if (id === null) {
        this.note(this.skipped, 'child without an LAchildID (with its episodes)');
        continue;
      }
      const i = child.identifiers;
      const upnUnknown = clean(i.upnUnknown);
      if (upnUnknown !== null && !UPN_UNKNOWN.test(upnUnknown)) this.note(this.dropped, 'UPNunknown not a UN code');
      childRows.push({
        la_child_id: id,
        upn: clean(i.upn),
        former_upn: clean(i.formerUpn),
        upn_unknown: upnUnknown !== null && UPN_UNKNOWN.test(upnUnknown) ? upnUnknown : null,
        date_of_birth: i.personBirthDate ?? null,
        expected_date_of_birth: i.expectedPersonBirthDate ?? null,
        sex: sexOf(child),
        date_of_death: i.personDeathDate ?? null,
        ethnicity: clean(child.characteristics.ethnicity),
        disabilities: distinctCodes(child.characteristics.disabilities),
      });
    }
    const childIds = await this.upsert('child', childRows, (r) => String(r.la_child_id), true);

    // Episodes, by child and referral date.
    const episodeRows: Row[] = [];
    for (const child of children) {
      const childId = childIds.get(clean(child.identifiers.laChildId) ?? '');
      if (childId === undefined) continue;
      for (const e of child.cinDetails) {
        if (e.cinReferralDate === undefined) {
          this.note(this.skipped, 'episode without a CINreferralDate (with its assessments, plans and enquiries)');
          continue;
        }
        let closure = e.cinClosureDate ?? null;
        if (closure !== null && closure < e.cinReferralDate) {
          this.note(this.dropped, 'CINclosureDate before CINreferralDate');
          closure = null;
        }
        episodeRows.push({
          child_id: childId,
          referral_date: e.cinReferralDate,
          referral_source: clean(e.referralSource),
          primary_need: clean(e.primaryNeedCode),
          // Missing or unreadable is not NFA (rule 8869 etc. report it).
          referral_nfa: yesNo(e.referralNfa) ?? false,
          closure_date: closure,
          closure_reason: clean(e.reasonForClosure),
          episode_icpc_date: e.dateOfInitialCpc ?? null,
        });
      }
    }
    const episodeKey = (r: Row): string => `${String(r.child_id)}|${String(r.referral_date)}`;
    const episodeIds = await this.upsert('cin_episode', episodeRows, episodeKey, true);

    const assessments: Row[] = [];
    const cinPlans: Row[] = [];
    const enquiries: Row[] = [];
    const plans: Row[] = [];
    const reviewsByPlan = new Map<string, string[]>();
    for (const child of children) {
      const childId = childIds.get(clean(child.identifiers.laChildId) ?? '');
      if (childId === undefined) continue;
      for (const e of child.cinDetails) {
        if (e.cinReferralDate === undefined) continue;
        const episodeId = episodeIds.get(`${childId}|${e.cinReferralDate}`);
        if (episodeId === undefined) continue;
        for (const a of e.assessments) {
          if (a.assessmentActualStartDate === undefined) {
            this.note(this.skipped, 'assessment without an AssessmentActualStartDate');
            continue;
          }
          assessments.push({
            episode_id: episodeId,
            start_date: a.assessmentActualStartDate,
            child_id: childId,
            authorisation_date: a.assessmentAuthorisationDate ?? null,
            factors: distinctCodes(a.assessmentFactors),
          });
        }
        for (const p of e.cinPlanDates) {
          if (p.cinPlanStartDate === undefined) {
            this.note(this.skipped, 'CIN plan without a CINPlanStartDate');
            continue;
          }
          cinPlans.push({ episode_id: episodeId, start_date: p.cinPlanStartDate, child_id: childId, end_date: p.cinPlanEndDate ?? null });
        }
        for (const s of e.section47) {
          if (s.s47ActualStartDate === undefined) {
            this.note(this.skipped, 'Section 47 enquiry without an S47ActualStartDate');
            continue;
          }
          enquiries.push({
            episode_id: episodeId,
            start_date: s.s47ActualStartDate,
            child_id: childId,
            icpc_target_date: s.initialCpcTarget ?? null,
            icpc_date: s.dateOfInitialCpc ?? null,
            icpc_not_required: yesNo(s.icpcNotRequired) ?? false,
          });
        }
        for (const p of e.childProtectionPlans) {
          if (p.cppStartDate === undefined) {
            this.note(this.skipped, 'child protection plan without a CPPstartDate');
            continue;
          }
          let end = p.cppEndDate ?? null;
          if (end !== null && end < p.cppStartDate) {
            this.note(this.dropped, 'CPPendDate before CPPstartDate');
            end = null;
          }
          const previous = clean(p.numberOfPreviousCpp);
          if (previous !== null && !/^\d{1,6}$/.test(previous)) this.note(this.dropped, 'NumberOfPreviousCPP not a whole number');
          plans.push({
            episode_id: episodeId,
            start_date: p.cppStartDate,
            child_id: childId,
            end_date: end,
            initial_category: clean(p.initialCategoryOfAbuse),
            latest_category: clean(p.latestCategoryOfAbuse),
            previous_plans: previous !== null && /^\d{1,6}$/.test(previous) ? Number(previous) : null,
          });
          const dates = (p.reviews?.cppReviewDates ?? []).filter((d): d is string => d !== undefined);
          const planKey = `${episodeId}|${p.cppStartDate}`;
          reviewsByPlan.set(planKey, [...(reviewsByPlan.get(planKey) ?? []), ...dates]);
        }
      }
    }
    const byStart = (r: Row): string => `${String(r.episode_id)}|${String(r.start_date)}`;
    await this.upsert('assessment', assessments, byStart);
    await this.upsert('cin_plan', cinPlans, byStart);
    await this.upsert('s47_enquiry', enquiries, byStart);
    const planIds = await this.upsert('cp_plan', plans, byStart, true);

    const reviews: Row[] = [];
    for (const [planKey, dates] of reviewsByPlan) {
      const planId = planIds.get(planKey);
      if (planId === undefined) continue;
      for (const date of new Set(dates)) reviews.push({ plan_id: planId, review_date: date });
    }
    if (reviews.length > 0) {
      const { rows } = await sql<{ inserted: number }>`
        WITH ins AS (
          INSERT INTO cp_review (la_code, plan_id, review_date)
          SELECT ${this.laCode}, r.plan_id, r.review_date FROM jsonb_to_recordset(${JSON.stringify(reviews)}::jsonb) AS r(plan_id uuid, review_date date)
          ON CONFLICT DO NOTHING RETURNING 1
        ) SELECT count(*)::int AS inserted FROM ins`.execute(this.trx);
      const inserted = rows[0]?.inserted ?? 0;
      this.changes.cp_review.inserted += inserted;
      this.changes.cp_review.unchanged += reviews.length - inserted;
    }
  }
}

/**
 * Imports a CIN census file into the partnership's journey tables: all or nothing, one
 * transaction; records an import run (changes and findings per rule) and an audit event; then
 * refreshes the planner's statistics of the tables it wrote.
 * @throws CinParseError when the file is not a readable CIN census from 2023-24 on (nothing is written).
 */
export async function importCinCensus(db: Kysely<Database>, laCode: string, filePath: string, options: CinImportOptions = {}): Promise<CinImportResult> {
  const started = performance.now();
  const startedAt = new Date();
  const file = options.fileName ?? path.basename(filePath);
  const batchSize = options.batchSize ?? 5000;
  const sha256 = await fingerprint(filePath).catch(() => {
    throw new CinParseError(file, 0, 'the file cannot be read', 'a readable CIN census XML file');
  });
  const census = await openCinCensus(filePath, { fileName: file });
  const year = censusYearOf(census.header, file);
  const validator = new CinReturnValidator(census.header);

  const outcome = await db.transaction().execute(async (trx) => {
    await trx.insertInto('partnership').values({ la_code: laCode, name: `Local authority ${laCode}` }).onConflict((oc) => oc.doNothing()).execute();
    const writer = new CinImportWriter(trx, laCode);
    let batch: CinChild[] = [];
    let children = 0;
    // The previous batch's write runs while the next batch is parsed.
    let writing: Promise<void> = Promise.resolve();
    const flush = async (): Promise<void> => {
      const full = batch;
      batch = [];
      await writing;
      writing = writer.write(full).then(() => options.onProgress?.(children));
      // Surface a failed write at once rather than after the next batch.
      writing.catch(() => undefined);
    };
    for await (const child of census.children) {
      validator.add(child);
      batch.push(child);
      children += 1;
      if (batch.length >= batchSize) await flush();
    }
    if (batch.length > 0) await flush();
    await writing;

    const { issues } = validator.finish();
    const findings: Record<string, number> = {};
    for (const issue of issues) findings[issue.rule] = (findings[issue.rule] ?? 0) + 1;
    const errors = issues.filter((i) => i.type === 'error').length;
    const runId = await recordImportRun(trx, laCode, {
      kind: 'cin-census',
      source: file,
      sha256,
      year,
      startedAt,
      userId: options.userId ?? null,
      changes: writer.changes,
      findings,
    });
    await recordAudit(trx, {
      laCode,
      actor: null,
      action: 'returns.import',
      recordType: 'import_run',
      recordId: runId,
      purpose: 'CIN census import',
      outcome: 'succeeded',
      detail: { kind: 'cin-census', source: file, sha256, year, children, changes: writer.changes },
    });
    return { children, changes: writer.changes, skipped: writer.skipped, dropped: writer.dropped, findings, errors, queries: issues.length - errors, runId };
  });

  // PGlite never analyses by itself; without fresh statistics the KPI queries choose poor plans.
  await sql`VACUUM ANALYZE child, cin_episode, assessment, cin_plan, s47_enquiry, cp_plan, cp_review`.execute(db);
  return {
    file,
    year,
    ...outcome,
    parseWarnings: census.warnings.length + census.moreWarnings(),
    seconds: (performance.now() - started) / 1000,
  };
}
