/**
 * Validates a CIN census against the 2025-26 rule list in one pass over the children: each child's
 * rules run as it arrives and the child is let go; rules across children keep only small indexes
 * (the LAchildIDs and UPNs seen, a few counts).
 *
 * Findings are one per rule and child (a child who breaks a rule in three episodes is told once),
 * in the shape `haven validate --json` prints; return-level findings, with an empty `child`, come
 * first.
 */
import { performance } from 'node:perf_hooks';
import { censusContext, type CensusContext } from './census-period.ts';
import type { CinChild, CinDetails, CinHeader } from './model.ts';
import { readCinCensus, type CinParseOptions, type CinParseWarning } from './parse.ts';
import { CIN_RULES_2025_26 } from './rules/index.ts';
import type {
  AssessmentRule,
  ChildRule,
  CinIssue,
  CinPlanRule,
  CinRule,
  CinRuleMeta,
  EpisodeRule,
  ProtectionPlanRule,
  ReturnRule,
  ReturnTally,
  Section47Rule,
  UniqueRule,
} from './rules/types.ts';

export type CinValidation = {
  issues: CinIssue[];
  /** Children validated. */
  children: number;
};

function issueOf(rule: CinRuleMeta, child: string): CinIssue {
  return { rule: rule.code, child, fields: [...rule.fields], message: rule.message, type: rule.type };
}

const childIdOf = (child: CinChild): string => child.identifiers.laChildId ?? '';

/** Values of a `unique` rule seen so far: the first child with each, or null once that child is reported. */
type UniqueIndex = { rule: UniqueRule; firstChild: Map<string, string | null> };

/** A rule and its place in the rule list, which indexes {@link CinReturnValidator} bookkeeping. */
type Slot<R> = { rule: R; index: number };

type ItemCheck<T> = { code: string; check(item: T, episode: CinDetails, child: CinChild, census: CensusContext): boolean };

/**
 * The validator for one return: make it with the header, {@link CinReturnValidator.add} each child,
 * then {@link CinReturnValidator.finish}. It walks each child once, asking each rule about the
 * elements it is about, and stops asking a rule about a child once the child has broken it.
 */
export class CinReturnValidator {
  readonly census: CensusContext;
  private readonly childRules: Slot<ChildRule>[];
  private readonly episodeRules: Slot<EpisodeRule>[];
  private readonly assessmentRules: Slot<AssessmentRule>[];
  private readonly section47Rules: Slot<Section47Rule>[];
  private readonly protectionPlanRules: Slot<ProtectionPlanRule>[];
  private readonly cinPlanRules: Slot<CinPlanRule>[];
  private readonly uniqueIndexes: UniqueIndex[];
  private readonly tallies: { rule: ReturnRule; tally: ReturnTally }[];
  private readonly childIssues: CinIssue[] = [];
  private readonly reported = new Set<string>();
  /** For each rule (by index), the number of the last child that broke it. */
  private readonly brokenBy: Int32Array;
  private count = 0;

  constructor(header: CinHeader, rules: readonly CinRule[] = CIN_RULES_2025_26) {
    this.census = censusContext(header);
    this.brokenBy = new Int32Array(rules.length).fill(-1);
    const of = <S extends CinRule['scope']>(scope: S): Slot<Extract<CinRule, { scope: S }>>[] =>
      rules.flatMap((rule, index) => (rule.scope === scope ? [{ rule: rule as Extract<CinRule, { scope: S }>, index }] : []));
    this.childRules = of('child');
    this.episodeRules = of('episode');
    this.assessmentRules = of('assessment');
    this.section47Rules = of('section47');
    this.protectionPlanRules = of('protectionPlan');
    this.cinPlanRules = of('cinPlan');
    this.uniqueIndexes = of('unique').map(({ rule }) => ({ rule, firstChild: new Map() }));
    this.tallies = of('return').map(({ rule }) => ({ rule, tally: rule.start(this.census) }));
  }

  add(child: CinChild): void {
    this.count += 1;
    const id = childIdOf(child);
    const census = this.census;
    for (const { rule, index } of this.childRules) {
      if (rule.check(child, census)) this.report(rule, id, index);
    }
    for (const episode of child.cinDetails) {
      for (const { rule, index } of this.episodeRules) {
        if (this.brokenBy[index] !== this.count && rule.check(episode, child, census)) this.report(rule, id, index);
      }
      this.checkItems(this.assessmentRules, episode.assessments, episode, child, id);
      this.checkItems(this.section47Rules, episode.section47, episode, child, id);
      this.checkItems(this.protectionPlanRules, episode.childProtectionPlans, episode, child, id);
      this.checkItems(this.cinPlanRules, episode.cinPlanDates, episode, child, id);
    }
    for (const { rule, firstChild } of this.uniqueIndexes) {
      const key = rule.key(child);
      if (key === undefined) continue;
      const first = firstChild.get(key);
      if (first === undefined) {
        firstChild.set(key, id);
        continue;
      }
      if (first !== null) {
        this.report(rule, first);
        firstChild.set(key, null);
      }
      this.report(rule, id);
    }
    for (const { tally } of this.tallies) tally.add(child);
  }

  private checkItems<T>(slots: readonly Slot<ItemCheck<T> & CinRuleMeta>[], items: readonly T[], episode: CinDetails, child: CinChild, id: string): void {
    if (items.length === 0) return;
    for (const { rule, index } of slots) {
      if (this.brokenBy[index] === this.count) continue;
      for (const item of items) {
        if (rule.check(item, episode, child, this.census)) {
          this.report(rule, id, index);
          break;
        }
      }
    }
  }

  /** The findings, return-level first, then by child in file order. */
  finish(): CinValidation {
    const returnIssues = this.tallies.filter(({ tally }) => tally.fails()).map(({ rule }) => issueOf(rule, ''));
    return { issues: [...returnIssues, ...this.childIssues], children: this.count };
  }

  private report(rule: CinRuleMeta, child: string, index?: number): void {
    if (index !== undefined) this.brokenBy[index] = this.count;
    const key = `${rule.code}\u0000${child}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.childIssues.push(issueOf(rule, child));
  }
}

/**
 * Validates children held in memory, for example Haven's own records shaped as a census.
 * @param header the return's header; its <ReferenceDate> fixes the census period.
 */
export function validateCinChildren(header: CinHeader, children: Iterable<CinChild>): CinValidation {
  const validator = new CinReturnValidator(header);
  for (const child of children) validator.add(child);
  return validator.finish();
}

export type CinCensusValidation = CinValidation & {
  seconds: number;
  /** What the parser let through but noted (dates not written YYYY-MM-DD, stray text). */
  warnings: CinParseWarning[];
};

/**
 * Reads and validates a CIN census file, streaming.
 * @throws CinParseError when the file is not a readable CIN census (naming the line and element).
 */
export async function validateCinCensus(path: string, options: CinParseOptions = {}): Promise<CinCensusValidation> {
  const started = performance.now();
  let validator: CinReturnValidator | undefined;
  const { warnings } = await readCinCensus(
    path,
    {
      header: (header) => (validator = new CinReturnValidator(header)),
      // The parser refuses <Children> before <Header>, so there is always a validator here.
      child: (child) => validator?.add(child),
    },
    options,
  );
  if (validator === undefined) throw new Error(`${path}: read without a header`);
  const { issues, children } = validator.finish();
  return { issues, children, seconds: (performance.now() - started) / 1000, warnings };
}
