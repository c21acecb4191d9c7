/**
 * The data-quality check: the DfE's rules run over Haven's own records for a year, as the returns
 * Haven would send (the CIN census, and the SSDA903 for children looked after), counted per rule
 * with the children who break each, and the trend in findings between the last two imports of each
 * return. Validation runs in worker threads, off the request path.
 */
import { runInWorker } from '../../core/jobs.ts';
import type { Kysely } from '../../core/db/kysely.ts';
import type { Database } from '../../core/db/schema.ts';
import type { CinChild } from './cin/model.ts';
import type { CinIssue } from './cin/rules/index.ts';
import { censusChildrenFromRecords, exportHeader } from './cin/export.ts';
import { findingsTrend, listImportRuns, type ImportKind } from './import-runs.ts';
import { buildSsda903Cells, tablesFromCells } from './ssda903/export.ts';
import type { Issue, Ssda903Tables } from './ssda903/model.ts';
import { SSDA903_RULE_YEARS } from './ssda903/rules/index.ts';

/** Children listed under each rule on the page; the count is always complete. */
const CHILDREN_SHOWN = 50;

export type RuleFindings = {
  rule: string;
  type: 'error' | 'query';
  message: string;
  fields: string[];
  count: number;
  /** The first {@link CHILDREN_SHOWN} children, with their record ids for links. */
  children: { laChildId: string; recordId: string | null }[];
};

type Trend = { latest: { source: string; finishedAt: Date }; previous: { source: string; finishedAt: Date }; rows: ReturnType<typeof findingsTrend> };

/** One return's findings over Haven's records. */
export type ReturnQuality = {
  children: number;
  errors: number;
  queries: number;
  rules: RuleFindings[];
  /** Findings per rule in the latest import of the return against the one before (null with fewer than two). */
  trend: Trend | null;
};

export type DataQualityReport = {
  year: string;
  cin: ReturnQuality;
  /** `rulesYear`: the SSDA903 rule set run (a year still under way runs the latest Haven has). */
  ssda903: ReturnQuality & { rulesYear: string; rulesSkipped: number };
};

/** Issues counted per rule, errors first then by count, each with its first children linked. */
function byRule(issues: readonly (CinIssue | Issue)[], recordOf: ReadonlyMap<string, string>): RuleFindings[] {
  const rules = new Map<string, RuleFindings>();
  for (const issue of issues) {
    let entry = rules.get(issue.rule);
    if (!entry) {
      entry = { rule: issue.rule, type: issue.type, message: issue.message, fields: issue.fields, count: 0, children: [] };
      rules.set(issue.rule, entry);
    }
    entry.count += 1;
    if (issue.child && entry.children.length < CHILDREN_SHOWN) entry.children.push({ laChildId: issue.child, recordId: recordOf.get(issue.child) ?? null });
  }
  return [...rules.values()].sort((a, b) => (a.type === b.type ? b.count - a.count || a.rule.localeCompare(b.rule) : a.type === 'error' ? -1 : 1));
}

async function trendOf(db: Kysely<Database>, laCode: string, kind: ImportKind): Promise<Trend | null> {
  const [latest, previous] = await listImportRuns(db, laCode, kind, 2);
  return latest && previous
    ? { latest: { source: latest.source, finishedAt: latest.finishedAt }, previous: { source: previous.source, finishedAt: previous.finishedAt }, rows: findingsTrend(latest.findings, previous.findings) }
    : null;
}

function quality(children: number, issues: readonly (CinIssue | Issue)[], recordOf: ReadonlyMap<string, string>, trend: Trend | null): ReturnQuality {
  const errors = issues.filter((i) => i.type === 'error').length;
  return { children, errors, queries: issues.length - errors, rules: byRule(issues, recordOf), trend };
}

/** The CIN census rules over the partnership's records for a reporting year. */
async function cinQuality(db: Kysely<Database>, laCode: string, year: string): Promise<ReturnQuality> {
  const header = exportHeader(laCode, year);
  const children: CinChild[] = [];
  const recordOf = new Map<string, string>();
  for await (const { recordId, child } of censusChildrenFromRecords(db, laCode, year)) {
    children.push(child);
    recordOf.set(child.identifiers.laChildId ?? '', recordId);
  }
  const issues = await runInWorker<{ header: typeof header; children: CinChild[] }, CinIssue[]>(new URL('./cin/validate-worker.ts', import.meta.url), { header, children });
  return quality(children.length, issues, recordOf, await trendOf(db, laCode, 'cin-census'));
}

/** The SSDA903 rules over the return Haven would send for the year (the export's records). */
async function ssda903Quality(db: Kysely<Database>, laCode: string, year: string): Promise<DataQualityReport['ssda903']> {
  const tables = tablesFromCells(await buildSsda903Cells(db, laCode, year));
  const rulesYear = SSDA903_RULE_YEARS.includes(year) ? year : (SSDA903_RULE_YEARS.at(-1) as string);
  const { issues, skipped } = await runInWorker<{ tables: Ssda903Tables; collectionYear: string; rulesYear: string }, { issues: Issue[]; skipped: unknown[] }>(
    new URL('./ssda903/validate-worker.ts', import.meta.url),
    { tables, collectionYear: year, rulesYear },
  );
  const named = [...new Set(issues.map((i) => i.child).filter((c) => c !== ''))];
  const records = named.length === 0 ? [] : await db.selectFrom('child').select(['id', 'la_child_id']).where('la_code', '=', laCode).where('la_child_id', 'in', named).execute();
  const recordOf = new Map(records.map((r) => [r.la_child_id, r.id]));
  return { ...quality(tables.header?.length ?? 0, issues, recordOf, await trendOf(db, laCode, 'ssda903')), rulesYear, rulesSkipped: skipped.length };
}

/** Runs the CIN census and SSDA903 rules over the partnership's records for a reporting year. */
export async function dataQualityReport(db: Kysely<Database>, laCode: string, year: string): Promise<DataQualityReport> {
  const [cin, ssda903] = await Promise.all([cinQuality(db, laCode, year), ssda903Quality(db, laCode, year)]);
  return { year, cin, ssda903 };
}
