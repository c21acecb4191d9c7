/**
 * The CIN census return (DfE, annual XML): a streaming reader into a typed model, and a validator
 * implementing the 2025-26 rule list.
 */
export type * from './model.ts';
export {
  yesNo,
  withDefaults,
  newCinHeader,
  newCinChild,
  newChildIdentifiers,
  newChildCharacteristics,
  newCinDetails,
  newAssessment,
  newCinPlanDates,
  newSection47,
  newChildProtectionPlan,
  newCppReviews,
  newPreProceedings,
} from './model.ts';
export { openCinCensus, readCinCensus, parseCinCensus, CinParseError, CinCensusParser } from './parse.ts';
export type { CinCensus, CinCensusStream, CinParseHandlers, CinParseOptions, CinParseWarning } from './parse.ts';
export { validateCinCensus, validateCinChildren, CinReturnValidator } from './validate.ts';
export type { CinValidation, CinCensusValidation } from './validate.ts';
export { CIN_RULES_2025_26, CIN_RULES_BY_CODE } from './rules/index.ts';
export type { CinIssue, CinRule, CinRuleMeta, CinRuleModule } from './rules/index.ts';
export { censusContext, type CensusContext } from './census-period.ts';
