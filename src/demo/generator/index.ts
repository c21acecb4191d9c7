/**
 * The demonstration data generator: a realistic, deterministic synthetic partnership over three
 * reporting years (`haven demo`; `npm start`'s quick demo can call generateDemo at scale 0.05).
 */
export { generateDemo, hasJourneyData, deleteJourneyData, reportingYears, RATES, type DemoOptions, type DemoResult } from './generate.ts';
export { formatSummary } from './format.ts';
export { progressReporter, type ProgressReporter } from './progress.ts';
export type { YearFigures } from './summary.ts';
