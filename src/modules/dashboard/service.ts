/**
 * The dashboard's content, from the cached figures (cache.ts) and the filters: the tiles of the
 * "in numbers" page, the monthly trend charts, the timeliness distributions, each with the table
 * behind it. Domain functions only: no request or reply here.
 */
import { percentage } from '../../core/rounding.ts';
import { DISTRIBUTIONS, FLOW_SERIES, STOCK_SERIES, kpiDefinition, monthsOf, type KpiValue, type MetricId, type SeriesRow } from '../kpi/index.ts';
import type { DashboardData } from './cache.ts';
import { columnChart, sparkline } from './charts.ts';
import type { DataTable } from './tables.ts';
import { monthName, previousYearLabel } from './years.ts';

/** What the person asked to see: a reporting year, optionally some of its months and one team. */
export type DashboardFilters = {
  year: string;
  /** Calendar month numbers '04' .. '03' within the year, both inclusive; null for the year's ends. */
  from: string | null;
  to: string | null;
  teamId: string | null;
};

/** The year's months the filters keep, April first. */
export function selectedMonths(filters: DashboardFilters): string[] {
  const months = monthsOf(filters.year);
  const start = filters.from ? months.findIndex((m) => m.endsWith(`-${filters.from}`)) : 0;
  const end = filters.to ? months.findIndex((m) => m.endsWith(`-${filters.to}`)) : months.length - 1;
  return start <= end ? months.slice(start, end + 1) : months.slice(end, start + 1);
}

export function isFiltered(filters: DashboardFilters): boolean {
  return selectedMonths(filters).length < 12 || filters.teamId !== null;
}

/** The filters as a query string, so every link (a figure, a download, back) keeps them. */
export function filterQuery(filters: DashboardFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ year: filters.year });
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  if (filters.teamId) params.set('team', filters.teamId);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}

function rowsOf(data: DashboardData, series: string, filters: DashboardFilters, months = selectedMonths(filters)): SeriesRow[] {
  const keep = new Set(months);
  return data.series.filter((r) => r.series === series && keep.has(r.month) && (filters.teamId === null || r.teamId === filters.teamId));
}

/** A series' value in each month (zero where there is none). */
function monthly(data: DashboardData, series: string, filters: DashboardFilters, months = selectedMonths(filters)): number[] {
  const rows = rowsOf(data, series, filters, months);
  return months.map((m) => rows.filter((r) => r.month === m).reduce((sum, r) => sum + r.n, 0));
}

// ---- Figures and tiles ---------------------------------------------------------------------

const number = (n: number): string => n.toLocaleString('en-GB');

/** A figure as a person reads it: "12,968", "46.9%", "30.7 per 10,000". */
export function formatValue(metric: MetricId, value: KpiValue | undefined): string {
  if (value === null || value === undefined || typeof value === 'object') return 'No figure';
  const unit = kpiDefinition(metric)?.unit;
  if (unit === 'pct') return `${value.toFixed(1)}%`;
  if (unit === 'rate') return `${value.toFixed(1)} per 10,000`;
  return number(value);
}

export type Change = { direction: 'up' | 'down' | 'same'; text: string } | null;

/** Direction and size of the change from last year, in words. */
export function changeFrom(metric: MetricId, current: KpiValue | undefined, previous: KpiValue | undefined, previousYear: string): Change {
  if (typeof current !== 'number' || typeof previous !== 'number') return null;
  const diff = current - previous;
  const direction = diff > 0 ? 'up' : diff < 0 ? 'down' : 'same';
  const unit = kpiDefinition(metric)?.unit;
  const was = `${formatValue(metric, previous)} in ${previousYear}`;
  if (direction === 'same') return { direction, text: `The same as in ${previousYear}` };
  if (unit === 'pct') return { direction, text: `${direction === 'up' ? 'Up' : 'Down'} ${Math.abs(diff).toFixed(1)} percentage points from ${was}` };
  if (unit === 'rate') return { direction, text: `${direction === 'up' ? 'Up' : 'Down'} ${Math.abs(diff).toFixed(1)} per 10,000 from ${was}` };
  if (previous === 0) return { direction, text: `Up from none in ${previousYear}` };
  const pct = Math.round((100 * Math.abs(diff)) / previous);
  return { direction, text: `${pct}% ${direction === 'up' ? 'more' : 'fewer'} than ${was}` };
}

export type Figure = {
  metric: MetricId;
  title: string;
  value: string;
  raw: KpiValue | undefined;
  change: Change;
  comparators: { area: string; value: string }[];
  explanation: string;
  contract: string;
  /** The figure for the selected months and team, when the filters narrow the year. */
  selected: string | null;
  drillable: boolean;
};

/** What the filters make of a figure, when its series can be narrowed to months and a team. */
function selectedValue(data: DashboardData, metric: MetricId, filters: DashboardFilters): string | null {
  if (!isFiltered(filters)) return null;
  const flow = FLOW_SERIES.find((s) => s.metric === metric);
  if (flow) {
    const rows = rowsOf(data, flow.id, filters);
    const n = rows.reduce((sum, r) => sum + r.n, 0);
    if (kpiDefinition(metric)?.unit === 'pct') {
      const pct = percentage(rows.reduce((sum, r) => sum + r.numerator, 0), n);
      return pct === null ? 'No figure' : `${pct.toFixed(1)}% of ${number(n)}`;
    }
    return number(n);
  }
  const stock = STOCK_SERIES.find((s) => s.metric === metric);
  if (stock) {
    const months = selectedMonths(filters);
    const last = months[months.length - 1]!;
    return `${number(monthly(data, stock.id, filters, [last])[0] ?? 0)} at the end of ${monthName(last)}`;
  }
  return null;
}

export function figure(data: DashboardData, metric: MetricId, filters: DashboardFilters): Figure {
  const def = kpiDefinition(metric);
  if (!def) throw new Error(`No KPI ${metric}`);
  const raw = data.current.metrics[metric];
  const unit = def.unit;
  return {
    metric,
    title: def.title,
    value: formatValue(metric, raw),
    raw,
    change: changeFrom(metric, raw, data.previous.metrics[metric], previousYearLabel(data.year)),
    comparators: data.comparators
      .filter((c) => c.metric === metric)
      .map((c) => ({ area: c.area, value: unit === 'pct' ? `${c.value.toFixed(1)}%` : unit === 'rate' ? `${c.value.toFixed(1)} per 10,000` : number(c.value) })),
    explanation: def.explanation,
    contract: def.contract,
    selected: selectedValue(data, metric, filters),
    drillable: def.kind !== 'population',
  };
}

type TileSpec = { heading: string; metric: MetricId; trend: string; also: MetricId[] };

/** The tiles, after the partnership's "Children's social care in numbers" page. */
export const TILES: readonly TileSpec[] = [
  { heading: 'Contacts', metric: 'contacts.count', trend: 'contacts', also: ['contacts.to_referral_pct'] },
  { heading: 'Referrals', metric: 'referrals.count', trend: 'referrals', also: ['referrals.rereferral_pct', 'referrals.nfa_pct'] },
  { heading: 'Assessments', metric: 'assessments.completed', trend: 'assessments', also: ['assessments.within_45wd_pct'] },
  { heading: 'Children in need', metric: 'cin.children_in_year', trend: 'cin-open', also: ['cin.children_at_year_end', 'cin.rate_per_10k_at_year_end'] },
  { heading: 'Section 47 enquiries', metric: 's47.children', trend: 's47', also: ['s47.count', 's47.rate_per_10k'] },
  { heading: 'Initial child protection conferences', metric: 'icpc.count', trend: 'icpc', also: ['icpc.within_15wd_pct'] },
  { heading: 'Child protection plans', metric: 'cp.plans_at_year_end', trend: 'cp-open', also: ['cp.rate_per_10k_at_year_end', 'cp.plans_started', 'cp.plans_ceased'] },
  { heading: 'Children looked after', metric: 'cla.at_year_end', trend: 'cla-open', also: ['cla.rate_per_10k_at_year_end', 'cla.started', 'cla.ceased'] },
];

export type Tile = { heading: string; main: Figure; also: Figure[]; sparkline: string; trendId: string };

export function tiles(data: DashboardData, filters: DashboardFilters): Tile[] {
  return TILES.map((t) => {
    const months = selectedMonths(filters);
    const values = monthly(data, t.trend, filters, months);
    const label = `${t.heading}, month by month from ${monthName(months[0]!)} to ${monthName(months[months.length - 1]!)}: ${values.map(number).join(', ')}`;
    return { heading: t.heading, main: figure(data, t.metric, filters), also: t.also.map((m) => figure(data, m, filters)), sparkline: sparkline(values, label), trendId: t.trend };
  });
}

/** Every figure of the tiles, as a table to download. */
export function figuresTable(data: DashboardData, filters: DashboardFilters): DataTable {
  const previousYear = previousYearLabel(data.year);
  const areas = [...new Set(data.comparators.map((c) => c.area))];
  const rows = TILES.flatMap((t) => [t.metric, ...t.also]).map((metric) => {
    const f = figure(data, metric, filters);
    const row: DataTable['rows'][number] = {
      metric, title: f.title,
      value: typeof f.raw === 'number' ? f.raw : null,
      previous: ((v) => (typeof v === 'number' ? v : null))(data.previous.metrics[metric]),
      change: f.change?.text ?? null,
      selected: f.selected,
    };
    for (const area of areas) row[`area:${area}`] = data.comparators.find((c) => c.metric === metric && c.area === area)?.value ?? null;
    return row;
  });
  return {
    name: `figures-${data.year}`,
    caption: `Figures for ${data.year}`,
    columns: [
      { key: 'metric', header: 'Metric id' }, { key: 'title', header: 'Figure' }, { key: 'value', header: data.year, numeric: true },
      { key: 'previous', header: previousYear, numeric: true }, { key: 'change', header: 'Change' }, { key: 'selected', header: 'Selected months and team' },
      ...areas.map((a) => ({ key: `area:${a}`, header: a, numeric: true })),
    ],
    rows,
  };
}

// ---- Charts --------------------------------------------------------------------------------

export type Chart = {
  id: string;
  title: string;
  svg: string;
  table: DataTable;
  /** The figure the chart's table adds up to (flows) or ends on (stocks), for the reader to check. */
  metric: MetricId;
  kind: 'flow' | 'stock' | 'distribution';
  /** For each month row of the table, the figure's list of children for that month (flows only). */
  months: string[];
};

const TREND_CHARTS = ['contacts', 'referrals', 'assessments', 's47', 'icpc', 'cp-started', 'cp-open', 'cla-started', 'cla-open', 'cin-open'];

/** The monthly trend charts of the main flow and of the year-end stocks, each with its table. */
export function trendCharts(data: DashboardData, filters: DashboardFilters): Chart[] {
  const months = selectedMonths(filters);
  return TREND_CHARTS.map((id) => {
    const flow = FLOW_SERIES.find((s) => s.id === id);
    const stock = STOCK_SERIES.find((s) => s.id === id);
    const title = flow?.label ?? stock?.label ?? id;
    const metric = (flow?.metric ?? stock?.metric)!;
    const values = monthly(data, id, filters, months);
    const rows: DataTable['rows'] = months.map((m, i) => ({ month: monthName(m), key: m, count: values[i] ?? 0 }));
    if (flow) rows.push({ month: 'Total', key: null, count: values.reduce((a, b) => a + b, 0) });
    return {
      id: `trend-${id}`,
      title,
      metric,
      kind: flow ? 'flow' : 'stock',
      months,
      svg: columnChart({ id: `chart-${id}`, title: `${title} by month, ${data.year}`, labels: months.map((m) => monthName(m, true)), values, unit: title }),
      table: { name: `${id}-${data.year}`, caption: `${title} by month, ${data.year}`, columns: [{ key: 'month', header: 'Month' }, { key: 'count', header: flow ? 'Number' : 'At the month end', numeric: true }], rows },
    } satisfies Chart;
  });
}

/** The timeliness distributions: working days to assessment and to the initial conference. */
export function distributionCharts(data: DashboardData, filters: DashboardFilters): (Chart & { within: string })[] {
  return DISTRIBUTIONS.map((d) => {
    const rows = rowsOf(data, d.id, filters);
    const counts = d.bands.map((b) => rows.filter((r) => r.band === b.label).reduce((sum, r) => sum + r.n, 0));
    const all = counts.reduce((a, b) => a + b, 0);
    const target = d.id === 'assessment-days' ? 'assessments-45wd' : 'icpc-15wd';
    const targetRows = rowsOf(data, target, filters);
    const pct = percentage(targetRows.reduce((s, r) => s + r.numerator, 0), targetRows.reduce((s, r) => s + r.n, 0));
    const within = d.id === 'assessment-days' ? 'within 45 working days' : 'within 15 working days';
    return {
      id: `dist-${d.id}`,
      title: d.label,
      metric: d.metric,
      kind: 'distribution',
      months: [],
      within: pct === null ? `None in the selected months` : `${pct.toFixed(1)}% ${within}`,
      svg: columnChart({ id: `chart-${d.id}`, title: `${d.label}, ${data.year}`, labels: d.bands.map((b) => b.label), values: counts, unit: 'Number by working days' }),
      table: {
        name: `${d.id}-${data.year}`,
        caption: `${d.label}, ${data.year}`,
        columns: [{ key: 'band', header: 'Working days' }, { key: 'count', header: 'Number', numeric: true }, { key: 'share', header: 'Share (%)', numeric: true }],
        rows: [
          ...d.bands.map((b, i) => ({ band: b.label, count: counts[i] ?? 0, share: percentage(counts[i] ?? 0, all) })),
          { band: 'Total', count: all, share: all ? 100 : null },
        ],
      },
    };
  });
}

/** Any table of the dashboard by its id ('figures', 'trend-referrals', 'dist-icpc-days'). */
export function dashboardTable(data: DashboardData, filters: DashboardFilters, id: string): DataTable | undefined {
  if (id === 'figures') return figuresTable(data, filters);
  return [...trendCharts(data, filters), ...distributionCharts(data, filters)].find((c) => c.id === id)?.table;
}
