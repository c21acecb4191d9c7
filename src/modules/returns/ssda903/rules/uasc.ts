/**
 * Rules on unaccompanied asylum-seeking children (uasc.csv) and its agreement with header.csv.
 */
import { has, invalidDate } from './helpers.ts';
import { rule, type RuleDef } from './engine.ts';

export const uascRules: RuleDef[] = [
  /**
   * 104: Date for Unaccompanied Asylum-Seeking Children (UASC) status ceased is not a valid date.
   * (Also fails when the date is before the collection year.)
   */
  rule('104', ['uasc'], (c) => {
    for (const u of c.rows('uasc')) if (invalidDate(u, 'DUC') || (u.DUC !== null && u.DUC < c.start)) c.flag(u);
  }),

  /** 303: If date Unaccompanied Asylum-Seeking Child (UASC) status ceased is not null, UASC status must be coded 1. */
  rule('303', ['uasc', 'header'], (c) => {
    for (const child of c.childrenWith('uasc')) {
      for (const h of child.header) {
        if (h.UASC === null || h.UASC === '1') continue;
        for (const u of child.uasc) {
          if (has(u, 'DUC')) {
            c.flag(u);
            c.flag(h);
          }
        }
      }
    }
  }),

  /** 304: Date unaccompanied asylum-seeking child (UASC) status ceased must be on or before the 18th birthday of a child. */
  rule('304', ['uasc'], (c) => {
    for (const u of c.rows('uasc')) {
      const eighteenth = c.birthday(u.DOB, 18);
      if (u.DUC !== null && eighteenth !== null && u.DUC > eighteenth) c.flag(u);
    }
  }),


  /**
   * 1014: UASC information is not required for care leavers. (A child with UASC and care leaver data
   * whose episodes all fall outside the year.)
   */
  rule('1014', ['uasc', 'episodes', 'oc3'], (c) => {
    for (const child of c.childrenWith('uasc')) {
      if (child.episodes.length === 0 || child.uasc.length === 0) continue;
      const inYear = child.episodes.some((e) => e.DECOM !== null && e.DECOM <= c.end && (e.DEC === null || e.DEC >= c.start));
      if (inYear) continue;
      const careLeaver = child.oc3.filter((o) => o.IN_TOUCH !== null || o.ACTIV !== null || o.ACCOM !== null);
      if (careLeaver.length === 0) continue;
      c.flagAll(child.uasc);
      c.flagAll(careLeaver);
    }
  }),
];
