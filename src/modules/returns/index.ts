/** Statutory returns: the CIN census import, export and validation, and the data-quality page. */
export { returnsRoutes } from './routes.ts';
export { importCinCensus, type CinImportResult } from './cin/import.ts';
export { dataQualityReport, type DataQualityReport } from './data-quality.ts';
