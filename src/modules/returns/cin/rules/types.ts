/**
 * The shape of a CIN census validation rule. Each rule carries its entry in the DfE rule list
 * (code, message, affected fields, error or query, the collection year it last changed in) and one
 * check, at the level the rule speaks of:
 * - `child`: a predicate over one child's record;
 * - `episode`, `assessment`, `section47`, `protectionPlan`, `cinPlan`: a predicate over one
 *   element of the child's record (given the episode and child it belongs to); the child breaks
 *   the rule when any such element does;
 * - `unique`: a value that must not repeat across the return (LAchildID, UPN);
 * - `return`: a count over the whole return, reported once with no child (the "LA level" rules).
 * Header rules are `return` rules that only read the header.
 * The validator walks each child once and asks each rule about each element it is about.
 */
import type { CensusContext } from '../census-period.ts';
import type { Assessment, ChildProtectionPlan, CinChild, CinDetails, CinPlanDates, Section47 } from '../model.ts';

/** The rule list's module/table column. */
export type CinRuleModule =
  | 'Header'
  | 'ChildIdentifiers'
  | 'ChildCharacteristics'
  | 'Disabilities'
  | 'CINdetails'
  | 'Assessments'
  | 'Section47'
  | 'ChildProtectionPlans'
  | 'Reviews'
  | 'CINplanDates';

/** The rule list's last_changed_in column: the collection year whose version of the rule applies. */
export type CinRuleYear = 'cin2022_23' | 'cin2023_24' | 'cin2024_25';

export type CinRuleMeta = {
  code: string;
  module: CinRuleModule;
  type: 'error' | 'query';
  /** Exactly as in the rule list. */
  message: string;
  /** The rule list's affected_fields, in its order. */
  fields: readonly string[];
  lastChangedIn: CinRuleYear;
};

export type ChildRule = CinRuleMeta & {
  scope: 'child';
  /** True when the child breaks the rule. */
  check(child: CinChild, census: CensusContext): boolean;
};

/** A rule about one episode (`CINdetails`); broken by the child when any episode breaks it. */
export type EpisodeRule = CinRuleMeta & {
  scope: 'episode';
  check(episode: CinDetails, child: CinChild, census: CensusContext): boolean;
};

/** A rule about one item of an episode (an assessment, S47, protection plan or CIN plan). */
type ItemRule<S extends string, T> = CinRuleMeta & {
  scope: S;
  check(item: T, episode: CinDetails, child: CinChild, census: CensusContext): boolean;
};

export type AssessmentRule = ItemRule<'assessment', Assessment>;
export type Section47Rule = ItemRule<'section47', Section47>;
export type ProtectionPlanRule = ItemRule<'protectionPlan', ChildProtectionPlan>;
export type CinPlanRule = ItemRule<'cinPlan', CinPlanDates>;

export type UniqueRule = CinRuleMeta & {
  scope: 'unique';
  /** The value that must be unique across the return, or undefined when the child has none. */
  key(child: CinChild): string | undefined;
};

/** Counts kept over the whole return by a `return` rule. */
export interface ReturnTally {
  add(child: CinChild): void;
  /** True when the return breaks the rule. */
  fails(): boolean;
}

export type ReturnRule = CinRuleMeta & {
  scope: 'return';
  start(census: CensusContext): ReturnTally;
};

export type CinRule = ChildRule | EpisodeRule | AssessmentRule | Section47Rule | ProtectionPlanRule | CinPlanRule | UniqueRule | ReturnRule;

/** One finding, in the shape `haven validate --json` prints. `child` is empty for a return-level rule. */
export type CinIssue = {
  rule: string;
  child: string;
  fields: string[];
  message: string;
  type: 'error' | 'query';
};

type RuleDefinition = {
  code: string;
  message: string;
  fields: readonly string[];
  /** Defaults to the 2022-23 rule set, where most rules were last changed. */
  lastChangedIn?: CinRuleYear;
};

/** Errors and queries follow the rule list's convention: a query's code ends in Q. */
function meta(module: CinRuleModule, definition: RuleDefinition): CinRuleMeta {
  return {
    code: definition.code,
    module,
    type: definition.code.endsWith('Q') ? 'query' : 'error',
    message: definition.message,
    fields: definition.fields,
    lastChangedIn: definition.lastChangedIn ?? 'cin2022_23',
  };
}

export function childRule(module: CinRuleModule, definition: RuleDefinition & Pick<ChildRule, 'check'>): ChildRule {
  return { ...meta(module, definition), scope: 'child', check: definition.check };
}

export function episodeRule(module: CinRuleModule, definition: RuleDefinition & Pick<EpisodeRule, 'check'>): EpisodeRule {
  return { ...meta(module, definition), scope: 'episode', check: definition.check };
}

export function assessmentRule(module: CinRuleModule, definition: RuleDefinition & Pick<AssessmentRule, 'check'>): AssessmentRule {
  return { ...meta(module, definition), scope: 'assessment', check: definition.check };
}

export function section47Rule(module: CinRuleModule, definition: RuleDefinition & Pick<Section47Rule, 'check'>): Section47Rule {
  return { ...meta(module, definition), scope: 'section47', check: definition.check };
}

export function protectionPlanRule(module: CinRuleModule, definition: RuleDefinition & Pick<ProtectionPlanRule, 'check'>): ProtectionPlanRule {
  return { ...meta(module, definition), scope: 'protectionPlan', check: definition.check };
}

export function cinPlanRule(module: CinRuleModule, definition: RuleDefinition & Pick<CinPlanRule, 'check'>): CinPlanRule {
  return { ...meta(module, definition), scope: 'cinPlan', check: definition.check };
}

export function uniqueRule(module: CinRuleModule, definition: RuleDefinition & Pick<UniqueRule, 'key'>): UniqueRule {
  return { ...meta(module, definition), scope: 'unique', key: definition.key };
}

export function returnRule(module: CinRuleModule, definition: RuleDefinition & Pick<ReturnRule, 'start'>): ReturnRule {
  return { ...meta(module, definition), scope: 'return', start: definition.start };
}
