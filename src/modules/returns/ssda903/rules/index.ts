/**
 * The rule sets by collection year: each year's rule list (catalogue) and the implementations of
 * its rules, one per code.
 */
import type { RuleInfo } from '../model.ts';
import { adoptionRules } from './adoption.ts';
import { CATALOGUE_2025_26 } from './catalogue.ts';
import type { RuleDef } from './engine.ts';
import { episodeHeaderRules } from './episodes-header.ts';
import { episodeSequenceRules } from './episode-sequence.ts';
import { episodeRules } from './episodes.ts';
import { headerRules } from './header.ts';
import { integrityRules } from './integrity.ts';
import { outcomeRules } from './outcomes.ts';
import { permanenceRules } from './permanence.ts';
import { placementRules } from './placements.ts';
import { previousYearRules } from './previous-year.ts';
import { reviewAndMissingRules } from './reviews-missing.ts';
import { socialWorkerRules } from './social-workers.ts';
import { uascRules } from './uasc.ts';

/** A rule ready to run: its metadata from the rule list and its implementation. */
export type Rule = RuleInfo & Pick<RuleDef, 'needs' | 'run'>;

/** The implementations of the 2025-26 rules, grouped as in `rules/`. */
export const RULES_2025_26: readonly RuleDef[] = [
  ...headerRules,
  ...uascRules,
  ...episodeRules,
  ...episodeSequenceRules,
  ...episodeHeaderRules,
  ...placementRules,
  ...adoptionRules,
  ...outcomeRules,
  ...reviewAndMissingRules,
  ...permanenceRules,
  ...socialWorkerRules,
  ...previousYearRules,
  ...integrityRules,
];

/**
 * Joins a rule list with implementations, in the list's order.
 * @throws Error naming the codes when a listed rule has no implementation, or the reverse, or one has two.
 */
export function buildRuleSet(catalogue: readonly RuleInfo[], implementations: readonly RuleDef[]): Rule[] {
  const byCode = new Map<string, RuleDef>();
  const duplicated: string[] = [];
  for (const impl of implementations) {
    if (byCode.has(impl.code)) duplicated.push(impl.code);
    byCode.set(impl.code, impl);
  }
  const listed = new Set(catalogue.map((info) => info.code));
  const missing = catalogue.filter((info) => !byCode.has(info.code)).map((info) => info.code);
  const unlisted = implementations.filter((impl) => !listed.has(impl.code)).map((impl) => impl.code);
  if (missing.length + unlisted.length + duplicated.length > 0) {
    throw new Error(
      `SSDA903 rule set mismatch: not implemented [${missing.join(', ')}], not in the rule list [${unlisted.join(', ')}], implemented twice [${duplicated.join(', ')}]`,
    );
  }
  return catalogue.map((info) => {
    const impl = byCode.get(info.code) as RuleDef;
    return { ...info, needs: impl.needs, run: impl.run };
  });
}

const RULE_SETS: Record<string, () => Rule[]> = {
  '2025-26': () => buildRuleSet(CATALOGUE_2025_26, RULES_2025_26),
};
const built = new Map<string, Rule[]>();

/** The collection years Haven has SSDA903 rule sets for, oldest first. */
export const SSDA903_RULE_YEARS: readonly string[] = Object.keys(RULE_SETS).sort();

/**
 * The rules of a collection year ('2025-26').
 * @throws Error when Haven has no rule set for that year.
 */
export function rulesFor(collectionYear: string): Rule[] {
  const make = RULE_SETS[collectionYear];
  if (!make) throw new Error(`No SSDA903 rule set for ${collectionYear}; Haven has ${Object.keys(RULE_SETS).join(', ')}`);
  let rules = built.get(collectionYear);
  if (!rules) {
    rules = make();
    built.set(collectionYear, rules);
  }
  return rules;
}
