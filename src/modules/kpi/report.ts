/**
 * What `haven kpi` prints: the contract's JSON document, or a table of each metric this year, the
 * previous year and the change. Loaded by cli.ts only when the command runs.
 */
import { loadConfig } from '../../core/config.ts';
import { openDatabase } from '../../core/db/index.ts';
import { reportingYear } from '../../core/dates.ts';
import { ValidationError } from '../../core/errors.ts';
import { roundHalfAwayFromZero } from '../../core/rounding.ts';
import { migrateToLatest } from '../../migrations/index.ts';
import { KPI_DEFINITIONS, type KpiDefinition } from './definitions.ts';
import { computeKpis, type KpiDocument, type KpiValue } from './engine.ts';

/** The year before `label`: 2025-26 -> 2024-25. */
export function previousYear(label: string): string {
  const first = Number(reportingYear(label).start.slice(0, 4)) - 1;
  return `${String(first).padStart(4, '0')}-${String((first + 1) % 100).padStart(2, '0')}`;
}

function isReportingYear(label: string): boolean {
  try {
    reportingYear(label);
    return true;
  } catch {
    return false;
  }
}

function checkOptions(options: { year: string; la?: string }, defaultLa: string): { year: string; la: string } {
  const issues = [];
  const year = options.year;
  if (!isReportingYear(year)) issues.push({ field: 'year', message: 'Enter a reporting year in the form YYYY-YY, for example 2025-26' });
  const la = options.la ?? defaultLa;
  if (!/^\d{3}$/.test(la)) issues.push({ field: 'la', message: 'Enter a three-digit local authority code, for example 309' });
  if (issues.length) throw new ValidationError(issues);
  return { year, la };
}

/**
 * Computes the KPIs named by the command's options against the configured database and returns
 * what to print: the JSON document and a newline with --json, else the comparison table.
 * @throws ValidationError when the year or LA code is not valid.
 */
export async function runKpiCommand(options: { year: string; json?: boolean; la?: string }): Promise<string> {
  const config = loadConfig();
  const { year, la } = checkOptions(options, config.laCode);
  const handle = await openDatabase(config);
  try {
    await migrateToLatest(handle.db);
    const current = await computeKpis(handle.db, la, year);
    if (options.json) return `${JSON.stringify(current)}\n`;
    const previous = await computeKpis(handle.db, la, previousYear(year));
    return formatKpiTable(current, previous);
  } finally {
    await handle.close();
  }
}

const WHOLE = new Intl.NumberFormat('en-GB');
const ONE_DECIMAL = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

function formatValue(value: KpiValue | undefined, unit: KpiDefinition['unit']): string {
  if (value === null || value === undefined) return '–';
  if (typeof value !== 'number') return '';
  if (unit === 'pct') return `${ONE_DECIMAL.format(value)}%`;
  if (unit === 'rate') return ONE_DECIMAL.format(value);
  return WHOLE.format(value);
}

function formatChange(now: KpiValue | undefined, before: KpiValue | undefined, unit: KpiDefinition['unit']): string {
  if (typeof now !== 'number' || typeof before !== 'number') return '–';
  // The change between the two figures as printed, so the columns add up.
  const change = unit === 'pct' || unit === 'rate' ? roundHalfAwayFromZero(now - before, 1) : now - before;
  const sign = change > 0 ? '+' : change < 0 ? '−' : '';
  const size = unit === 'pct' || unit === 'rate' ? ONE_DECIMAL.format(Math.abs(change)) : WHOLE.format(Math.abs(change));
  return `${sign}${size}${unit === 'pct' ? ' pts' : ''}`;
}

/** The table `haven kpi` prints without --json: each metric this year, the previous year and the change. */
export function formatKpiTable(current: KpiDocument, previous: KpiDocument): string {
  const rows: string[][] = [['Metric', 'Title', current.year, previous.year, 'Change']];
  const collator = new Intl.Collator('en', { numeric: true });
  for (const def of KPI_DEFINITIONS) {
    const now = current.metrics[def.id];
    const before = previous.metrics[def.id];
    if (def.unit !== 'by') {
      rows.push([def.id, def.title, formatValue(now, def.unit), formatValue(before, def.unit), formatChange(now, before, def.unit)]);
      continue;
    }
    const nowCounts = (now ?? {}) as Record<string, number>;
    const beforeCounts = (before ?? {}) as Record<string, number>;
    const codes = [...new Set([...Object.keys(nowCounts), ...Object.keys(beforeCounts)])].sort(collator.compare);
    rows.push([def.id, def.title, codes.length ? '' : 'none', codes.length ? '' : 'none', '']);
    for (const code of codes) {
      const a = nowCounts[code] ?? 0;
      const b = beforeCounts[code] ?? 0;
      rows.push([`  ${code}`, '', formatValue(a, 'count'), formatValue(b, 'count'), formatChange(a, b, 'count')]);
    }
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const lines = rows.map((r) =>
    r.map((cell, i) => (i >= 2 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd(),
  );
  const title = `KPIs for partnership ${current.la}, ${current.year} against ${previous.year} (kpi-definitions.md)`;
  return `${title}\n\n${lines[0]}\n${lines.slice(1).join('\n')}\n`;
}
