/** Reporting-year labels for the dashboard's filters (kpi-definitions.md, Conventions). */
import { reportingYear, reportingYearOf } from '../../core/dates.ts';

function label(firstYear: number): string {
  return `${firstYear}-${String((firstYear + 1) % 100).padStart(2, '0')}`;
}

/** The reporting year before `year`: '2025-26' -> '2024-25'. */
export function previousYearLabel(year: string): string {
  return label(Number(reportingYear(year).start.slice(0, 4)) - 1);
}

/** The reporting year a date falls in, and the five before it, newest first. */
export function recentYears(today: string, count = 6): string[] {
  const first = Number(reportingYearOf(today).start.slice(0, 4));
  return Array.from({ length: count }, (_, i) => label(first - i));
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** '2025-04' -> 'April 2025'; with `short`, 'Apr'. */
export function monthName(month: string, short = false): string {
  const name = MONTH_NAMES[Number(month.slice(5, 7)) - 1] ?? month;
  return short ? name.slice(0, 3) : `${name} ${month.slice(0, 4)}`;
}
