/**
 * Internal checks that the return's files agree with each other: every child in a file is in
 * header.csv with the same date of birth (and sex), a child appears once in the one-row-per-child
 * files, and children with no episodes carry no other looked-after data.
 */
import type { TableName } from '../model.ts';
import { rule, type RuleDef } from './engine.ts';

type ChildFile = Exclude<TableName, 'header' | 'swEpisodes'>;

/** "INTnn: Internal Check: Child in <file> does not exist in Header." */
function childNotInHeader(code: string, table: ChildFile): RuleDef {
  return rule(code, ['header', table], (c) => {
    const inHeader = c.childIds('header');
    for (const row of c.rows(table)) if (!inHeader.has(row.CHILD)) c.flag(row);
  });
}

/** "INTnn: Internal Check: DOB in <file> is different to DOB in Header." (Both valid dates.) */
function dobDiffers(code: string, table: Exclude<ChildFile, 'episodes'>): RuleDef {
  return rule(code, ['header', table], (c) => {
    for (const row of c.rows(table)) {
      if (row.DOB === null) continue;
      for (const h of c.child(row.CHILD)?.header ?? []) {
        if (h.DOB !== null && h.DOB !== row.DOB) {
          c.flag(row);
          break;
        }
      }
    }
  });
}

/** "INTnn: Internal Check: Child should only exist once in <file>." */
function onlyOnce(code: string, table: 'header' | 'ad1' | 'oc2' | 'oc3' | 'prevPerm' | 'uasc'): RuleDef {
  return rule(code, [table], (c) => {
    for (const row of c.rows(table)) if ((c.child(row.CHILD)?.[table].length ?? 0) > 1) c.flag(row);
  });
}

export const integrityRules: RuleDef[] = [
  // INT01: Data Integrity Check: Child in AD1 does not exist in Header.
  childNotInHeader('INT01', 'ad1'),
  // INT02: Internal Check: Child in PlacedAdoption does not exist in Header.
  childNotInHeader('INT02', 'placedAdoption'),
  // INT03: Internal Check: Child in Episodes does not exist in Header.
  childNotInHeader('INT03', 'episodes'),
  // INT04: Internal Check: Child in Missing does not exist in Header.
  childNotInHeader('INT04', 'missing'),
  // INT05: Internal Check: Child in OC2 does not exist in Header.
  childNotInHeader('INT05', 'oc2'),
  // INT06: Internal Check: Child in OC3 does not exist in Header.
  childNotInHeader('INT06', 'oc3'),
  // INT07: Internal Check: Child in PrevPerm does not exist in Header.
  childNotInHeader('INT07', 'prevPerm'),
  // INT08: Internal Check: Child in Reviews does not exist in Header.
  childNotInHeader('INT08', 'reviews'),
  // INT09: Internal Check: Child in UASC does not exist in Header.
  childNotInHeader('INT09', 'uasc'),

  // INT11: Internal Check: DOB in AD1 is different to DOB in Header.
  dobDiffers('INT11', 'ad1'),
  // INT12: Internal Check: DOB in PlacedAdoption is different to DOB in Header.
  dobDiffers('INT12', 'placedAdoption'),
  // INT13: Internal Check: DOB in Missing is different to DOB in Header.
  dobDiffers('INT13', 'missing'),
  // INT14: Internal Check: DOB in OC2 is different to DOB in Header.
  dobDiffers('INT14', 'oc2'),
  // INT15: Internal Check: DOB in OC3 is different to DOB in Header.
  dobDiffers('INT15', 'oc3'),
  // INT16: Internal Check: DOB in PrevPerm is different to DOB in Header.
  dobDiffers('INT16', 'prevPerm'),
  // INT17: Internal Check: DOB in Reviews is different to DOB in Header.
  dobDiffers('INT17', 'reviews'),
  // INT18: Internal Check: DOB in UASC is different to DOB in Header.
  dobDiffers('INT18', 'uasc'),

  /** INT21: Internal Check: SEX in UASC is different to SEX in Header. */
  rule('INT21', ['uasc', 'header'], (c) => {
    for (const u of c.rows('uasc')) {
      if (u.SEX === null) continue;
      if ((c.child(u.CHILD)?.header ?? []).some((h) => h.SEX !== null && h.SEX !== u.SEX)) c.flag(u);
    }
  }),

  // INT31: Internal Check: Child should only exist once in AD1.
  onlyOnce('INT31', 'ad1'),
  // INT32: Internal Check: Child should only exist once in Header.
  onlyOnce('INT32', 'header'),
  // INT33: Internal Check: Child should only exist once in OC2.
  onlyOnce('INT33', 'oc2'),
  // INT34: Internal Check: Child should only exist once in OC3.
  onlyOnce('INT34', 'oc3'),
  // INT35: Internal Check: Child should only exist once in PrevPerm.
  onlyOnce('INT35', 'prevPerm'),
  // INT36: Internal Check: Child should only exist once in UASC.
  onlyOnce('INT36', 'uasc'),

  /**
   * 1012: No other data should be returned for OC3 children who had no episodes in the current year.
   * (Rows of placed_for_adoption, missing, reviews, ad1, previous_permanence and oc2 for a child
   * with no episode.)
   */
  rule('1012', ['episodes'], (c) => {
    const withEpisodes = c.childIds('episodes');
    for (const table of ['placedAdoption', 'missing', 'reviews', 'ad1', 'prevPerm', 'oc2'] as const) {
      for (const row of c.current[table] ?? []) if (!withEpisodes.has(row.CHILD)) c.flag(row);
    }
  }),
];
