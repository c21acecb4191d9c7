/**
 * Rules on social worker episodes (sw_episodes.csv, collected since 2023-24): who the child's
 * social worker was, from when, and why it changed.
 */
import { addDays } from '../../../../core/dates.ts';
import type { EpisodeRow, IsoDate, SwEpisodeRow } from '../model.ts';
import { codes, has, isIn, text } from './helpers.ts';
import { rule, type RuleContext, type RuleDef } from './engine.ts';
import { permanenceDate } from './permanence.ts';
import { RESPITE } from './episodes.ts';

/** Social worker episodes were first collected from 1 April 2023. */
const SW_COLLECTION_START = '2023-04-01';

/**
 * The start of the social worker reporting period: a year before the collection year starts (the
 * validators subtract numpy's 365.2425-day year, which for dates is 365 days).
 */
function reportingStart(c: RuleContext): IsoDate {
  return addDays(c.start, -365);
}

function compareNullsLast(a: IsoDate | null, b: IsoDate | null, descending = false): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return (a < b ? -1 : 1) * (descending ? -1 : 1);
}

function byStart(rows: readonly SwEpisodeRow[], descending = false): SwEpisodeRow[] {
  return [...rows].sort((a, b) => compareNullsLast(a.SW_DECOM, b.SW_DECOM, descending));
}

/** Compares the first episode this year with the open one at the end of last year (SW16a-c). */
function differsFromLastYear(c: RuleContext, differs: (now: SwEpisodeRow, before: SwEpisodeRow) => boolean): void {
  const previous = c.previousChildren();
  for (const child of c.children().values()) {
    const first = c.swEpisodesByStart(child)[0];
    const before = byStart(previous.get(child.id)?.swEpisodes ?? [], true)[0];
    if (first && before && !has(before, 'SW_DEC') && differs(first, before)) c.flag(first);
  }
}

/** SW12: a social worker episode starting by the end of a period of care, or from its start. */
function coversEpisode(start: IsoDate | null, e: EpisodeRow): boolean {
  const beforeEnd = start !== null && e.DEC !== null && start <= e.DEC && e.REC !== 'X1';
  const afterStart = start !== null && e.DECOM !== null && start >= e.DECOM && e.RNE === 'S';
  return beforeEnd || afterStart;
}

export const socialWorkerRules: RuleDef[] = [
  /** SW01aSTG1: For each social worker episode, information should be complete. (Before April 2023: SW_ID; and a valid SW_DECOM.) */
  rule('SW01aSTG1', ['swEpisodes'], (c) => {
    for (const s of c.rows('swEpisodes')) if (s.SW_DECOM === null || (s.SW_DECOM < SW_COLLECTION_START && s.SW_ID === null)) c.flag(s);
  }),

  /** SW01bSTG1: For each social worker episode, information should be complete. (From April 2023: SW_ID and SW_REASON; and a valid SW_DECOM.) */
  rule('SW01bSTG1', ['swEpisodes'], (c) => {
    for (const s of c.rows('swEpisodes')) {
      if (s.SW_DECOM === null || (s.SW_DECOM >= SW_COLLECTION_START && (s.SW_ID === null || s.SW_REASON === null))) c.flag(s);
    }
  }),

  /** SW02STG1: Social worker ID does not begin with the characters ‘SW’ or ‘XX’. */
  rule('SW02STG1', ['swEpisodes'], (c) => {
    for (const s of c.rows('swEpisodes')) {
      const prefix = s.SW_ID?.slice(0, 2) ?? null;
      if (prefix !== 'SW' && prefix !== 'XX') c.flag(s);
    }
  }),

  /** SW04STG1: Date social worker episode began is not a valid date. (Unknown parts may be ZZ.) */
  rule('SW04STG1', ['swEpisodes'], (c) => {
    // A real dd/mm/yyyy date always passes; only other text needs the ZZ reading.
    for (const s of c.rows('swEpisodes')) if (s.SW_DECOM === null && has(s, 'SW_DECOM') && permanenceDate(text(s, 'SW_DECOM')) === null) c.flag(s);
  }),

  /** SW05STG1: Date social worker episode began is not a valid date. (Checks SW_DEC; unknown parts may be ZZ.) */
  rule('SW05STG1', ['swEpisodes'], (c) => {
    for (const s of c.rows('swEpisodes')) if (s.SW_DEC === null && has(s, 'SW_DEC') && permanenceDate(text(s, 'SW_DEC')) === null) c.flag(s);
  }),

  /** SW06STG2: Social worker episode data should be within the social worker data reporting year. (SW_DECOM after 31 March.) */
  rule('SW06STG2', ['swEpisodes'], (c) => {
    for (const s of c.rows('swEpisodes')) if (s.SW_DECOM !== null && s.SW_DECOM > c.end) c.flag(s);
  }),

  /**
   * SW07STG2: Social worker episode end date should be on or after the start of the social worker
   * reporting period, and should be on or before the collection end date.
   */
  rule('SW07STG2', ['swEpisodes'], (c) => {
    const from = reportingStart(c);
    for (const s of c.rows('swEpisodes')) if (s.SW_DEC !== null && (s.SW_DEC < from || s.SW_DEC > c.end)) c.flag(s);
  }),

  /** SW08STG2: A new social worker episode has started, but the previous episode has not ended. */
  rule('SW08STG2', ['swEpisodes'], (c) => {
    for (const child of c.children().values()) {
      for (const s of c.swEpisodesByStart(child).slice(0, -1)) if (s.SW_DECOM !== null && s.SW_DEC === null) c.flag(s);
    }
  }),

  /** SW09STG2: Social worker episode appears to have lasted for less than 24 hours. (Same start and end, as written.) */
  rule('SW09STG2', ['swEpisodes'], (c) => {
    for (const s of c.rows('swEpisodes')) {
      const start = text(s, 'SW_DECOM');
      if (start !== null && start === text(s, 'SW_DEC')) c.flag(s);
    }
  }),

  /**
   * SW10STG2: A new social worker episode has started before the end date of the previous social
   * worker episode. (Unless the reason is FCONTA, it must start within 7 days of the previous end.)
   */
  rule('SW10STG2', ['swEpisodes'], (c) => {
    for (const child of c.children().values()) {
      const sorted = [...child.swEpisodes].sort((a, b) => compareNullsLast(a.SW_DECOM, b.SW_DECOM) || compareNullsLast(a.SW_DEC, b.SW_DEC));
      for (let i = 1; i < sorted.length; i += 1) {
        const s = sorted[i] as SwEpisodeRow;
        const previousEnd = (sorted[i - 1] as SwEpisodeRow).SW_DEC;
        if (s.SW_REASON === 'FCONTA') continue;
        const close = s.SW_DECOM !== null && previousEnd !== null && s.SW_DECOM >= addDays(previousEnd, -7) && s.SW_DECOM <= addDays(previousEnd, 7);
        if (!close) c.flag(s);
      }
    }
  }),

  /**
   * SW11bSTG2: Social worker episode has ended before 31 March and no subsequent social worker
   * episode has been provided. (An episode ending in the last five days of the year.)
   */
  rule('SW11bSTG2', ['swEpisodes'], (c) => {
    const from = addDays(c.end, -5);
    const late = (date: IsoDate | null): boolean => date !== null && date >= from && date <= c.end;
    for (const child of c.children().values()) {
      const rows = child.swEpisodes;
      if (rows.length === 1 && late((rows[0] as SwEpisodeRow).SW_DEC)) c.flag(rows[0] as SwEpisodeRow);
      const ascending = c.swEpisodesByStart(child);
      for (let i = 1; i < ascending.length; i += 1) {
        if (late((ascending[i - 1] as SwEpisodeRow).SW_DEC) && (ascending[i] as SwEpisodeRow).SW_DECOM === null) c.flag(ascending[i] as SwEpisodeRow);
      }
      const descending = byStart(rows, true);
      for (let i = 1; i < descending.length; i += 1) {
        const later = descending[i - 1] as SwEpisodeRow;
        const start = (descending[i] as SwEpisodeRow).SW_DECOM;
        if (start !== null && later.SW_DEC !== null && start < later.SW_DEC && late(later.SW_DEC)) c.flag(later);
      }
    }
  }),

  /**
   * SW12STG2: If a child is looked after on 31 March then all social worker episodes for the full
   * previous year should be reported, even those whilst they were not looked after. (Each episode
   * that starts or ends a period of care in the reporting period needs social worker episodes
   * spanning its start (RNE S) or end.)
   */
  rule('SW12STG2', ['swEpisodes', 'episodes'], (c) => {
    const from = reportingStart(c);
    for (const child of c.children().values()) {
      for (const e of child.episodes) {
        const inPeriod = e.DEC === null || (e.DEC >= from && e.DEC <= c.end);
        if (!inPeriod || isIn(e.LS, RESPITE) || !(e.RNE === 'S' || e.REC !== 'X1')) continue;
        if (child.swEpisodes.length === 0 || child.swEpisodes.some((s) => !coversEpisode(s.SW_DECOM, e))) c.flag(e);
      }
    }
  }),

  /** SW13STG1: The reason for social worker change is not valid. (Required from April 2023.) */
  rule('SW13STG1', ['swEpisodes'], (c) => {
    const reasons = codes('MANAGE', 'FCONTA', 'LEFTRL', 'ORGRST', 'TSPROC', 'ABSENC', 'CHCHAN', 'PCCHAN', 'SWDIED', 'OTHERS');
    for (const s of c.rows('swEpisodes')) {
      const missing = s.SW_REASON === null && s.SW_DECOM !== null && s.SW_DECOM >= SW_COLLECTION_START;
      const invalid = s.SW_REASON !== null && !reasons.has(s.SW_REASON);
      if (missing || invalid) c.flag(s);
    }
  }),

  // SW15STG2 and SW16a-cSTG2 are in the 2025-26 rule list but data-to-insight deleted them from its rule
  // set in 2024-25 (lac2024_25 del_list), so it never reports them.
  /** SW15STG2: Reason for social worker change is missing. (For episodes starting in the reporting period.) */
  rule('SW15STG2', ['swEpisodes'], (c) => {
    const from = reportingStart(c);
    for (const s of c.rows('swEpisodes')) if (s.SW_REASON === null && !(s.SW_DECOM !== null && s.SW_DECOM < from)) c.flag(s);
  }),

  /** SW16aSTG2: The social worker reason episode changed does not match the open episode at the end of last year. (SW_ID.) */
  rule('SW16aSTG2', ['swEpisodes', 'last:swEpisodes'], (c) =>
    differsFromLastYear(c, (now, before) => now.SW_ID === null || now.SW_ID !== before.SW_ID),
  ),

  /** SW16bSTG2: The social worker episode start date does not match the open episode at the end of last year. */
  rule('SW16bSTG2', ['swEpisodes', 'last:swEpisodes'], (c) =>
    differsFromLastYear(c, (now, before) => now.SW_DECOM === null || now.SW_DECOM !== before.SW_DECOM),
  ),

  /** SW16cSTG2: The social worker reason episode changed does not match the open episode at the end of last year. (SW_REASON.) */
  rule('SW16cSTG2', ['swEpisodes', 'last:swEpisodes'], (c) =>
    differsFromLastYear(c, (now, before) => now.SW_REASON === null || now.SW_REASON !== before.SW_REASON),
  ),

  /** SW17STG2: There is no social worker episode open at 31 March. (The child's latest social worker episode has ended.) */
  rule('SW17STG2', ['swEpisodes'], (c) => {
    for (const child of c.children().values()) {
      const latestEpisode = byStart(child.swEpisodes, true)[0];
      if (latestEpisode && has(latestEpisode, 'SW_DEC')) c.flag(latestEpisode);
    }
  }),
];
