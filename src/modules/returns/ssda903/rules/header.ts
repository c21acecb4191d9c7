/**
 * Rules on the child's details (header.csv): sex, date of birth, ethnicity, UPN, mother status.
 */
import { codes, has, invalidDate, isIn } from './helpers.ts';
import { rule, type RuleDef } from './engine.ts';

const SEX = codes('M', 'F', 'U');
const ETHNIC = codes(
  'WBRI', 'WIRI', 'WOTH', 'WIRT', 'WROM', 'MWBC', 'MWBA', 'MWAS', 'MOTH', 'AIND',
  'APKN', 'ABAN', 'AOTH', 'BCRB', 'BAFR', 'BOTH', 'CHNE', 'OOTH', 'REFU', 'NOBT',
);
const UPN_UNKNOWN = codes('UN1', 'UN2', 'UN3', 'UN4', 'UN5');
// A letter other than I, O or S, then 12 digits or 11 digits and a letter; or an unknown code.
const UPN = /^(?:[A-HJ-NP-RT-Z](?:[0-9]{12}|[0-9]{11}[A-Z])|UN[1-5])/;

export const headerRules: RuleDef[] = [
  /** 101: The child or young person’s reported sex is not valid. (M, F or U; blank is invalid.) */
  rule('101', ['header'], (c) => {
    for (const h of c.rows('header')) if (!isIn(h.SEX, SEX)) c.flag(h);
  }),

  /** 102: Date of birth is not a valid date. (Blank is not a valid date.) */
  rule('102', ['header'], (c) => {
    for (const h of c.rows('header')) if (h.DOB === null) c.flag(h);
  }),

  /** 103: The ethnicity code is either not valid or has not been entered. */
  rule('103', ['header'], (c) => {
    for (const h of c.rows('header')) if (!isIn(h.ETHNIC, ETHNIC)) c.flag(h);
  }),

  /**
   * 105: Data entry for Unaccompanied Asylum-Seeking Children (UASC) status of child is invalid or
   * has not been completed. The CSV return derives UASC status from uasc.csv, so it can only fail
   * for a return built with an explicit status (XML, or Haven's own records).
   */
  rule('105', ['header'], (c) => {
    for (const h of c.rows('header')) if (h.UASC !== null && h.UASC !== '0' && h.UASC !== '1') c.flag(h);
  }),

  /**
   * 168: Unique Pupil Number (UPN) is not valid. If unknown, default codes should be UN1, UN2, UN3,
   * UN4 or UN5.
   */
  rule('168', ['header'], (c) => {
    for (const h of c.rows('header')) if (h.UPN !== null && !UPN.test(h.UPN)) c.flag(h);
  }),

  /** 171: Date of birth of mother's child is not a valid date. */
  rule('171', ['header'], (c) => {
    for (const h of c.rows('header')) if (invalidDate(h, 'MC_DOB')) c.flag(h);
  }),

  /** 174: Mother's child date of birth is recorded but sex shows that the child is a male. */
  rule('174', ['header'], (c) => {
    for (const h of c.rows('header')) if (h.SEX === 'M' && has(h, 'MC_DOB')) c.flag(h);
  }),

  /**
   * 209: Child looked after is of school age and should not have an unknown Unique Pupil Number
   * (UPN) code of UN1. (If DOB is 4 years or more before 31 August of the year before the
   * collection starts, UPN must not be UN1.)
   */
  rule('209', ['header'], (c) => {
    const reference = `${Number(c.start.slice(0, 4)) - 1}-08-31`;
    for (const h of c.rows('header')) {
      const fourth = c.birthday(h.DOB, 4);
      if (h.UPN === 'UN1' && fourth !== null && reference >= fourth) c.flag(h);
    }
  }),

  // Differs from data-to-insight: its rule reads a column UASC_STATUS that the data never has and
  // always fails to run (KeyError); this reads the UASC status the header carries.
  /**
   * 231: We expect that unaccompanied asylum seeking children are generally older young people.
   * Please check the date of birth is correct. If the date of birth is correct then please provide
   * details in a bypass request. (If UASC status is 1, DOB should be more than 11 years before the
   * collection end.)
   */
  rule('231', ['header'], (c) => {
    for (const h of c.rows('header')) {
      const eleventh = c.birthday(h.DOB, 11);
      if (h.UASC === '1' && eleventh !== null && eleventh > c.end) c.flag(h);
    }
  }),

  /** 232: Sex of the child/young person has been reported as unknown. */
  rule('232', ['header'], (c) => {
    for (const h of c.rows('header')) if (h.SEX === 'U') c.flag(h);
  }),

  /** 301: Date of birth falls after the year ended. */
  rule('301', ['header'], (c) => {
    for (const h of c.rows('header')) if (h.DOB !== null && h.DOB > c.end) c.flag(h);
  }),

  /** 351: Child was over 25 at the start of the current collection year. */
  rule('351', ['header'], (c) => {
    for (const h of c.rows('header')) {
      const twentyFifth = c.birthday(h.DOB, 25);
      if (twentyFifth !== null && c.start > twentyFifth) c.flag(h);
    }
  }),

  /** 444: Duplicate UPN has been reported. (A UPN other than UN1-UN5 must be unique in the return.) */
  rule('444', ['header'], (c) => {
    const header = c.rows('header');
    const count = new Map<string, number>();
    for (const h of header) if (h.UPN !== null && !UPN_UNKNOWN.has(h.UPN)) count.set(h.UPN, (count.get(h.UPN) ?? 0) + 1);
    for (const h of header) if (h.UPN !== null && (count.get(h.UPN) ?? 0) > 1) c.flag(h);
  }),

  /** 611: Date of birth field is blank, but child is a mother. */
  rule('611', ['header'], (c) => {
    for (const h of c.rows('header')) if (h.MOTHER === '1' && !has(h, 'MC_DOB')) c.flag(h);
  }),

  /** 612: Date of birth field has been completed but mother field indicates child is not a mother. */
  rule('612', ['header'], (c) => {
    for (const h of c.rows('header')) {
      if ((h.MOTHER === '0' || h.MOTHER === null) && h.SEX === 'F' && has(h, 'MC_DOB')) c.flag(h);
    }
  }),

  /** 620: Child has been recorded as a mother, but date of birth shows that the mother is under 11 years of age. */
  rule('620', ['header'], (c) => {
    for (const h of c.rows('header')) {
      const eleventh = c.birthday(h.DOB, 11);
      if (h.MOTHER === '1' && eleventh !== null && eleventh > c.start) c.flag(h);
    }
  }),

  /** 621: Mother’s field has been completed but date of birth shows that the mother is younger than her child. */
  rule('621', ['header'], (c) => {
    for (const h of c.rows('header')) if (h.MC_DOB !== null && !(h.DOB !== null && h.MC_DOB > h.DOB)) c.flag(h);
  }),

  /**
   * EPI: WARNING: Episodes need to be loaded for this child before further validation is possible
   * [NOTE: This refers to the DfE portal - here, all checks that can be performed with only the
   * available data will be.] (A header child with neither episodes nor a care leaver record.)
   */
  rule('EPI', ['header'], (c) => {
    const withEpisodes = c.childIds('episodes');
    const careLeavers = c.childIds('oc3');
    for (const h of c.rows('header')) if (!withEpisodes.has(h.CHILD) && !careLeavers.has(h.CHILD)) c.flag(h);
  }),

];
