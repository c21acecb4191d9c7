/**
 * The summary `haven demo` prints: the year-end figures in the shape of the yearly report's
 * "Children's social care in numbers" page, then the rows written per table.
 */
import type { DemoResult } from './generate.ts';
import type { YearFigures } from './summary.ts';

const number = (value: number | null): string => (value === null ? '–' : value.toLocaleString('en-GB'));
const percent = (value: number | null): string => (value === null ? '–' : `${value.toFixed(1)}%`);

const LINES: [label: string, value: (y: YearFigures) => string][] = [
  ['Contacts', (y) => number(y.contacts)],
  ['Referrals', (y) => number(y.referrals)],
  ['  re-referrals within 12 months', (y) => percent(y.rereferralPct)],
  ['  no further action', (y) => percent(y.nfaPct)],
  ['Assessments completed', (y) => number(y.assessmentsCompleted)],
  ['  within 45 working days', (y) => percent(y.within45Pct)],
  ['  with a "toxic trio" factor', (y) => percent(y.toxicTrioAnyPct)],
  ['Section 47 enquiries', (y) => number(y.s47)],
  ['  children', (y) => number(y.s47Children)],
  ['Initial child protection conferences', (y) => number(y.icpcs)],
  ['  within 15 working days', (y) => percent(y.icpcWithin15Pct)],
  ['Child protection plans at 31 March', (y) => number(y.cpAtYearEnd)],
  ['  started / ceased in the year', (y) => `${number(y.cpStarted)} / ${number(y.cpCeased)}`],
  ['Children in need at 31 March', (y) => number(y.cinAtYearEnd)],
  ['Children looked after at 31 March', (y) => number(y.claAtYearEnd)],
  ['  started / ceased in the year', (y) => `${number(y.claStarted)} / ${number(y.claCeased)}`],
  ['Care leavers (OC3 rows)', (y) => number(y.careLeavers)],
  ['Early help episodes started', (y) => number(y.earlyHelpStarted)],
  ['  closed / successful and sustained', (y) => `${number(y.earlyHelpClosed)} / ${percent(y.earlyHelpSuccessfulPct)}`],
  ['Children aged 0-17', (y) => number(y.population)],
];

export function formatSummary(laCode: string, scale: number, seed: number, result: DemoResult, engine: string): string {
  const width = Math.max(...LINES.map(([label]) => label.length)) + 2;
  // Wide enough for the widest cell (e.g. "18,940 / 35.1%" at scale 20), with two spaces between columns.
  const column = Math.max(13, ...LINES.flatMap(([, value]) => result.years.map((y) => value(y).length + 2)));
  const out: string[] = [];
  out.push(`Generated the demonstration partnership ${laCode} (scale ${scale}, seed ${seed}) on the ${engine} engine: ${number(result.rows)} rows in ${result.seconds.toFixed(1)} s (${number(Math.round(result.rows / Math.max(result.seconds, 0.001)))} rows a second).`);
  out.push('');
  out.push(''.padEnd(width) + result.years.map((y) => y.year.padStart(column)).join(''));
  for (const [label, value] of LINES) out.push(label.padEnd(width) + result.years.map((y) => value(y).padStart(column)).join(''));
  out.push('');
  out.push('Rows by table:');
  const entries = Object.entries(result.counts).filter(([, n]) => n > 0);
  const nameWidth = Math.max(...entries.map(([t]) => t.length));
  for (let i = 0; i < entries.length; i += 3) {
    out.push(entries.slice(i, i + 3).map(([t, n]) => `  ${t.padEnd(nameWidth)} ${number(n).padStart(9)}`).join('   '));
  }
  return out.join('\n');
}
