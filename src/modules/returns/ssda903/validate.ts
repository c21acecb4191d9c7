/**
 * Validates an SSDA903 return against the DfE's rules for its collection year, from a directory
 * of CSV files or from a return held in memory (Haven's own records before export).
 *
 * The rules are those of the open validators' rule list (rules/catalogue.ts), each implemented in
 * rules/ to find what data-to-insight's validator finds; see rules/*.ts for each rule's reading.
 */
import { performance } from 'node:perf_hooks';
import { readSsda903Directory } from './read.ts';
import { TABLES, type Finding, type Issue, type Ssda903Return, type TableName } from './model.ts';
import { loadPostcodeLookup, postcodeKey, type PostcodeLookup } from './postcodes.ts';
import { RuleContext, type Need, type ProviderInfo } from './rules/engine.ts';
import { rulesFor } from './rules/index.ts';

export type ValidateOptions = {
  /** The collection year, 'YYYY-YY' ('2025-26'). */
  collectionYear: string;
  /** The responsible LA's GSS code (E09000014 for DfE LA 309), for placement location rules. */
  laGss?: string;
  /** Derived placement facts come from here; rules needing them are skipped without it. */
  postcodes?: PostcodeLookup;
  /** Ofsted's children's homes and social care providers lists by URN; URN rules are skipped without it. */
  providers?: ReadonlyMap<string, ProviderInfo>;
  /** Run only these rules (codes); all of the year's rules when absent. */
  only?: readonly string[];
  /** The rule set to run (its collection year), when not the collection year's own: a year still under way runs the latest rules Haven has. */
  rulesYear?: string;
};

export type DirectoryOptions = Omit<ValidateOptions, 'postcodes'> & {
  /** Last year's files, for the rules that compare years. */
  previousDir?: string;
  /** A postcode lookup file (see postcodes.ts); defaults to HAVEN_POSTCODES_FILE. */
  postcodesFile?: string;
};

/** A rule that did not run, and why. */
export type SkippedRule = { rule: string; reason: string };

export type ValidationResult = {
  /** One issue per rule and child, in rule-list order. */
  issues: Issue[];
  /** Distinct children in the return (any file). */
  children: number;
  /** Episodes in episodes.csv. */
  episodes: number;
  /** Seconds taken (reading included, for a directory). */
  seconds: number;
  /** Every failing row, located. */
  findings: Finding[];
  skipped: SkippedRule[];
};

function reasonFor(need: Need): string {
  if (need === 'postcodes') return 'needs a postcode lookup (set HAVEN_POSTCODES_FILE)';
  if (need === 'providers') return 'needs Ofsted\u2019s children\u2019s homes and social care providers lists';
  if (need.startsWith('last:')) return `needs last year\u2019s ${TABLES[need.slice(5) as TableName].file}`;
  return `needs ${TABLES[need as TableName].file}`;
}

/**
 * Validates a return held in memory.
 * @throws Error when there is no rule set for the collection year.
 */
export function validateSsda903Return(ret: Ssda903Return, options: ValidateOptions): ValidationResult {
  const started = performance.now();
  const only = options.only ? new Set(options.only) : null;
  const all = rulesFor(options.rulesYear ?? options.collectionYear);
  const rules = only ? all.filter((rule) => only.has(rule.code)) : all;
  const context = new RuleContext(ret, options);
  const skipped: SkippedRule[] = [];
  for (const rule of rules) {
    const unmet = rule.needs.find((need) => !context.has(need));
    if (unmet !== undefined) {
      skipped.push({ rule: rule.code, reason: reasonFor(unmet) });
      continue;
    }
    context.code = rule.code;
    rule.run(context);
  }

  // One issue per (rule, child), in rule-list order then child order of first finding.
  const seen = new Set<string>();
  const issues: Issue[] = [];
  const byCode = new Map(rules.map((rule) => [rule.code, rule]));
  for (const finding of context.findings) {
    const key = `${finding.rule}\u0000${finding.child}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const rule = byCode.get(finding.rule);
    if (!rule) continue;
    issues.push({ rule: rule.code, child: finding.child, fields: [...rule.fields], message: rule.message, type: rule.type });
  }

  const children = new Set<string>();
  for (const table of Object.keys(TABLES) as TableName[]) for (const row of ret.current[table] ?? []) if (row.CHILD !== null) children.add(row.CHILD);
  return {
    issues,
    children: children.size,
    episodes: ret.current.episodes?.length ?? 0,
    seconds: (performance.now() - started) / 1000,
    findings: context.findings,
    skipped,
  };
}

/**
 * Reads and validates a directory of SSDA903 CSV files (header.csv, episodes.csv, ...).
 * @throws Ssda903ReadError locating any file that cannot be read; Error for an unknown year.
 */
export async function validateSsda903Directory(dir: string, options: DirectoryOptions): Promise<ValidationResult> {
  const started = performance.now();
  const ret = await readSsda903Directory(dir, options.previousDir === undefined ? {} : { previousDir: options.previousDir });
  const postcodesFile = options.postcodesFile ?? process.env.HAVEN_POSTCODES_FILE;
  let postcodes: PostcodeLookup | undefined;
  if (postcodesFile) {
    const wanted = new Set<string>();
    for (const episodes of [ret.current.episodes, ret.previous?.episodes]) {
      for (const e of episodes ?? []) {
        if (e.HOME_POST !== null) wanted.add(postcodeKey(e.HOME_POST));
        if (e.PL_POST !== null) wanted.add(postcodeKey(e.PL_POST));
      }
    }
    postcodes = loadPostcodeLookup(postcodesFile, wanted);
  }
  const result = validateSsda903Return(ret, {
    collectionYear: options.collectionYear,
    ...(options.laGss === undefined ? {} : { laGss: options.laGss }),
    ...(postcodes === undefined ? {} : { postcodes }),
    ...(options.providers === undefined ? {} : { providers: options.providers }),
    ...(options.only === undefined ? {} : { only: options.only }),
  });
  return { ...result, seconds: (performance.now() - started) / 1000 };
}
