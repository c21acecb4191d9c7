/**
 * Rules on adoption: the adoption details (ad1.csv), decisions that a child should or should no
 * longer be placed for adoption (placed_for_adoption.csv), and how both fit the child's episodes.
 */
import type { Ad1Row, PlacedAdoptionRow } from '../model.ts';
import { codes, earliest, has, invalidDate, isIn, latest, text } from './helpers.ts';
import { rule, type RuleContext, type RuleDef } from './engine.ts';

const AD1_FIELDS = ['DATE_INT', 'DATE_MATCH', 'FOSTER_CARE', 'NB_ADOPTR', 'SEX_ADOPTR', 'LS_ADOPTR'] as const;
const PLACED_FOR_ADOPTION = codes('A3', 'A4', 'A5', 'A6');
const ADOPTED = codes('E11', 'E12');

/** True when any adoption detail of the AD1 row was filled in. */
function anyAdoptionDetail(a: Ad1Row): boolean {
  return AD1_FIELDS.some((field) => has(a, field));
}

/** Flags AD1 rows whose legal status of adopters needs one of the given sexes of adopters. */
function adopterSexFor(c: RuleContext, legalStatus: string, allowed: ReadonlySet<string>): void {
  for (const a of c.rows('ad1')) if (a.LS_ADOPTR === legalStatus && !isIn(a.SEX_ADOPTR, allowed)) c.flag(a);
}

export const adoptionRules: RuleDef[] = [
  /** 112: Date should be placed for adoption is not a valid date. */
  rule('112', ['ad1'], (c) => {
    for (const a of c.rows('ad1')) if (invalidDate(a, 'DATE_INT')) c.flag(a);
  }),

  /** 113: Date matching child and adopter(s) is not a valid date. */
  rule('113', ['ad1'], (c) => {
    for (const a of c.rows('ad1')) if (invalidDate(a, 'DATE_MATCH')) c.flag(a);
  }),

  /** 114: Data entry to record the status of former carer(s) of an adopted child is invalid. (0 or 1.) */
  rule('114', ['ad1'], (c) => {
    for (const a of c.rows('ad1')) if (a.FOSTER_CARE !== null && a.FOSTER_CARE !== '0' && a.FOSTER_CARE !== '1') c.flag(a);
  }),

  /** 151: All data items relating to a childs adoption must be coded or left blank. */
  rule('151', ['ad1'], (c) => {
    for (const a of c.rows('ad1')) {
      const filled = AD1_FIELDS.filter((field) => has(a, field)).length;
      if (filled > 0 && filled < AD1_FIELDS.length) c.flag(a);
    }
  }),

  /** 175: The number of adopter(s) code is not a valid code. (1 or 2.) */
  rule('175', ['ad1'], (c) => {
    for (const a of c.rows('ad1')) if (a.NB_ADOPTR !== null && a.NB_ADOPTR !== '1' && a.NB_ADOPTR !== '2') c.flag(a);
  }),

  /** 176: The gender of adopter(s) at the date of adoption code is not a valid code. */
  rule('176', ['ad1'], (c) => {
    const sex = codes('M1', 'F1', 'MM', 'FF', 'MF');
    for (const a of c.rows('ad1')) if (a.SEX_ADOPTR !== null && !sex.has(a.SEX_ADOPTR)) c.flag(a);
  }),

  /** 177: The legal status of adopter(s) code is not a valid code. */
  rule('177', ['ad1'], (c) => {
    const status = codes('L0', 'L11', 'L12', 'L2', 'L3', 'L4');
    for (const a of c.rows('ad1')) if (a.LS_ADOPTR !== null && !status.has(a.LS_ADOPTR)) c.flag(a);
  }),

  /** 333: Date should be placed for adoption must be on or prior to the date of matching child with adopter(s). */
  rule('333', ['ad1'], (c) => {
    for (const a of c.rows('ad1')) if (a.DATE_MATCH !== null && (a.DATE_INT === null || a.DATE_INT > a.DATE_MATCH)) c.flag(a);
  }),

  /**
   * 511: If reporting that the number of person(s) adopting the looked after child is two adopters
   * then the code should only be MM, FF or MF.
   */
  rule('511', ['ad1'], (c) => {
    for (const a of c.rows('ad1')) if (a.NB_ADOPTR === '2' && (a.SEX_ADOPTR === 'M1' || a.SEX_ADOPTR === 'F1')) c.flag(a);
  }),

  /**
   * 514: Data entry on the legal status of adopters shows a single adopter but data entry for the
   * numbers of adopters shows it as a couple. (L0 needs M1 or F1.)
   */
  rule('514', ['ad1'], (c) => adopterSexFor(c, 'L0', codes('M1', 'F1'))),

  /** 517: If reporting legal status of adopters is L3 then the genders of adopters should be coded as MF. */
  rule('517', ['ad1'], (c) => adopterSexFor(c, 'L3', codes('MF'))),

  /** 518: If reporting legal status of adopters is L4 then the genders of adopters should be coded as MM or FF. */
  rule('518', ['ad1'], (c) => adopterSexFor(c, 'L4', codes('MM', 'FF'))),

  /**
   * 519: Data entered on the legal status of adopters shows civil partnership couple, but data
   * entered on genders of adopters does not show it as a couple. (L2 needs MM, FF or MF.)
   */
  rule('519', ['ad1'], (c) => adopterSexFor(c, 'L2', codes('MM', 'FF', 'MF'))),

  /**
   * 520: Data entry on the legal status of adopters shows different gender married couple but data
   * entry on genders of adopters shows it as a same gender couple. (L11 needs MF.)
   */
  rule('520', ['ad1'], (c) => adopterSexFor(c, 'L11', codes('MF'))),

  /** 524: If reporting legal status of adopters is L12 then the genders of adopters should be coded as MM or FF. */
  rule('524', ['ad1'], (c) => adopterSexFor(c, 'L12', codes('MM', 'FF'))),

  /** 115: Date of Local Authority's (LA) decision that a child should be placed for adoption is not a valid date. */
  rule('115', ['placedAdoption'], (c) => {
    for (const p of c.rows('placedAdoption')) if (invalidDate(p, 'DATE_PLACED')) c.flag(p);
  }),

  /** 116: Date of Local Authority's (LA) decision that a child should no longer be placed for adoption is not a valid date. */
  rule('116', ['placedAdoption'], (c) => {
    for (const p of c.rows('placedAdoption')) if (invalidDate(p, 'DATE_PLACED_CEASED')) c.flag(p);
  }),

  /**
   * 119: If the decision is made that a child should no longer be placed for adoption, then the date
   * of this decision and the reason why this decision was made must be completed.
   */
  rule('119', ['placedAdoption'], (c) => {
    for (const p of c.rows('placedAdoption')) if (has(p, 'DATE_PLACED_CEASED') !== (p.REASON_PLACED_CEASED !== null)) c.flag(p);
  }),

  /** 120: The reason for the reversal of the decision that the child should be placed for adoption code is not valid. */
  rule('120', ['placedAdoption'], (c) => {
    const reasons = codes('RD1', 'RD2', 'RD3', 'RD4');
    for (const p of c.rows('placedAdoption')) if (p.REASON_PLACED_CEASED !== null && !reasons.has(p.REASON_PLACED_CEASED)) c.flag(p);
  }),

  /**
   * 522: Date of decision that the child should be placed for adoption must be on or before the date
   * that a child should no longer be placed for adoption.
   */
  rule('522', ['placedAdoption'], (c) => {
    for (const p of c.rows('placedAdoption')) {
      if (p.DATE_PLACED_CEASED !== null && p.DATE_PLACED !== null && p.DATE_PLACED_CEASED < p.DATE_PLACED) c.flag(p);
    }
  }),

  /**
   * 563: The child should no longer be placed for adoption but the date of the decision that the
   * child should be placed for adoption is blank.
   */
  rule('563', ['placedAdoption'], (c) => {
    for (const p of c.rows('placedAdoption')) {
      if (p.REASON_PLACED_CEASED !== null && has(p, 'DATE_PLACED_CEASED') && !has(p, 'DATE_PLACED')) c.flag(p);
    }
  }),

  /**
   * 579: A new decision that the child should be placed for adoption this year cannot start when the
   * previous decision is still open. Decisions to place the child for adoption should also not
   * overlap. The date of any new decision to place the child for adoption must not be before the date
   * placed ceased of previous decisions.
   */
  rule('579', ['placedAdoption'], (c) => {
    for (const child of c.childrenWith('placedAdoption')) {
      const sorted = [...child.placedAdoption].sort((a, b) => compareNullsLast(a.DATE_PLACED, b.DATE_PLACED));
      for (let i = 1; i < sorted.length; i += 1) {
        const p = sorted[i] as PlacedAdoptionRow;
        const previousCeased = (sorted[i - 1] as PlacedAdoptionRow).DATE_PLACED_CEASED;
        if (previousCeased === null || (p.DATE_PLACED !== null && p.DATE_PLACED < previousCeased)) c.flag(p);
      }
    }
  }),

  // Differs from data-to-insight on the latest decision: it sorts DATE_PLACED as dd/mm/yyyy text
  // (31/01/2020 after 01/12/2024); this compares dates.
  /**
   * 583: More than one date the child should be placed for adoption has been reported, but an
   * earlier decision has not been revoked. Check that both dates are required and add in the date the
   * earlier decision was revoked. Note this may be in a previous year. (Every decision but the latest
   * needs DATE_PLACED_CEASED.)
   */
  rule('583', ['placedAdoption'], (c) => {
    for (const child of c.childrenWith('placedAdoption')) {
      const decisions = child.placedAdoption;
      if (decisions.length < 2) continue;
      const latestDecision = latest(decisions, (p) => p.DATE_PLACED) ?? decisions[0];
      for (const p of decisions) if (p !== latestDecision && !has(p, 'DATE_PLACED_CEASED')) c.flag(p);
    }
  }),

  /**
   * 117: Date of decision that a child should/should no longer be placed for adoption is beyond the
   * current collection year or after the child ceased to be looked after. (Compared with the child's
   * latest episode that ended with REC other than X1.)
   */
  rule('117', ['episodes', 'placedAdoption'], (c) => {
    for (const child of c.childrenWith('placedAdoption')) {
      const last = latest(
        child.episodes.filter((e) => e.REC !== 'X1'),
        (e) => e.DECOM,
      );
      if (!last) continue;
      for (const p of child.placedAdoption) {
        if (lateDecision(p.DATE_PLACED, c.end, last.DEC) || lateDecision(p.DATE_PLACED_CEASED, c.end, last.DEC)) {
          c.flag(last);
          c.flag(p);
        }
      }
    }
  }),

  /**
   * 118: Date of decision that a child should no longer be placed for adoption is before the current
   * collection year or before the date the child started to be looked after. (Compared with the
   * earliest episode that is not respite.)
   */
  rule('118', ['episodes', 'placedAdoption'], (c) => {
    for (const child of c.childrenWith('placedAdoption')) {
      const first = earliest(
        child.episodes.filter((e) => e.LS !== 'V3' && e.LS !== 'V4'),
        (e) => e.DECOM,
      );
      if (!first) continue;
      for (const p of child.placedAdoption) {
        const ceased = p.DATE_PLACED_CEASED;
        if (ceased !== null && (ceased < (first.DECOM as string) || ceased < c.start)) {
          c.flag(first);
          c.flag(p);
        }
      }
    }
  }),

  /**
   * 184: Date of decision that a child should be placed for adoption is before the child was born.
   * (Against the DOB on the placed_for_adoption row itself, as the open validators compare it; a
   * decision with no valid DOB fails.)
   */
  rule('184', ['header', 'placedAdoption'], (c) => {
    for (const p of c.rows('placedAdoption')) if (p.DATE_PLACED !== null && !(p.DOB !== null && p.DATE_PLACED >= p.DOB)) c.flag(p);
  }),

  /**
   * 551: Child has been placed for adoption but there is no date of the decision that the child
   * should be placed for adoption. (A3-A6 episodes need a decision with DATE_PLACED.)
   */
  rule('551', ['episodes', 'placedAdoption'], (c) => {
    for (const e of c.rows('episodes')) {
      if (!isIn(e.PLACE, PLACED_FOR_ADOPTION)) continue;
      const decisions = c.child(e.CHILD)?.placedAdoption ?? [];
      if (decisions.length === 0 || decisions.some((p) => !has(p, 'DATE_PLACED'))) c.flag(e);
    }
  }),

  /**
   * 552: Date of Decision to place a child for adoption should be on or prior to the date that the
   * child was placed for adoption. (Latest decision against the first A3-A6 episode.)
   */
  rule('552', ['episodes', 'placedAdoption'], (c) => {
    for (const child of c.childrenWith('placedAdoption')) {
      const decision = latest(child.placedAdoption, (p) => p.DATE_PLACED);
      const placed = earliest(
        child.episodes.filter((e) => isIn(e.PLACE, PLACED_FOR_ADOPTION)),
        (e) => e.DECOM,
      );
      if (decision && placed && (placed.DECOM as string) < (decision.DATE_PLACED as string)) {
        c.flag(placed);
        c.flag(decision);
      }
    }
  }),

  /**
   * 553: Placement order has been granted but there is no date of decision that the child should be
   * placed for adoption. (LS E1 needs a decision row; an open E1 episode's decisions must not have
   * ceased.)
   */
  rule('553', ['episodes', 'placedAdoption'], (c) => {
    for (const child of c.children().values()) {
      for (const e of child.episodes) {
        if (e.LS !== 'E1') continue;
        if (child.placedAdoption.length === 0) c.flag(e);
        if (has(e, 'DEC')) continue;
        for (const p of child.placedAdoption) if (has(p, 'DATE_PLACED_CEASED') || p.REASON_PLACED_CEASED !== null) c.flag(p);
      }
    }
    // Rows with no CHILD cannot be matched; an E1 episode with a blank CHILD has no decision.
    for (const e of c.rows('episodes')) if (e.CHILD === null && e.LS === 'E1') c.flag(e);
  }),

  /**
   * 554: Date of decision that the child should be placed for adoption should be on or prior to the
   * date that the placement order was granted. (Decisions against the first E1 episode.)
   */
  rule('554', ['episodes', 'placedAdoption'], (c) => {
    for (const child of c.childrenWith('placedAdoption')) {
      const order = earliest(
        child.episodes.filter((e) => e.LS === 'E1'),
        (e) => e.DECOM,
      );
      if (!order) continue;
      for (const p of child.placedAdoption) {
        if (p.DATE_PLACED !== null && p.DATE_PLACED > (order.DECOM as string)) {
          c.flag(order);
          c.flag(p);
        }
      }
    }
  }),

  /**
   * 557: Child for whom the decision was made that they should be placed for adoption has left care
   * but was not adopted and information on the decision that they should no longer be placed for
   * adoption items has not been completed.
   */
  rule('557', ['episodes', 'placedAdoption'], (c) => {
    for (const e of c.rows('episodes')) {
      const leftNotAdopted = e.REC !== null && e.REC !== 'X1' && !ADOPTED.has(e.REC);
      if (!leftNotAdopted || !(isIn(e.PLACE, PLACED_FOR_ADOPTION) || e.LS === 'E1')) continue;
      const decisions = c.child(e.CHILD)?.placedAdoption ?? [];
      if (decisions.length === 0) c.flag(e);
      for (const p of decisions) {
        if (!has(p, 'DATE_PLACED_CEASED') || p.REASON_PLACED_CEASED === null) {
          c.flag(e);
          c.flag(p);
        }
      }
    }
  }),

  /**
   * 558: If a child has been adopted, then the decision to place them for adoption has not been
   * disrupted and the date of the decision that a child should no longer be placed for adoption
   * should be left blank. (As the open validators test it: an adopted child every one of whose
   * decisions has ceased, with more than one adoption episode or decision.)
   */
  rule('558', ['episodes', 'placedAdoption'], (c) => {
    for (const child of c.childrenWith('placedAdoption')) {
      const adoptions = child.episodes.filter((e) => isIn(e.REC, ADOPTED));
      const decisions = child.placedAdoption;
      if (adoptions.length === 0 || decisions.length === 0) continue;
      if (decisions.some((p) => !has(p, 'DATE_PLACED_CEASED'))) continue;
      if (adoptions.length * decisions.length > 1) c.flagAll(adoptions);
    }
  }),

  /**
   * 1003: Date of LA's decision that a child should be placed for adoption is before the child
   * started to be looked after. (Against the first episode with RNE S.)
   */
  rule('1003', ['episodes', 'placedAdoption'], (c) => {
    for (const child of c.childrenWith('placedAdoption')) {
      const start = earliest(
        child.episodes.filter((e) => e.RNE === 'S'),
        (e) => e.DECOM,
      );
      if (!start) continue;
      for (const p of child.placedAdoption) {
        if (p.DATE_PLACED !== null && p.DATE_PLACED < (start.DECOM as string)) {
          c.flag(start);
          c.flag(p);
        }
      }
    }
  }),

  /**
   * 331: Date of matching child and adopter(s) should be the same as, or prior to, the date of
   * placement of adoption. (DATE_MATCH after DECOM of an adoption episode, REC E11/E12.)
   */
  rule('331', ['ad1', 'episodes'], (c) => {
    for (const child of c.childrenWith('ad1')) {
      for (const e of child.episodes) {
        if (!isIn(e.REC, ADOPTED)) continue;
        for (const a of child.ad1) {
          if (a.DATE_MATCH !== null && e.DECOM !== null && a.DATE_MATCH > e.DECOM) {
            c.flag(a);
            c.flag(e);
          }
        }
      }
    }
  }),

  /**
   * 334: Date child started to be looked after in latest period of care must be on or prior to the
   * date should be placed for adoption. (Latest episode with RNE S.)
   */
  rule('334', ['episodes', 'ad1'], (c) => {
    for (const child of c.childrenWith('ad1')) {
      const start = latest(
        child.episodes.filter((e) => e.RNE === 'S'),
        (e) => e.DECOM,
      );
      if (!start) continue;
      for (const a of child.ad1) {
        if (a.DATE_INT !== null && a.DATE_INT < (start.DECOM as string)) {
          c.flag(start);
          c.flag(a);
        }
      }
    }
  }),

  /**
   * 335: The current foster value (0) suggests that child is not adopted by current foster carer,
   * but last placement is A2, A3, or A5. Or the current foster value (1) suggests that child is
   * adopted by current foster carer, but last placement is A1, A4 or A6.
   */
  rule('335', ['episodes', 'ad1'], (c) => {
    const ended = codes('E1', 'E11', 'E12');
    const withFosterCarer = codes('A2', 'A3', 'A5');
    const notWithFosterCarer = codes('A1', 'A4', 'A6');
    for (const child of c.childrenWith('ad1')) {
      for (const e of child.episodes) {
        if (!isIn(e.REC, ended)) continue;
        for (const a of child.ad1) {
          if ((isIn(e.PLACE, withFosterCarer) && a.FOSTER_CARE === '0') || (isIn(e.PLACE, notWithFosterCarer) && a.FOSTER_CARE === '1')) {
            c.flag(e);
            c.flag(a);
          }
        }
      }
    }
  }),

  /**
   * 521: Date of local authority's decision (LA) that adoption is in the best interests of the child
   * (date should be placed) must be on or prior to the date the child is placed for adoption.
   */
  rule('521', ['episodes', 'ad1'], (c) => {
    for (const child of c.childrenWith('ad1')) {
      for (const e of child.episodes) {
        if (!isIn(e.PLACE, PLACED_FOR_ADOPTION) || e.DECOM === null) continue;
        for (const a of child.ad1) {
          if (a.DATE_INT !== null && a.DATE_INT > e.DECOM) {
            c.flag(e);
            c.flag(a);
          }
        }
      }
    }
  }),

  /**
   * 582: Child is showing as ceasing to be looked after due to adoption, but the date of adoption is
   * the same as the date reported for being matched with adopters. In most circumstances we expect
   * the date the child is matched with adopters to be before the date of adoption. (Compared as
   * written.)
   */
  rule('582', ['episodes', 'ad1'], (c) => {
    for (const child of c.childrenWith('ad1')) {
      for (const e of child.episodes) {
        const ended = text(e, 'DEC');
        if (isIn(e.REC, ADOPTED) && ended !== null && child.ad1.some((a) => text(a, 'DATE_MATCH') === ended)) c.flag(e);
      }
    }
  }),

  /**
   * 601: The additional fields relating to adoption have not been completed although the episode data
   * shows that the child was adopted during the year.
   */
  rule('601', ['episodes', 'ad1'], (c) => {
    for (const child of c.childrenWith('ad1')) {
      for (const e of child.episodes) {
        if (!isIn(e.REC, ADOPTED) || e.DEC === null || e.DEC < c.start || e.DEC > c.end) continue;
        for (const a of child.ad1) {
          if (AD1_FIELDS.some((field) => !has(a, field))) {
            c.flag(e);
            c.flag(a);
          }
        }
      }
    }
  }),

  /** 602: The episode data submitted for this child does not show that he/she was adopted during the year. */
  rule('602', ['episodes', 'ad1'], (c) => {
    for (const a of c.rows('ad1')) {
      if (!anyAdoptionDetail(a)) continue;
      const adoptedInYear = c
        .episodesOf(a.CHILD)
        .some((e) => isIn(e.REC, ADOPTED) && e.DEC !== null && e.DEC >= c.start && e.DEC <= c.end);
      if (!adoptedInYear) c.flag(a);
    }
  }),

  /**
   * 523: Date of decision that the child should be placed for adoption should be the same date as the
   * decision that adoption is in the best interest (date should be placed).
   */
  rule('523', ['ad1', 'placedAdoption'], (c) => {
    for (const child of c.childrenWith('placedAdoption')) {
      for (const p of child.placedAdoption) {
        if (p.DATE_PLACED === null) continue;
        for (const a of child.ad1) {
          if (a.DATE_INT !== null && a.DATE_INT !== p.DATE_PLACED) {
            c.flag(p);
            c.flag(a);
          }
        }
      }
    }
  }),

  /** 525: A child for whom the decision to be placed for adoption has been reversed cannot be adopted during the year. */
  rule('525', ['placedAdoption', 'ad1'], (c) => {
    for (const child of c.childrenWith('placedAdoption')) {
      for (const p of child.placedAdoption) {
        if (!has(p, 'DATE_PLACED_CEASED')) continue;
        for (const a of child.ad1) {
          if (anyAdoptionDetail(a)) {
            c.flag(p);
            c.flag(a);
          }
        }
      }
    }
  }),

  /** 134: Data on adoption should not be entered for the OC3 cohort. */
  rule('134', ['oc3', 'ad1'], (c) => {
    for (const a of c.rows('ad1')) {
      if (!anyAdoptionDetail(a)) continue;
      const careLeaver = (c.child(a.CHILD)?.oc3 ?? []).some((o) => o.IN_TOUCH !== null || o.ACTIV !== null || o.ACCOM !== null);
      if (careLeaver) c.flag(a);
    }
  }),
];

/** A decision date after the collection year or after the child ceased to be looked after (117). */
function lateDecision(date: string | null, end: string, ceased: string | null): boolean {
  return date !== null && (date > end || (ceased !== null && date > ceased));
}

function compareNullsLast(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
