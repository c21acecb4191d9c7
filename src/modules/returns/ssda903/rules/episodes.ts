/**
 * Rules on a single episode (episodes.csv): valid codes and dates, and which codes may go
 * together (legal status, placement type, placement provider, reason for new episode, reason
 * episode ceased, reason for placement change).
 */
import { addDays } from '../../../../core/dates.ts';
import { codes, has, invalidDate, isIn, sameText } from './helpers.ts';
import { rule, type RuleDef } from './engine.ts';

const RNE = codes('S', 'P', 'L', 'T', 'U', 'B');
const LS = codes('C1', 'C2', 'D1', 'E1', 'V2', 'V3', 'V4', 'J1', 'J2', 'J3', 'L1', 'L2', 'L3');
const CIN = codes('N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8');
const PLACE = codes(
  'A3', 'A4', 'A5', 'A6', 'K1', 'K2', 'K3', 'P1', 'P3', 'R1', 'R2', 'R3', 'R5', 'S1', 'T0',
  'T1', 'T2', 'T3', 'T4', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'Z11', 'Z12', 'Z13', 'Z14',
);
const REC = codes(
  'E11', 'E12', 'E2', 'E3', 'E4A', 'E4B', 'E13', 'E41', 'E45', 'E46', 'E47', 'E48', 'E5', 'E6',
  'E7', 'E8', 'E9', 'E14', 'E15', 'E16', 'E17', 'X1',
);
const PLACE_PROVIDER = codes('PR0', 'PR1', 'PR2', 'PR3', 'PR4', 'PR5');
const REASON_PLACE_CHANGE = codes(
  'CARPL', 'CLOSE', 'ALLEG', 'STAND', 'APPRR', 'CREQB', 'CREQO', 'CHILD', 'LAREQ', 'PLACE', 'CUSTOD', 'OTHER',
);
/** Temporary placements. */
export const TEMPORARY = codes('T0', 'T1', 'T2', 'T3', 'T4');
/** Placements that have no placement provider (temporary and "Z" placements). */
const NO_PROVIDER = codes('T0', 'T1', 'T2', 'T3', 'T4', 'Z11', 'Z12', 'Z13', 'Z14');
/** Placements with no Ofsted URN: parents, independent living, temporary, "Z" placements. */
const NO_URN = codes('P1', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z11', 'Z12', 'Z13', 'Z14');
/** Short-term breaks (respite) legal statuses. */
export const RESPITE = codes('V3', 'V4');
const FOSTER_OR_ADOPTION = codes('U1', 'U2', 'U3', 'U4', 'U5', 'U6');

export const episodeRules: RuleDef[] = [
  /** 141: Date episode began is not a valid date. */
  rule('141', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) if (invalidDate(e, 'DECOM')) c.flag(e);
  }),

  /** 143: The reason for new episode code is not a valid code. */
  rule('143', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) if (e.RNE !== null && !RNE.has(e.RNE)) c.flag(e);
  }),

  /** 144: The legal status code is not a valid code. */
  rule('144', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) if (e.LS !== null && !LS.has(e.LS)) c.flag(e);
  }),

  /** 145: Category of need code is not a valid code. */
  rule('145', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) if (e.CIN !== null && !CIN.has(e.CIN)) c.flag(e);
  }),

  /** 146: Placement type code is not a valid code. */
  rule('146', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) if (e.PLACE !== null && !PLACE.has(e.PLACE)) c.flag(e);
  }),

  /** 147: Date episode ceased is not a valid date. */
  rule('147', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) if (invalidDate(e, 'DEC')) c.flag(e);
  }),

  /** 148: Date episode ceased and reason episode ceased must both be coded, or both left blank. */
  rule('148', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) if (has(e, 'DEC') !== (e.REC !== null)) c.flag(e);
  }),

  /** 149: Reason episode ceased code is not valid. */
  rule('149', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) if (e.REC !== null && !REC.has(e.REC)) c.flag(e);
  }),

  /**
   * 178: Placement provider code is not a valid code. (If provided, PLACE_PROVIDER must be PR0-PR5
   * and must not be given for placements T0-T3 and Z11-Z14.)
   */
  rule('178', ['episodes'], (c) => {
    const noProvider = codes('T0', 'T1', 'T2', 'T3', 'Z11', 'Z12', 'Z13', 'Z14');
    for (const e of c.rows('episodes')) {
      if (e.PLACE_PROVIDER !== null && !(PLACE_PROVIDER.has(e.PLACE_PROVIDER) && !isIn(e.PLACE, noProvider))) c.flag(e);
    }
  }),

  /** 213: Placement provider information not required. (Temporary and Z placements have no provider.) */
  rule('213', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) if (isIn(e.PLACE, NO_PROVIDER) && e.PLACE_PROVIDER !== null) c.flag(e);
  }),

  /** 214: Placement location information not required. (No PL_POST or URN for respite, LS V3/V4.) */
  rule('214', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) if (isIn(e.LS, RESPITE) && (e.PL_POST !== null || e.URN !== null)) c.flag(e);
  }),

  /**
   * 217: Children who are placed for adoption with current foster carers (placement types A3 or A5)
   * must have a reason for new episode of S, T or U. (Episodes starting on or after 1 April 2015.)
   */
  rule('217', ['episodes'], (c) => {
    const rne = codes('S', 'T', 'U');
    const place = codes('A3', 'A5');
    for (const e of c.rows('episodes')) {
      if (isIn(e.PLACE, place) && e.DECOM !== null && e.DECOM >= '2015-04-01' && !isIn(e.RNE, rne)) c.flag(e);
    }
  }),

  /**
   * 222: Ofsted Unique reference number (URN) should not be recorded for this placement type.
   * (URN other than 'XXXXXXX' with placements P1, P3, R1, R2, R5, T0-T4, Z11-Z14.)
   */
  rule('222', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) if (isIn(e.PLACE, NO_URN) && e.URN !== null && e.URN !== 'XXXXXXX') c.flag(e);
  }),

  // Differs from data-to-insight: its rule reads a column DATE_EPISODE_CEASED that does not exist
  // (KeyError, so it never reports); this reads DEC, the date episode ceased.
  /**
   * 233: Reason for placement change is not required when the episode has not ceased. (If DEC is
   * blank, REASON_PLACE_CHANGE must be blank.)
   */
  rule('233', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) if (!has(e, 'DEC') && e.REASON_PLACE_CHANGE !== null) c.flag(e);
  }),

  /** 353: No episode submitted can start before 14 October 1991. */
  rule('353', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) if (e.DECOM !== null && e.DECOM < '1991-10-14') c.flag(e);
  }),

  /** 354: Date episode ceased must be on or before the end of the current collection year. (Checks DECOM.) */
  rule('354', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) if (e.DECOM !== null && e.DECOM > c.end) c.flag(e);
  }),

  /**
   * 355: Episode appears to have lasted for less than 24 hours. (DECOM and DEC as written are the
   * same, both blank included.)
   */
  rule('355', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) if (sameText(e, 'DECOM', e, 'DEC')) c.flag(e);
  }),

  /** 356: The date the episode ceased is before the date the same episode started. */
  rule('356', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) if (e.DEC !== null && e.DECOM !== null && e.DEC < e.DECOM) c.flag(e);
  }),

  /** 365: Any individual short-term respite placement must not exceed 17 days. (LS V3; open episodes end 31 March.) */
  rule('365', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) {
      if (e.LS !== 'V3' || e.DECOM === null) continue;
      const end = has(e, 'DEC') ? e.DEC : c.end;
      if (end !== null && end > addDays(e.DECOM, 17)) c.flag(e);
    }
  }),

  /** 366: A child cannot change placement during the course of an individual short-term respite break. (LS V3 needs RNE S.) */
  rule('366', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) if (e.LS === 'V3' && e.RNE !== 'S') c.flag(e);
  }),

  /**
   * 377: Only two temporary placements coded as being due to holiday of usual foster carer(s) are
   * allowed in any 12-month period. (More than two T3 episodes in the return.)
   */
  rule('377', ['episodes'], (c) => {
    for (const child of c.children().values()) {
      const holidays = child.episodes.filter((e) => e.PLACE === 'T3');
      if (holidays.length > 2) c.flagAll(holidays);
    }
  }),

  /**
   * 378: A child who is placed with parent(s) cannot be looked after under a single period of
   * accommodation under Section 20 of the Children Act 1989. (P1 with LS V2.)
   */
  rule('378', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) if (e.PLACE === 'P1' && e.LS === 'V2') c.flag(e);
  }),

  /** 380: A period of care cannot start with a temporary placement. (T0-T4 need RNE P or B.) */
  rule('380', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) if (isIn(e.PLACE, TEMPORARY) && e.RNE !== 'P' && e.RNE !== 'B') c.flag(e);
  }),

  /** 381: A period of care cannot end with a temporary placement. (T0-T4 with REC other than X1.) */
  rule('381', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) if (isIn(e.PLACE, TEMPORARY) && e.REC !== null && e.REC !== 'X1') c.flag(e);
  }),

  /** 382: A child receiving respite care cannot be in a temporary placement. */
  rule('382', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) if (isIn(e.LS, RESPITE) && isIn(e.PLACE, TEMPORARY)) c.flag(e);
  }),

  /** 384: A child receiving respite care cannot be in a long-term foster placement. (V3/V4 with U1 or U4.) */
  rule('384', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) if (isIn(e.LS, RESPITE) && (e.PLACE === 'U1' || e.PLACE === 'U4')) c.flag(e);
  }),

  /** 385: Date episode ceased must be on or before the end of the current collection year. */
  rule('385', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) if (e.DEC !== null && e.DEC > c.end) c.flag(e);
  }),

  /** 390: Reason episode ceased is adopted but child has not been previously placed for adoption. (E11/E12 need A3-A6.) */
  rule('390', ['episodes'], (c) => {
    const adoption = codes('A3', 'A4', 'A5', 'A6');
    for (const e of c.rows('episodes')) if ((e.REC === 'E11' || e.REC === 'E12') && !isIn(e.PLACE, adoption)) c.flag(e);
  }),

  /** 398: Distance field completed but child looked after under legal status V3 or V4. (Either postcode given.) */
  rule('398', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) if (isIn(e.LS, RESPITE) && (e.HOME_POST !== null || e.PL_POST !== null)) c.flag(e);
  }),

  /** 408: Child is placed for adoption with a placement order, but no placement order has been recorded. (A5/A6 need LS E1.) */
  rule('408', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) if ((e.PLACE === 'A5' || e.PLACE === 'A6') && e.LS !== 'E1') c.flag(e);
  }),

  /** 426: A child receiving respite care cannot be recorded under a legal status of V3 and V4 in the same year. */
  rule('426', ['episodes'], (c) => {
    for (const child of c.children().values()) {
      const v3 = child.episodes.filter((e) => e.LS === 'V3');
      const v4 = child.episodes.filter((e) => e.LS === 'V4');
      if (v3.length > 0 && v4.length > 0) c.flagAll([...v3, ...v4]);
    }
  }),

  /** 446: E1 is not a valid code for episodes starting before December 2005. */
  rule('446', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) if (e.LS === 'E1' && e.DECOM !== null && e.DECOM < '2005-12-01') c.flag(e);
  }),

  /**
   * 516: The episode data submitted for this child does not show that he/she was with their former
   * foster carer(s) during the year. If the code in the reason episode ceased is E45 or E46 the child
   * must have a placement code of U1 to U6.
   */
  rule('516', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) if ((e.REC === 'E45' || e.REC === 'E46') && !isIn(e.PLACE, FOSTER_OR_ADOPTION)) c.flag(e);
  }),

  /** 526: Child is missing a placement provider code for at least one episode. */
  rule('526', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) if (!isIn(e.PLACE, NO_PROVIDER) && e.PLACE_PROVIDER === null) c.flag(e);
  }),

  /** 527: A placement provider code of PR1 cannot be associated with placements P1, R2 or R5. */
  rule('527', ['episodes'], (c) => {
    const place = codes('P1', 'R2', 'R5');
    for (const e of c.rows('episodes')) if (isIn(e.PLACE, place) && e.PLACE_PROVIDER === 'PR1') c.flag(e);
  }),

  /** 528: A placement provider code of PR2 cannot be associated with placements P1, R2 or R5. */
  rule('528', ['episodes'], (c) => {
    const place = codes('P1', 'R2', 'R5');
    for (const e of c.rows('episodes')) if (isIn(e.PLACE, place) && e.PLACE_PROVIDER === 'PR2') c.flag(e);
  }),

  /**
   * 529: Placement provider code of PR3 cannot be associated with placements P1, A3 to A6, K1, K2 and
   * U1 to U6 as these placements cannot be provided by other public organisations.
   */
  rule('529', ['episodes'], (c) => {
    const place = codes('A3', 'A4', 'A5', 'A6', 'K1', 'K2', 'P1', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6');
    for (const e of c.rows('episodes')) if (isIn(e.PLACE, place) && e.PLACE_PROVIDER === 'PR3') c.flag(e);
  }),

  /** 530: A placement provider code of PR4 cannot be associated with placement P1. */
  rule('530', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) if (e.PLACE === 'P1' && e.PLACE_PROVIDER === 'PR4') c.flag(e);
  }),

  /** 531: A placement provider code of PR5 cannot be associated with placements P1. */
  rule('531', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) if (e.PLACE === 'P1' && e.PLACE_PROVIDER === 'PR5') c.flag(e);
  }),

  /** 550: A placement provider code of PR0 can only be associated with placement P1. */
  rule('550', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) if (e.PLACE !== 'P1' && e.PLACE_PROVIDER === 'PR0') c.flag(e);
  }),

  /** 1009: Reason for placement change is not a valid code. */
  rule('1009', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) {
      if (e.REASON_PLACE_CHANGE !== null && !REASON_PLACE_CHANGE.has(e.REASON_PLACE_CHANGE)) c.flag(e);
    }
  }),
];
