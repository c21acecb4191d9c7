/**
 * Statutory timescales as configuration, not code. The defaults (timescales.default.json) follow
 * Working Together 2023; a partnership may override any clock with its own file
 * (HAVEN_TIMESCALES_FILE) — e.g. the ICPC anchor (first or last strategy discussion) or the
 * frequency of child protection visits. Every clock a case shows carries the version it used.
 */
import fs from 'node:fs';
import { z } from '../../core/zod.ts';
import type { z as zod } from 'zod';
import { addDays, addMonths } from '../../core/dates.ts';
import { addWorkingDays } from '../../core/calendar/index.ts';
import defaults from './timescales.default.json' with { type: 'json' };

const within = z.union([
  z.object({ workingDays: z.number().int().min(0).max(400) }).strict(),
  z.object({ days: z.number().int().min(0).max(730) }).strict(),
  z.object({ weeks: z.number().int().min(0).max(104) }).strict(),
  z.object({ months: z.number().int().min(0).max(24) }).strict(),
]);

const clockRule = z.object({ label: z.string().min(1), within, from: z.string().min(1), anchor: z.enum(['first', 'last']).optional() }).strict();

export const CLOCK_IDS = [
  'decision', 'assessment', 'icpc', 'coreGroup', 'firstReview', 'laterReview', 'cpVisit',
  'laFirstVisit', 'laVisit', 'laFirstReview', 'laSecondReview', 'laLaterReview',
] as const;
export type ClockId = (typeof CLOCK_IDS)[number];

const timescalesSchema = z.object({
  version: z.string().min(1),
  description: z.string().optional(),
  clocks: z.object(Object.fromEntries(CLOCK_IDS.map((id) => [id, clockRule])) as Record<ClockId, typeof clockRule>).strict(),
});

export type Timescales = zod.infer<typeof timescalesSchema>;
export type ClockRule = zod.infer<typeof clockRule>;

/** Reads and checks a timescales file; throws naming the file and the bad field. */
export function parseTimescales(source: unknown, name: string): Timescales {
  const parsed = timescalesSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${name}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  return parsed.data;
}

let loaded: Timescales | undefined;

/** The timescales in force: HAVEN_TIMESCALES_FILE when set, else the shipped defaults. */
export function timescales(): Timescales {
  if (loaded) return loaded;
  const file = process.env.HAVEN_TIMESCALES_FILE;
  loaded = file ? parseTimescales(JSON.parse(fs.readFileSync(file, 'utf8')), file) : parseTimescales(defaults, 'timescales.default.json');
  return loaded;
}

/** The date a clock falls due when it starts on `from` (a calendar date). */
export function dueDate(rule: ClockRule, from: string): string {
  const w = rule.within;
  if ('workingDays' in w) return addWorkingDays(from, w.workingDays);
  if ('days' in w) return addDays(from, w.days);
  if ('weeks' in w) return addDays(from, w.weeks * 7);
  return addMonths(from, w.months);
}

/** "45 working days", "3 months": how a rule reads to a person. */
export function describeWithin(rule: ClockRule): string {
  const w = rule.within;
  const [n, unit] = 'workingDays' in w ? [w.workingDays, 'working day'] : 'days' in w ? [w.days, 'day'] : 'weeks' in w ? [w.weeks, 'week'] : [w.months, 'month'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
