/**
 * Every rule of the 2025-26 CIN census rule list, by module. The 2025-26 list applies to returns
 * from 2023-24 on: it is the 2022-23 list with the changes of 2023-24 (1530) and 2024-25 (1570,
 * 1580, 2886Q, 4180, 8750, 8770Q, 8945Q, 8950Q: chiefly <Sex> in place of <GenderCurrent>), as each
 * rule's `lastChangedIn` records.
 */
import { assessmentRules } from './assessments.ts';
import { characteristicsRules } from './characteristics.ts';
import { childIdentifierRules } from './child-identifiers.ts';
import { childProtectionPlanRules } from './child-protection-plans.ts';
import { cinDetailsRules } from './cin-details.ts';
import { cinPlanRules } from './cin-plans.ts';
import { headerRules } from './header.ts';
import { section47Rules } from './section-47.ts';
import type { CinRule } from './types.ts';

export type { CinIssue, CinRule, CinRuleMeta, CinRuleModule, ChildRule, ReturnRule, UniqueRule } from './types.ts';

export const CIN_RULES_2025_26: readonly CinRule[] = [
  ...headerRules,
  ...childIdentifierRules,
  ...characteristicsRules,
  ...cinDetailsRules,
  ...assessmentRules,
  ...section47Rules,
  ...childProtectionPlanRules,
  ...cinPlanRules,
];

/** The rules keyed by code ("8606", "1560Q"). */
export const CIN_RULES_BY_CODE: ReadonlyMap<string, CinRule> = new Map(CIN_RULES_2025_26.map((rule) => [rule.code, rule]));
