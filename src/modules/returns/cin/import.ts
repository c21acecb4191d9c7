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
 * Updating never erases: a value the file leaves out keeps what Haven holds, a value the file gives
 * replaces it. A census older than one already imported (last year's loaded after this year's) only
 * fills what Haven does not hold: it adds its own records but changes no value, so it neither reopens
 * a closed episode nor puts back a code since corrected.
 * The same file twice therefore changes nothing, and each table reports inserted, updated and
 * unchanged rows.
 *
 * Children are written in batches through merge.ts (a look-up, a plain insert of the new rows, an
 * update of the changed ones; the rows under a child inserted by the batch are not looked up): the
 * file is never held whole, and the next batch is parsed while the database writes the previous
 * one (PGlite runs on its own thread). References are made from ids this import holds, so the
 * load skips the per-row foreign-key checks where the database allows (core/db/bulk-load.ts).
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { recordAudit } from '../../../core/audit.ts';
import { withoutReferenceChecks } from '../../../core/db/bulk-load.ts';
import { sql, type Kysely, type Transaction } from '../../../core/db/kysely.ts';
import type { Database } from '../../../core/db/schema.ts';
import { fingerprint, laterImportYear, recordImportRun, type TableChanges } from '../import-runs.ts';
import { fillOnly, heldInFile, startPartnershipImport, TableMerge, type MergeColumn, type MergeRow, type MergeSpec, type SqlType } from '../merge.ts';
import type { CinChild, CinHeader } from './model.ts';
import { yesNo } from './model.ts';
import { CinParseError, openCinCensus } from './parse.ts';
import { CinReturnValidator } from './validate.ts';

/** The tables a census import writes, in the order it writes them. */
export const CIN_IMPORT_TABLES = ['child', 'cin_episode', 'assessment', 'cin_plan', 's47_enquiry', 'cp_plan', 'cp_review', 'pre_proceedings'] as const;
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
  /** The latest later census already imported, when this one is older: it then only filled what Haven did not hold. */
  newerYear: string | null;
  /** Episodes open in the census year that Haven holds for the file's children and the file lacks (kept, and counted here). */
  notInFile: number;
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

/**
 * Refuses a census of another local authority: `<LEA>` names the council whose children it holds,
 * and loading them into this partnership would mix two councils' records. A census without an LEA
 * (a file from a system that leaves it out) loads into the partnership given.
 */
export function checkCensusLea(header: CinHeader, laCode: string, file: string): void {
  const lea = header.lea?.trim() ?? '';
  if (lea === '' || lea === laCode) return;
  throw new CinParseError(
    file,
    header.line ?? 1,
    `the census is local authority ${lea}'s`,
    `a census of partnership ${laCode}'s children (<LEA> ${laCode}); to load this one into partnership ${lea}, run the import with --la ${lea}`,
    'LEA',
    lea,
  );
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

const coalesce = (type: SqlType = 'text'): MergeColumn => ({ type, merge: 'coalesce' });

const SPECS = {
  child: {
    table: 'child',
    id: true,
    keys: { la_child_id: 'text' },
    columns: {
      upn: coalesce(),
      former_upn: coalesce(),
      upn_unknown: coalesce(),
      date_of_birth: coalesce('date'),
      expected_date_of_birth: coalesce('date'),
      sex: coalesce(),
      date_of_death: coalesce('date'),
      ethnicity: coalesce(),
      disabilities: { type: 'text[]', merge: 'nonempty' },
    },
    touch: 'updated_at',
  },
  cin_episode: {
    table: 'cin_episode',
    id: true,
    keys: { child_id: 'uuid', referral_date: 'date' },
    columns: {
      referral_source: coalesce(),
      primary_need: coalesce(),
      referral_nfa: coalesce('boolean'),
      closure_date: coalesce('date'),
      closure_reason: coalesce(),
      episode_icpc_date: coalesce('date'),
    },
  },
  assessment: {
    table: 'assessment',
    id: true,
    keys: { episode_id: 'uuid', start_date: 'date' },
    columns: {
      child_id: coalesce('uuid'),
      internal_review_date: coalesce('date'),
      authorisation_date: coalesce('date'),
      factors: { type: 'text[]', merge: 'nonempty' },
    },
  },
  cin_plan: {
    table: 'cin_plan',
    id: true,
    keys: { episode_id: 'uuid', start_date: 'date' },
    columns: { child_id: coalesce('uuid'), end_date: coalesce('date') },
  },
  s47_enquiry: {
    table: 's47_enquiry',
    id: true,
    keys: { episode_id: 'uuid', start_date: 'date' },
    columns: { child_id: coalesce('uuid'), icpc_target_date: coalesce('date'), icpc_date: coalesce('date'), icpc_not_required: coalesce('boolean') },
  },
  cp_plan: {
    table: 'cp_plan',
    id: true,
    keys: { episode_id: 'uuid', start_date: 'date' },
    columns: {
      child_id: coalesce('uuid'),
      end_date: coalesce('date'),
      initial_category: coalesce(),
      latest_category: coalesce(),
      previous_plans: coalesce('integer'),
    },
  },
  cp_review: { table: 'cp_review', keys: { plan_id: 'uuid', review_date: 'date' }, columns: {} },
  pre_proceedings: {
    table: 'pre_proceedings',
    id: true,
    keys: { episode_id: 'uuid', start_date: 'date' },
    columns: {
      child_id: coalesce('uuid'),
      lbp_sent_date: coalesce('date'),
      fgdm_offered: coalesce(),
      fgdm_facilitated: coalesce(),
      initial_meeting_date: coalesce('date'),
      review_meetings: coalesce(),
      step_decision_date: coalesce('date'),
      outcome: coalesce(),
      court_application_date: coalesce('date'),
      letter_before_cp_date: coalesce('date'),
    },
  },
} satisfies Record<CinImportTable, MergeSpec>;

class CinImportWriter {
  readonly skipped: Record<string, number> = {};
  readonly dropped: Record<string, number> = {};
  private readonly merges: Record<CinImportTable, TableMerge>;

  /** Episodes of the census year Haven holds for the file's children that the file does not have. */
  notInFile = 0;

  /**
   * `period`: the census year (1 April to the reference date), whose episodes are counted when the
   * file lacks them; null for a census older than one already imported, which only fills what
   * Haven does not hold (and is not expected to have the later episodes).
   */
  constructor(
    private readonly trx: Transaction<Database>,
    private readonly laCode: string,
    private readonly period: { start: string; end: string } | null,
  ) {
    this.merges = Object.fromEntries(
      CIN_IMPORT_TABLES.map((table) => [table, new TableMerge(trx, laCode, period === null ? fillOnly(SPECS[table]) : SPECS[table])]),
    ) as Record<CinImportTable, TableMerge>;
  }

  get changes(): Record<CinImportTable, TableChanges> {
    return Object.fromEntries(CIN_IMPORT_TABLES.map((table) => [table, this.merges[table].changes])) as Record<CinImportTable, TableChanges>;
  }

  private note(counts: Record<string, number>, what: string): void {
    counts[what] = (counts[what] ?? 0) + 1;
  }

  /** Merges rows into a table; returns every row's id by its key (for the rows below it). */
  private upsert(table: CinImportTable, rows: MergeRow[], parent?: CinImportTable): Promise<Map<string, string>> {
    return this.merges[table].merge(rows, parent === undefined ? undefined : this.merges[parent].made);
  }

  /**
   * The rows of an episode's items (assessments, plans, enquiries...), each keyed by its start
   * date; an item without one cannot be stored and is counted as skipped.
   */
  private keyedByStart<T>(items: readonly T[], startOf: (item: T) => string | undefined, missing: string, into: MergeRow[], values: (item: T, start: string) => MergeRow): void {
    for (const item of items) {
      const start = startOf(item);
      if (start === undefined) this.note(this.skipped, missing);
      else into.push({ ...values(item, start), start_date: start });
    }
  }

  /**
   * Counts the episodes open in the census year that Haven holds for the batch's children (known
   * before this import) and the file does not have: Haven keeps them (one may be the council's own
   * work in Haven, and plans and visits hang from it), and the summary says how many, since a
   * corrected CINreferralDate leaves the episode of the old date behind.
   */
  private async countNotInFile(period: { start: string; end: string }, childRows: readonly MergeRow[], childIds: ReadonlyMap<string, string>, episodes: readonly MergeRow[]): Promise<void> {
    const made = this.merges.child.made;
    const known = childRows.map((c) => childIds.get(c.la_child_id as string)).filter((id): id is string => id !== undefined && !made.has(id));
    if (known.length === 0) return;
    const inFile = episodes.filter((e) => !made.has(e.child_id as string));
    const held = heldInFile(inFile.map((e) => e.child_id as string), 'referral_date', inFile.map((e) => e.referral_date as string));
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM cin_episode t
      WHERE t.la_code = ${this.laCode} AND t.child_id = ANY(${known}::uuid[])
        AND t.referral_date <= ${period.end} AND (t.closure_date IS NULL OR t.closure_date >= ${period.start}) AND NOT ${held}`.execute(this.trx);
    this.notInFile += rows[0]?.n ?? 0;
  }

  /** Writes one batch of children and everything in their episodes. */
  async write(children: CinChild[]): Promise<void> {
    const childRows: MergeRow[] = [];
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
    const childIds = await this.upsert('child', childRows);

    // Episodes, by child and referral date.
    const episodeRows: MergeRow[] = [];
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
    const episodeIds = await this.upsert('cin_episode', episodeRows, 'child');
    if (this.period !== null) await this.countNotInFile(this.period, childRows, childIds, episodeRows);

    const assessments: MergeRow[] = [];
    const cinPlans: MergeRow[] = [];
    const enquiries: MergeRow[] = [];
    const plans: MergeRow[] = [];
    const preProceedings: MergeRow[] = [];
    const reviewsByPlan = new Map<string, string[]>();
    for (const child of children) {
      const childId = childIds.get(clean(child.identifiers.laChildId) ?? '');
      if (childId === undefined) continue;
      for (const e of child.cinDetails) {
        if (e.cinReferralDate === undefined) continue;
        const episodeId = episodeIds.get(`${childId}\u0000${e.cinReferralDate}`);
        if (episodeId === undefined) continue;
        const under = { episode_id: episodeId, child_id: childId };
        this.keyedByStart(e.assessments, (a) => a.assessmentActualStartDate, 'assessment without an AssessmentActualStartDate', assessments, (a) => ({
          ...under,
          internal_review_date: a.assessmentInternalReviewDate ?? null,
          authorisation_date: a.assessmentAuthorisationDate ?? null,
          factors: distinctCodes(a.assessmentFactors),
        }));
        this.keyedByStart(e.cinPlanDates, (p) => p.cinPlanStartDate, 'CIN plan without a CINPlanStartDate', cinPlans, (p) => ({ ...under, end_date: p.cinPlanEndDate ?? null }));
        this.keyedByStart(e.section47, (s) => s.s47ActualStartDate, 'Section 47 enquiry without an S47ActualStartDate', enquiries, (s) => ({
          ...under,
          icpc_target_date: s.initialCpcTarget ?? null,
          icpc_date: s.dateOfInitialCpc ?? null,
          icpc_not_required: yesNo(s.icpcNotRequired) ?? false,
        }));
        this.keyedByStart(e.preProceedings, (pp) => pp.ppStartDate, 'pre-proceedings record without a PPStartDate', preProceedings, (pp) => ({
          ...under,
          lbp_sent_date: pp.lbpSentDate ?? null,
          fgdm_offered: clean(pp.fgdmMeetingOffer),
          fgdm_facilitated: clean(pp.fgdmMeetingFac),
          initial_meeting_date: pp.initialPpMeetingDate ?? null,
          review_meetings: clean(pp.reviewMeetingsCount),
          step_decision_date: pp.stepDecisionDate ?? null,
          outcome: clean(pp.ppOutcome),
          court_application_date: pp.courtAppDate ?? null,
          letter_before_cp_date: pp.letterInitCpDate ?? null,
        }));
        this.keyedByStart(e.childProtectionPlans, (p) => p.cppStartDate, 'child protection plan without a CPPstartDate', plans, (p, start) => {
          let end = p.cppEndDate ?? null;
          if (end !== null && end < start) {
            this.note(this.dropped, 'CPPendDate before CPPstartDate');
            end = null;
          }
          const previous = clean(p.numberOfPreviousCpp);
          if (previous !== null && !/^\d{1,6}$/.test(previous)) this.note(this.dropped, 'NumberOfPreviousCPP not a whole number');
          const dates = (p.reviews?.cppReviewDates ?? []).filter((d): d is string => d !== undefined);
          const planKey = `${episodeId}\u0000${start}`;
          reviewsByPlan.set(planKey, [...(reviewsByPlan.get(planKey) ?? []), ...dates]);
          return {
            ...under,
            end_date: end,
            initial_category: clean(p.initialCategoryOfAbuse),
            latest_category: clean(p.latestCategoryOfAbuse),
            previous_plans: previous !== null && /^\d{1,6}$/.test(previous) ? Number(previous) : null,
          };
        });
      }
    }
    await this.upsert('assessment', assessments, 'cin_episode');
    await this.upsert('cin_plan', cinPlans, 'cin_episode');
    await this.upsert('s47_enquiry', enquiries, 'cin_episode');
    const planIds = await this.upsert('cp_plan', plans, 'cin_episode');
    await this.upsert('pre_proceedings', preProceedings, 'cin_episode');

    const reviews: MergeRow[] = [];
    for (const [planKey, dates] of reviewsByPlan) {
      const planId = planIds.get(planKey);
      if (planId === undefined) continue;
      for (const date of new Set(dates)) reviews.push({ plan_id: planId, review_date: date });
    }
    await this.upsert('cp_review', reviews, 'cp_plan');
  }
}

/**
 * Imports a CIN census file into the partnership's journey tables: all or nothing, one
 * transaction; records an import run (changes and findings per rule) and an audit event; then
 * refreshes the planner's statistics of the tables it wrote.
 * @throws CinParseError when the file is not a readable CIN census from 2023-24 on, or is another
 *   local authority's (nothing is written).
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
  checkCensusLea(census.header, laCode, file);
  const validator = new CinReturnValidator(census.header);

  const outcome = await db.transaction().execute(async (trx) => {
    await startPartnershipImport(trx, laCode);
    const newerYear = await laterImportYear(trx, laCode, 'cin-census', year);
    const writer = new CinImportWriter(trx, laCode, newerYear !== null ? null : { start: `${Number(census.header.year) - 1}-04-01`, end: census.header.referenceDate ?? `${census.header.year}-03-31` });
    let batch: CinChild[] = [];
    let children = 0;
    // Every reference is one this import made (bulk-load.ts).
    await withoutReferenceChecks(trx, CIN_IMPORT_TABLES, async () => {
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
        // A turn for the database thread's replies: the write waits on this thread between statements.
        else if (children % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      if (batch.length > 0) await flush();
      await writing;
    });

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
    return { children, changes: writer.changes, skipped: writer.skipped, dropped: writer.dropped, findings, errors, queries: issues.length - errors, runId, newerYear, notInFile: writer.notInFile };
  });

  // PGlite never analyses by itself; without fresh statistics the KPI queries choose poor plans.
  await sql`VACUUM ANALYZE child, cin_episode, assessment, cin_plan, s47_enquiry, cp_plan, cp_review, pre_proceedings`.execute(db);
  return {
    file,
    year,
    ...outcome,
    parseWarnings: census.warnings.length + census.moreWarnings(),
    seconds: (performance.now() - started) / 1000,
  };
}
