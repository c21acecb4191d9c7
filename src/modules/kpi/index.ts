/** The KPI module's public face: the engine, the drill-down and the definitions (kpi-definitions.md). */
export { computeKpis, drillDown, sourceStatement, type DrillDownRow, type KpiDocument, type KpiValue } from './engine.ts';
export { KPI_DEFINITIONS, METRIC_IDS, kpiDefinition, type KpiDefinition, type KpiUnit, type MetricId } from './definitions.ts';
export { DISTRIBUTIONS, FLOW_SERIES, STOCK_SERIES, monthlySeries, monthsOf, type Distribution, type FlowSeries, type SeriesRow, type StockSeries } from './series.ts';
