/**
 * SSDA903 (children looked after) return: read the DfE CSV files into a typed model and validate
 * them against the year's rules. Other modules import from here only.
 */
export {
  TABLES,
  groupByChild,
  type AnyRow,
  type ChildRecord,
  type EpisodeRow,
  type Finding,
  type HeaderRow,
  type Issue,
  type IsoDate,
  type RuleInfo,
  type Ssda903Return,
  type Ssda903Tables,
  type TableName,
  type TableRows,
} from './model.ts';
export { readSsda903Directory, readTableFile, describeProblem, Ssda903ReadError, type ReadProblem, type ReadOptions } from './read.ts';
export {
  validateSsda903Directory,
  validateSsda903Return,
  type DirectoryOptions,
  type SkippedRule,
  type ValidateOptions,
  type ValidationResult,
} from './validate.ts';
export { loadPostcodeLookup, postcodeKey, postcodeLine, type PostcodeLookup, type PostcodePlace } from './postcodes.ts';
export { rulesFor, type Rule } from './rules/index.ts';
export type { ProviderInfo } from './rules/engine.ts';
