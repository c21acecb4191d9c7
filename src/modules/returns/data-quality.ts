/**
 * The data-quality check: the CIN census rules run over Haven's own records for a year (the
 * census Haven would export), counted per rule with the children who break each, and the trend
 * in findings between the last two census imports.
 */
import { runInWorker } from '../../core/jobs.ts';
import type { Kysely } from '../../core/db/kysely.ts';
import type { Database } from '../../core/db/schema.ts';
import type { CinChild } from './cin/model.ts';
import type { CinIssue } from './cin/rules/index.ts';
import { censusChildrenFromRecords, exportHeader } from './cin/export.ts';
import { findingsTrend, listImportRuns } from './import-runs.ts';

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

export type DataQualityReport = {
  year: string;
  children: number;
  errors: number;
  queries: number;
  rules: RuleFindings[];
  /** Findings per rule in the latest census import against the one before (null with fewer than two). */
  trend: { latest: { source: string; finishedAt: Date }; previous: { source: string; finishedAt: Date }; rows: ReturnType<typeof findingsTrend> } | null;
};

/** Runs the CIN census rules over the partnership's records for a reporting year. */
export async function dataQualityReport(db: Kysely<Database>, laCode: string, year: string): Promise<DataQualityReport> {
  const header = exportHeader(laCode, year);
  const children: CinChild[] = [];
  const recordOf = new Map<string, string>();
  for await (const { recordId, child } of censusChildrenFromRecords(db, laCode, year)) {
    children.push(child);
    recordOf.set(child.identifiers.laChildId ?? '', recordId);
  }
  const issues = await runInWorker<{ header: typeof header; children: CinChild[] }, CinIssue[]>(new URL('./cin/validate-worker.ts', import.meta.url), { header, children });

  const byRule = new Map<string, RuleFindings>();
  for (const issue of issues) {
    let entry = byRule.get(issue.rule);
    if (!entry) {
      entry = { rule: issue.rule, type: issue.type, message: issue.message, fields: issue.fields, count: 0, children: [] };
      byRule.set(issue.rule, entry);
    }
    entry.count += 1;
    if (issue.child && entry.children.length < CHILDREN_SHOWN) entry.children.push({ laChildId: issue.child, recordId: recordOf.get(issue.child) ?? null });
  }
  const rules = [...byRule.values()].sort((a, b) => (a.type === b.type ? b.count - a.count || a.rule.localeCompare(b.rule) : a.type === 'error' ? -1 : 1));

  const [latest, previous] = await listImportRuns(db, laCode, 'cin-census', 2);
  const trend = latest && previous
    ? { latest: { source: latest.source, finishedAt: latest.finishedAt }, previous: { source: previous.source, finishedAt: previous.finishedAt }, rows: findingsTrend(latest.findings, previous.findings) }
    : null;
  const errors = issues.filter((i) => i.type === 'error').length;
  return { year, children: children.length, errors, queries: issues.length - errors, rules, trend };
}
