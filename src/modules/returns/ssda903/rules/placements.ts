/**
 * Rules on where a child is placed: postcodes and what is derived from them (placement LA,
 * location in or out of the authority, distance from home), and the Ofsted URN of the placement
 * checked against Ofsted's lists of children's homes and social care providers.
 *
 * Rules that need derived postcode facts declare 'postcodes' and are skipped without a postcode
 * lookup (HAVEN_POSTCODES_FILE); URN lookup rules declare 'providers' and are skipped without the
 * Ofsted lists, as the open validators skip them.
 */
import type { EpisodeRow, Ssda903Tables } from '../model.ts';
import { postcodeKey } from '../postcodes.ts';
import { codes, has, isIn } from './helpers.ts';
import { rule, type RuleContext, type RuleDef } from './engine.ts';
import { RESPITE } from './episodes.ts';

/** The placement type codes exempt from needing a URN (218). */
const NO_URN = codes('P1', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z11', 'Z12', 'Z13', 'Z14');
const OUTSIDE_ENGLAND = codes('CON', 'NIR', 'SCO', 'WAL', 'NUK');
const NO_URN_CHECK = 'XXXXXXX';

/** Children in uasc.csv who count as UASC: any of its cells beyond CHILD filled in. */
function uascChildrenOf(tables: Ssda903Tables | undefined): Set<string | null> | null {
  if (!tables?.uasc) return null;
  if (tables.header) return new Set(tables.header.filter((h) => h.UASC === '1').map((h) => h.CHILD));
  return new Set(tables.uasc.filter((u) => u.SEX !== null || has(u, 'DOB') || has(u, 'DUC')).map((u) => u.CHILD));
}

/**
 * Children who are or were UASC, from this and last year's files; null when no file says who is
 * UASC (then the rules that exclude or target them cannot run).
 */
function uascEver(c: RuleContext): Set<string | null> | null {
  const now = uascChildrenOf(c.current);
  const before = uascChildrenOf(c.previous);
  if (!now && !before) return null;
  return new Set([...(now ?? []), ...(before ?? [])]);
}

/** Episodes with a URN to look up (not blank, not 'XXXXXXX'). */
function episodesWithUrn(c: RuleContext): EpisodeRow[] {
  return c.rows('episodes').filter((e) => e.URN !== null && e.URN !== NO_URN_CHECK);
}

export const placementRules: RuleDef[] = [
  /**
   * 164: Distance is not valid. Please check a valid postcode has been entered. [NOTE: This check will
   * result in false positives for children formerly UASC not identified as such in loaded data]
   * (PL_DISTANCE outside 0.0-999.9 for a child never UASC.)
   */
  rule('164', ['episodes', 'postcodes'], (c) => {
    const uasc = uascEver(c);
    if (!uasc) return;
    for (const e of c.rows('episodes')) {
      const distance = c.placement(e).distance;
      if (!uasc.has(e.CHILD) && distance !== null && (distance < 0 || distance > 999.9)) c.flag(e);
    }
  }),

  /**
   * 169: Local Authority (LA) of placement is not valid or is missing. Please check a valid postcode
   * has been entered. (PL_LA cannot be derived, except for respite.)
   */
  rule('169', ['episodes', 'postcodes'], (c) => {
    for (const e of c.rows('episodes')) if (!isIn(e.LS, RESPITE) && c.placement(e).la === null) c.flag(e);
  }),

  /** 179: Placement location code is not a valid code. (PL_LOCATION cannot be derived, except for respite.) */
  rule('179', ['episodes', 'postcodes'], (c) => {
    for (const e of c.rows('episodes')) if (!isIn(e.LS, RESPITE) && c.placement(e).location === null) c.flag(e);
  }),

  /**
   * 218: Ofsted Unique reference number (URN) is required. (Where PLACE needs one, the placement is in
   * England and the episode ends in the year or is open.)
   */
  rule('218', ['episodes', 'postcodes'], (c) => {
    for (const e of c.rows('episodes')) {
      const endsInYear = (e.DEC !== null && e.DEC >= c.start) || !has(e, 'DEC');
      const la = c.placement(e).la;
      if (endsInYear && e.URN === null && !isIn(e.PLACE, NO_URN) && !(la !== null && OUTSIDE_ENGLAND.has(la))) c.flag(e);
    }
  }),

  /**
   * 392a: Child is looked after but no distance is recorded. [NOTE: This check may result in false
   * positives for children formerly UASC] (PL_DISTANCE cannot be derived, except for respite.)
   */
  rule('392a', ['episodes', 'postcodes'], (c) => {
    const uasc = uascEver(c);
    if (!uasc) return;
    for (const e of c.rows('episodes')) if (!uasc.has(e.CHILD) && !isIn(e.LS, RESPITE) && c.placement(e).distance === null) c.flag(e);
  }),

  /**
   * 392b: Child is looked after but no postcodes are recorded. [NOTE: This check may result in false
   * positives for children formerly UASC, particularly if current & prior year UASC data not loaded]
   */
  rule('392b', ['episodes'], (c) => {
    const uasc = uascEver(c) ?? new Set();
    for (const e of c.rows('episodes')) {
      if (!uasc.has(e.CHILD) && !isIn(e.LS, RESPITE) && (e.HOME_POST === null || e.PL_POST === null)) c.flag(e);
    }
  }),

  /** 392c: Postcode(s) provided are invalid. (Not in the ONS Postcode Directory.) */
  rule('392c', ['episodes', 'postcodes'], (c) => {
    for (const e of c.rows('episodes')) {
      if ((e.HOME_POST !== null && !c.knownPostcode(postcodeKey(e.HOME_POST))) || (e.PL_POST !== null && !c.knownPostcode(postcodeKey(e.PL_POST)))) c.flag(e);
    }
  }),

  /** 392d: Home and placement postcodes should not be same unless the placement type is P1. */
  rule('392d', ['episodes'], (c) => {
    for (const e of c.rows('episodes')) if (e.PLACE !== 'P1' && e.HOME_POST !== null && e.HOME_POST === e.PL_POST) c.flag(e);
  }),

  /**
   * 406: Child is Unaccompanied Asylum-Seeking Child (UASC) or was formerly UASC. Distance should be
   * blank. [NOTE: This check will result in false negatives for children formerly UASC not identified
   * as such in loaded data]
   */
  rule('406', ['episodes', 'postcodes'], (c) => {
    const uasc = uascEver(c);
    if (!uasc) return;
    for (const e of c.rows('episodes')) if (uasc.has(e.CHILD) && c.placement(e).distance !== null) c.flag(e);
  }),

  /** 411: Placement location code disagrees with LA of placement. (IN but placed in another LA.) */
  rule('411', ['episodes', 'postcodes'], (c) => {
    for (const e of c.rows('episodes')) {
      const placement = c.placement(e);
      if (placement.location === 'IN' && placement.la !== (c.laGss ?? null)) c.flag(e);
    }
  }),

  /** 420: LA of placement completed but child is looked after under legal status V3 or V4. */
  rule('420', ['episodes', 'postcodes'], (c) => {
    for (const e of c.rows('episodes')) if (isIn(e.LS, RESPITE) && c.placement(e).la !== null) c.flag(e);
  }),

  /**
   * 454: Placement distance from home is over 350 miles. [NOTE: This check will result in false
   * positives for children formerly UASC not identified as such in loaded data] (999.9 excepted.)
   */
  rule('454', ['episodes', 'postcodes'], (c) => {
    for (const e of c.rows('episodes')) {
      const distance = c.placement(e).distance;
      if (distance !== null && distance > 350 && distance !== 999.9) c.flag(e);
    }
  }),

  /**
   * 1015: Placement provider is own provision but child not placed in own LA. (PR1 outside the LA,
   * other than fostering, adoption and respite.)
   */
  rule('1015', ['episodes', 'postcodes'], (c) => {
    const fosteringOrAdoption = codes('A3', 'A4', 'A5', 'A6', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6');
    for (const e of c.rows('episodes')) {
      if (e.PLACE_PROVIDER !== 'PR1' || e.LS === null || e.PLACE === null) continue;
      if (isIn(e.PLACE, fosteringOrAdoption) || isIn(e.LS, RESPITE)) continue;
      const la = c.placement(e).la;
      if (la === null || la !== c.laGss) c.flag(e);
    }
  }),

  /** 219: The Ofsted Unique reference number (URN) provided for the child's placement does not match the placement type recorded. */
  rule('219', ['episodes', 'providers'], (c) => {
    for (const e of episodesWithUrn(c)) {
      const provider = c.providers?.get(e.URN as string);
      if (!(provider && e.PLACE !== null && provider.placeCodes.includes(e.PLACE))) c.flag(e);
    }
  }),

  /**
   * 221: The Ofsted Unique reference number (URN) provided for the child's placement does not match
   * the placement postcode provided. (Children's homes, K1-K3, R3 and S1 placements.)
   */
  rule('221', ['episodes', 'providers'], (c) => {
    const homes = codes('K1', 'K2', 'K3', 'R3', 'S1');
    for (const e of episodesWithUrn(c)) {
      if (isIn(e.LS, RESPITE) || !isIn(e.PLACE, homes) || e.PL_POST === null) continue;
      const provider = c.providers?.get(e.URN as string);
      if (e.PL_POST.replaceAll(' ', '') !== (provider?.postcode ?? null)) c.flag(e);
    }
  }),

  /** 224: The Ofsted Unique reference number (URN) provided for the child's placement does not match the placement provider recorded. */
  rule('224', ['episodes', 'providers'], (c) => {
    for (const e of episodesWithUrn(c)) {
      const provider = c.providers?.get(e.URN as string);
      if (!(provider && e.PLACE_PROVIDER !== null && provider.providerCodes.includes(e.PLACE_PROVIDER))) c.flag(e);
    }
  }),

  /** 227: Ofsted Unique reference number (URN) is not valid for the episode start date. (DECOM on or after registration ended.) */
  rule('227', ['episodes', 'providers'], (c) => {
    for (const e of episodesWithUrn(c)) {
      const ended = c.providers?.get(e.URN as string)?.regEnd ?? null;
      if (ended !== null && e.DECOM !== null && e.DECOM >= ended) c.flag(e);
    }
  }),

  /**
   * 228: Ofsted Unique reference number (URN) is not valid for the episode end date [NOTE: may give
   * false positives on open episodes at providers who close during the year]
   */
  rule('228', ['episodes', 'providers'], (c) => {
    for (const e of episodesWithUrn(c)) {
      const ended = c.providers?.get(e.URN as string)?.regEnd ?? null;
      if (ended === null) continue;
      if ((e.DEC !== null && e.DEC > ended) || (e.DEC === null && c.end > ended)) c.flag(e);
    }
  }),

  /**
   * 229: Placement provider does not match between the placing authority and the local authority
   * code of the provider. [NOTE: The provider's LA code is inferred from the its postcode, and may be
   * inaccurate in some cases.] (PR1 must be in the LA, PR2 outside it.)
   */
  rule('229', ['episodes', 'providers'], (c) => {
    for (const e of episodesWithUrn(c)) {
      const la = c.providers?.get(e.URN as string)?.laCode ?? null;
      const own = la !== null && la === c.laGss;
      if ((e.PLACE_PROVIDER === 'PR1' && !own) || (e.PLACE_PROVIDER === 'PR2' && own)) c.flag(e);
    }
  }),

  /** 1008: Ofsted Unique Reference Number (URN) is not valid. (Not in Ofsted's lists.) */
  rule('1008', ['episodes', 'providers'], (c) => {
    for (const e of episodesWithUrn(c)) if (!c.providers?.has(e.URN as string)) c.flag(e);
  }),
];
