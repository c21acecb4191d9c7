/**
 * Rules on the child's previous permanence option (previous_permanence.csv): adoption, special
 * guardianship or child arrangements order before this period of care.
 */
import { addDays, addMonths } from '../../../../core/dates.ts';
import { addYears, parseDmy } from '../dates.ts';
import type { IsoDate } from '../model.ts';
import { codes, earliest } from './helpers.ts';
import { rule, type RuleDef } from './engine.ts';

/**
 * DATE_PERM as a date. A part may be unknown: 'ZZ' for the day means the month's last day, 'ZZ' for
 * the month the year's last day (each the latest date it could be), and 'ZZZZ' for the year reads as
 * 2000 (the open validators' reading). Null when it is not a date even so.
 */
export function permanenceDate(text: string | null): IsoDate | null {
  if (text === null) return null;
  const parts = text.split('/');
  if (parts.length !== 3) return null;
  let [day, month, year] = parts as [string, string, string];
  let shift: 'month' | 'year' | null = null;
  if (day === 'ZZ') {
    day = '01';
    shift = 'month';
  }
  if (month === 'ZZ') {
    month = '01';
    shift = 'year';
  }
  if (year === 'ZZZZ') year = '2000';
  const date = parseDmy(`${day}/${month}/${year}`);
  if (date === null || shift === null) return date;
  return addDays(shift === 'month' ? addMonths(date, 1) : addYears(date, 1), -1);
}

const LA_CODES = new Set(
  (
    '800,889,822,301,304,303,330,825,837,302,846,370,350,890,867,380,305,801,351,873,823,895,896,' +
    '381,909,202,908,331,306,841,830,831,878,371,835,332,840,307,308,811,881,845,390,916,203,876,' +
    '850,311,204,884,312,205,313,805,919,310,309,420,921,206,207,886,810,382,314,340,888,208,856,' +
    '383,855,209,925,341,201,821,352,806,887,826,315,929,812,391,926,892,813,802,928,891,392,316,' +
    '815,353,931,879,836,851,874,807,354,317,870,318,372,857,333,935,343,803,373,342,893,356,355,' +
    '871,394,334,933,882,936,861,852,319,860,808,393,866,210,357,894,883,880,358,211,937,869,320,' +
    '359,865,384,335,336,212,868,872,885,344,877,213,938,816,999,WAL,SCO,NUK,NIR'
  ).split(','),
);

export const permanenceRules: RuleDef[] = [
  /**
   * 630: Information on previous permanence option should be returned. (For a child who started to
   * be looked after in the year: a row, with PREV_PERM, and LA_PERM and DATE_PERM unless it is Z1.)
   */
  rule('630', ['prevPerm', 'episodes'], (c) => {
    for (const e of c.rows('episodes')) {
      if (e.RNE !== 'S' || e.DECOM === null || e.DECOM < c.start) continue;
      const rows = c.child(e.CHILD)?.prevPerm ?? [];
      const fails = rows.length === 0 || rows.some((p) => (p.PREV_PERM !== 'Z1' && (p.LA_PERM === null || p.DATE_PERM === null)) || p.PREV_PERM === null);
      if (fails) c.flag(e);
    }
  }),

  /** 631: Previous permanence option not a valid value. */
  rule('631', ['prevPerm'], (c) => {
    const options = codes('P1', 'P2', 'P3', 'P4', 'Z1');
    for (const p of c.rows('prevPerm')) if (p.PREV_PERM !== null && !options.has(p.PREV_PERM)) c.flag(p);
  }),

  /**
   * 632: Date of previous permanence order not a valid value. NOTE: This rule may result in false
   * negatives where the period of care started before the current collection year. (Not a date, or
   * not before the child's first episode.)
   */
  rule('632', ['episodes', 'prevPerm'], (c) => {
    for (const child of c.childrenWith('prevPerm')) {
      const first = earliest(child.episodes, (e) => e.DECOM);
      if (!first) continue;
      for (const p of child.prevPerm) {
        const date = permanenceDate(p.DATE_PERM);
        if ((date !== null && date >= (first.DECOM as string)) || (p.DATE_PERM !== null && date === null)) {
          c.flag(first);
          c.flag(p);
        }
      }
    }
  }),

  /** 633: Local authority code where previous permanence option was arranged is not a valid value. */
  rule('633', ['prevPerm'], (c) => {
    for (const p of c.rows('prevPerm')) if (p.LA_PERM !== null && !LA_CODES.has(p.LA_PERM)) c.flag(p);
  }),

  /**
   * 634: There are entries for previous permanence options, but child has not started to be looked
   * after from 1 April 2016 onwards. (The child's latest episode started before this year.)
   */
  rule('634', ['episodes', 'prevPerm'], (c) => {
    for (const child of c.childrenWith('prevPerm')) {
      let lastStart: IsoDate | null = null;
      for (const e of child.episodes) if (e.DECOM !== null && (lastStart === null || e.DECOM > lastStart)) lastStart = e.DECOM;
      if (lastStart === null || lastStart >= c.start) continue;
      for (const p of child.prevPerm) {
        if (p.PREV_PERM !== null || p.DATE_PERM !== null || p.LA_PERM !== null) {
          c.flag(p);
          c.flagAll(child.episodes);
        }
      }
    }
  }),

  /**
   * 635: There are entries for date of order and local authority code where previous permanence
   * option was arranged but previous permanence code is Z1. (As tested: the code is blank.)
   */
  rule('635', ['prevPerm'], (c) => {
    for (const p of c.rows('prevPerm')) if ((p.LA_PERM !== null || p.DATE_PERM !== null) && p.PREV_PERM === null) c.flag(p);
  }),
];
