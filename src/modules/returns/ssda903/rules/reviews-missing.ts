/**
 * Rules on reviews (reviews.csv) and on periods missing or away from placement without
 * authorisation (missing.csv), alone and against the child's episodes.
 */
import type { EpisodeRow, IsoDate, MissingRow } from '../model.ts';
import { byStart, codes, has, invalidDate, isIn } from './helpers.ts';
import { rule, type RuleContext, type RuleDef } from './engine.ts';
import { RESPITE } from './episodes.ts';

/** A period of care: consecutive episodes, each starting no later than the one before ended. */
type PeriodOfCare = { start: IsoDate; end: IsoDate | null };

/** A child's periods of care (episodes without a valid DECOM are left out). */
function periodsOfCare(episodes: readonly EpisodeRow[]): PeriodOfCare[] {
  const periods: PeriodOfCare[] = [];
  let current: PeriodOfCare | undefined;
  let previousEnd: IsoDate | null = null;
  for (const e of byStart(episodes)) {
    if (e.DECOM === null) continue;
    if (!current || (previousEnd !== null && e.DECOM > previousEnd)) {
      current = { start: e.DECOM, end: e.DEC };
      periods.push(current);
    } else {
      current.end = e.DEC;
    }
    previousEnd = e.DEC;
  }
  return periods;
}

/** Flags missing periods of a child that fit none of the child's periods of care. */
function outsideCare(c: RuleContext, outside: (m: MissingRow, period: PeriodOfCare) => boolean, only: (m: MissingRow) => boolean = () => true): void {
  for (const child of c.childrenWith('missing')) {
    const periods = periodsOfCare(child.episodes);
    if (periods.length === 0) continue;
    for (const m of child.missing) if (only(m) && periods.every((p) => outside(m, p))) c.flag(m);
  }
}

export const reviewAndMissingRules: RuleDef[] = [
  /** 166: Date of review is invalid or blank. */
  rule('166', ['reviews'], (c) => {
    for (const r of c.rows('reviews')) if (r.REVIEW === null) c.flag(r);
  }),

  /** 167: Data entry for participation is invalid or blank. (PN0-PN7 with a review date; both blank is allowed.) */
  rule('167', ['reviews'], (c) => {
    const participation = codes('PN0', 'PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6', 'PN7');
    for (const r of c.rows('reviews')) {
      const ok = (has(r, 'REVIEW') && isIn(r.REVIEW_CODE, participation)) || (!has(r, 'REVIEW') && r.REVIEW_CODE === null);
      if (!ok) c.flag(r);
    }
  }),

  /**
   * 399: Mother field, review field or participation field are completed but child is looked after
   * under legal status V3 or V4. (Every episode of the child is respite.)
   */
  rule('399', ['episodes', 'header', 'reviews'], (c) => {
    for (const child of c.children().values()) {
      if (child.episodes.length === 0 || !child.episodes.every((e) => isIn(e.LS, RESPITE))) continue;
      const motherHeaders = child.header.filter((h) => h.MOTHER !== null);
      const reviewRows = child.reviews.filter((r) => has(r, 'REVIEW') || r.REVIEW_CODE !== null);
      if (motherHeaders.length === 0 && reviewRows.length === 0) continue;
      c.flagAll(child.episodes);
      c.flagAll(motherHeaders);
      c.flagAll(reviewRows);
    }
  }),

  /**
   * 440: Participation method indicates child was under 4 years old at the time of the review, but
   * date of birth and review date indicates the child was 4 years old or over. (PN0 after the 4th birthday.)
   */
  rule('440', ['reviews'], (c) => {
    for (const r of c.rows('reviews')) {
      const fourth = c.birthday(r.DOB, 4);
      if (r.REVIEW_CODE === 'PN0' && fourth !== null && r.REVIEW !== null && r.REVIEW > fourth) c.flag(r);
    }
  }),

  /**
   * 441: Participation method indicates child was 4 years old or over at the time of the review, but
   * the date of birth and review date indicates the child was under 4 years old.
   */
  rule('441', ['reviews'], (c) => {
    const fourOrOver = codes('PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6', 'PN7');
    for (const r of c.rows('reviews')) {
      const fourth = c.birthday(r.DOB, 4);
      if (isIn(r.REVIEW_CODE, fourOrOver) && fourth !== null && r.REVIEW !== null && r.REVIEW < fourth) c.flag(r);
    }
  }),

  /** 564: Child was missing or away from placement without authorisation and the date started is blank. */
  rule('564', ['missing'], (c) => {
    for (const m of c.rows('missing')) if ((m.MISSING === 'M' || m.MISSING === 'A') && !has(m, 'MIS_START')) c.flag(m);
  }),

  /**
   * 565: The date that the child started to be missing or away from placement without authorisation
   * has been completed but whether the child was missing or away from placement without
   * authorisation has not been completed.
   */
  rule('565', ['missing'], (c) => {
    for (const m of c.rows('missing')) if (has(m, 'MIS_START') && m.MISSING === null) c.flag(m);
  }),

  /**
   * 566: The date that the child's episode of being missing or away from placement without
   * authorisation ended has been completed but whether the child was missing or away without
   * authorisation has not been completed.
   */
  rule('566', ['missing'], (c) => {
    for (const m of c.rows('missing')) if (m.MISSING === null && has(m, 'MIS_END')) c.flag(m);
  }),

  /**
   * 567: The date that the missing episode or episode that the child was away from placement without
   * authorisation ended is before the date that it started.
   */
  rule('567', ['missing'], (c) => {
    for (const m of c.rows('missing')) if (m.MIS_START !== null && m.MIS_END !== null && m.MIS_START > m.MIS_END) c.flag(m);
  }),

  /**
   * 570: The date that the child started to be missing or away from placement without authorisation
   * is after the end of the collection year.
   */
  rule('570', ['missing'], (c) => {
    for (const m of c.rows('missing')) if (m.MIS_START !== null && m.MIS_START > c.end) c.flag(m);
  }),

  /**
   * 571: The date that the child ceased to be missing or away from placement without authorisation
   * is before the start or after the end of the collection year.
   */
  rule('571', ['missing'], (c) => {
    for (const m of c.rows('missing')) if (m.MIS_END !== null && (m.MIS_END < c.start || m.MIS_END > c.end)) c.flag(m);
  }),

  /**
   * 574: A new missing/away from placement without authorisation period cannot start when the
   * previous missing/away from placement without authorisation period is still open.
   * Missing/away from placement without authorisation periods should also not overlap.
   */
  rule('574', ['missing'], (c) => {
    for (const child of c.childrenWith('missing')) {
      const sorted = [...child.missing].sort(
        (a, b) => compareNullsLast(a.MIS_END ?? a.MIS_START, b.MIS_END ?? b.MIS_START) || compareNullsLast(a.MIS_START, b.MIS_START),
      );
      for (let i = 1; i < sorted.length; i += 1) {
        const m = sorted[i] as MissingRow;
        const previousEnd = (sorted[i - 1] as MissingRow).MIS_END;
        if (previousEnd === null || (m.MIS_START !== null && m.MIS_START < previousEnd)) c.flag(m);
      }
    }
  }),

  /** 586: Dates of missing periods are before child’s date of birth. (MIS_START on or before DOB.) */
  rule('586', ['missing'], (c) => {
    for (const m of c.rows('missing')) if (m.MIS_START !== null && m.DOB !== null && m.MIS_START <= m.DOB) c.flag(m);
  }),

  /**
   * 1004: The start date of the missing episode or episode that the child was away from placement
   * without authorisation is not a valid date. (Blank included.)
   */
  rule('1004', ['missing'], (c) => {
    for (const m of c.rows('missing')) if (m.MIS_START === null) c.flag(m);
  }),

  /**
   * 1005: The end date of the missing episode or episode that the child was away from placement
   * without authorisation is not a valid date.
   */
  rule('1005', ['missing'], (c) => {
    for (const m of c.rows('missing')) if (invalidDate(m, 'MIS_END')) c.flag(m);
  }),

  /** 1006: Missing type invalid. (M or A.) */
  rule('1006', ['missing'], (c) => {
    for (const m of c.rows('missing')) if (m.MISSING !== null && m.MISSING !== 'M' && m.MISSING !== 'A') c.flag(m);
  }),

  /**
   * 575: If the placement from which the child goes missing/away from placement without
   * authorisation ends, the missing/away from placement without authorisation period in the missing
   * module must also have an end date.
   */
  rule('575', ['episodes', 'missing'], (c) => {
    for (const child of c.childrenWith('missing')) {
      for (const m of child.missing) {
        if (has(m, 'MIS_END') || m.MIS_START === null) continue;
        const start = m.MIS_START;
        if (child.episodes.some((e) => e.DECOM !== null && e.DEC !== null && start >= e.DECOM && start <= e.DEC)) c.flag(m);
      }
    }
  }),

  /**
   * 577: Child ceased to be looked after but there is a missing/away from placement without
   * authorisation period without an end date. (A missing period that fits no period of care: open
   * while the period of care ended, or outside it.)
   */
  rule('577', ['episodes', 'missing'], (c) =>
    outsideCare(
      c,
      (m, p) => {
        const start = m.MIS_START as IsoDate;
        const end = m.MIS_END;
        if (end === null) return p.end !== null || start < p.start;
        return (p.end !== null && end > p.end) || end < p.start;
      },
      (m) => m.MIS_START !== null,
    ),
  ),

  /** 578: The date that the child started to be missing is after the child ceased to be looked after. */
  rule('578', ['episodes', 'missing'], (c) =>
    outsideCare(c, (m, p) => m.MIS_START !== null && (m.MIS_START < p.start || (p.end !== null && m.MIS_START > p.end))),
  ),

  /**
   * 580: Child is missing when cease being looked after but reason episode ceased not ‘E8’. (A missing
   * period ending on the 18th birthday, the day an episode ended.)
   */
  rule('580', ['episodes', 'missing'], (c) => {
    for (const child of c.childrenWith('missing')) {
      for (const m of child.missing) {
        const eighteenth = c.birthday(m.DOB, 18);
        if (eighteenth === null || m.MIS_END !== eighteenth) continue;
        for (const e of child.episodes) if (e.DEC !== null && e.DEC === m.MIS_END && e.REC !== 'E8') c.flag(e);
      }
    }
  }),

  /** 581: Child is missing but has not yet started to be looked after. (A missing period starting in none of the child's episodes.) */
  rule('581', ['episodes', 'missing'], (c) => {
    for (const child of c.childrenWith('missing')) {
      if (child.episodes.length === 0) continue;
      for (const m of child.missing) {
        const start = m.MIS_START;
        const inCare = start !== null && child.episodes.some((e) => e.DECOM !== null && start >= e.DECOM && (e.DEC === null || start <= e.DEC));
        if (!inCare) c.flag(m);
      }
    }
  }),
];

function compareNullsLast(a: IsoDate | null, b: IsoDate | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
