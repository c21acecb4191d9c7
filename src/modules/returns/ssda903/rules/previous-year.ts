/**
 * Rules comparing this year's return with last year's (given as the previous year's files): the
 * child's details, UASC status, the open episode carried over, adoption decisions, missing periods,
 * care leavers.
 */
import { addYears, daysBetween } from '../dates.ts';
import type { EpisodeRow, HeaderRow, IsoDate, Ssda903Tables, UascRow } from '../model.ts';
import { byStart, codes, earliest, has, isIn, latest, numeric, str, text } from './helpers.ts';
import { rule, type RuleContext, type RuleDef } from './engine.ts';
import { RESPITE } from './episodes.ts';

const UPN_UNKNOWN = codes('UN1', 'UN2', 'UN3', 'UN4', 'UN5');
const UPN_UN2_TO_5 = codes('UN2', 'UN3', 'UN4', 'UN5');

/** Each header row of this year with each header row of the same child last year. */
function eachHeaderPair(c: RuleContext, check: (now: HeaderRow, before: HeaderRow) => boolean): void {
  const previous = c.previousChildren();
  for (const child of c.children().values()) {
    const before = previous.get(child.id)?.header ?? [];
    for (const h of child.header) if (before.some((b) => check(h, b))) c.flag(h);
  }
}

/** A child's UASC status as the UASC rules read it: from header.csv, or from uasc.csv when there is no header. */
type UascStatus = { child: string | null; uasc: string | null; header?: HeaderRow };

function uascStatuses(tables: Ssda903Tables): UascStatus[] | null {
  if (tables.header) {
    if (!tables.uasc) return null;
    return tables.header.map((h) => ({ child: h.CHILD, uasc: h.UASC, header: h }));
  }
  if (!tables.uasc) return null;
  return tables.uasc.map((u) => ({ child: u.CHILD, uasc: u.SEX !== null || has(u, 'DUC') ? '1' : '0' }));
}

function statusesByChild(statuses: UascStatus[]): Map<string | null, UascStatus[]> {
  const map = new Map<string | null, UascStatus[]>();
  for (const s of statuses) {
    const list = map.get(s.child);
    if (list) list.push(s);
    else map.set(s.child, [s]);
  }
  return map;
}

/**
 * 205A-C compare each UASC row of this year, with its child's status this year, against each UASC
 * row of last year with the child's status last year (left joins: a missing side reads as blank).
 */
function eachUascComparison(
  c: RuleContext,
  check: (now: UascRow, status: string | null, before: UascRow | undefined, statusBefore: string | null) => boolean,
): void {
  const current = uascStatuses(c.current);
  const previous = c.previous ? uascStatuses(c.previous) : null;
  if (!current || !previous) return;
  const nowByChild = statusesByChild(current);
  const beforeByChild = statusesByChild(previous);
  const lastUasc = new Map<string | null, UascRow[]>();
  for (const u of c.previous?.uasc ?? []) lastUasc.set(u.CHILD, [...(lastUasc.get(u.CHILD) ?? []), u]);
  for (const u of c.rows('uasc')) {
    const statuses = nowByChild.get(u.CHILD) ?? [{ child: u.CHILD, uasc: null }];
    const befores = lastUasc.get(u.CHILD) ?? [undefined];
    for (const s of statuses) {
      for (const b of befores) {
        const beforeStatuses = b ? (beforeByChild.get(u.CHILD) ?? [{ child: u.CHILD, uasc: null }]) : [{ child: u.CHILD, uasc: null }];
        for (const bs of beforeStatuses) {
          if (check(u, s.uasc, b, bs.uasc)) {
            c.flag(u);
            if (s.header && c.current.header) c.flag(s.header);
          }
        }
      }
    }
  }
}

/**
 * The child's first episode this year and latest episode last year (by DECOM), for the rules on
 * the episode carried over from last year.
 */
function eachCarriedOver(c: RuleContext, check: (first: EpisodeRow, last: EpisodeRow) => boolean): void {
  const previous = c.previousChildren();
  for (const child of c.children().values()) {
    const first = earliest(child.episodes, (e) => e.DECOM);
    const last = latest(previous.get(child.id)?.episodes ?? [], (e) => e.DECOM);
    if (first && last && check(first, last)) c.flag(first);
  }
}

/** 503x: a field of the first episode this year differs from last year's open episode. */
function differentFromLastYear(c: RuleContext, field: 'RNE' | 'LS' | 'CIN' | 'PLACE' | 'PLACE_PROVIDER' | 'URN'): void {
  const endYear = Number(c.end.slice(0, 4));
  eachCarriedOver(c, (first, last) => {
    if (last.DEC !== null) return false;
    const now = str(first, field);
    const before = str(last, field);
    if (now === before) return false;
    // Placement codes changed between years: H5 became K3 (2023-24, 2024-25); Z1 split into Z11-Z14 (2025-26).
    if (field === 'PLACE' && (endYear === 2024 || endYear === 2025) && now === 'K3' && before === 'H5') return false;
    if (field === 'PLACE' && endYear === 2026 && ['Z11', 'Z12', 'Z13', 'Z14'].includes(now) && before === 'Z1') return false;
    return true;
  });
}

/** 453 and 503G: PL_DISTANCE of the first episode differs by 0.2 miles or more from last year's open episode. */
function distanceChanged(c: RuleContext, sameRne: boolean): void {
  eachCarriedOver(c, (first, last) => {
    if (last.DEC !== null) return false;
    if (sameRne && !(first.RNE !== null && first.RNE === last.RNE)) return false;
    const now = c.placement(first).distance;
    const before = c.placement(last).distance;
    return (now !== null && before !== null && Math.abs(now - before) >= 0.2) || (before === null && now !== null);
  });
}

export const previousYearRules: RuleDef[] = [
  /** 202: The gender code conflicts with the gender already recorded for this child. */
  rule('202', ['header', 'last:header'], (c) => eachHeaderPair(c, (h, b) => str(h, 'SEX') !== str(b, 'SEX'))),

  /** 203: Date of birth disagrees with the date of birth already recorded for this child. */
  rule('203', ['header', 'last:header'], (c) => eachHeaderPair(c, (h, b) => h.DOB !== b.DOB)),

  /** 204: Ethnic origin code disagrees with the ethnic origin already recorded for this child. */
  rule('204', ['header', 'last:header'], (c) => eachHeaderPair(c, (h, b) => str(h, 'ETHNIC') !== str(b, 'ETHNIC'))),

  /**
   * 207: Mother status for the current year disagrees with the mother status already recorded for
   * this child. (Last year 1, this year different, for a child with episodes.)
   */
  rule('207', ['header', 'last:header', 'episodes'], (c) => {
    const withEpisodes = new Set(c.rows('episodes').map((e) => e.CHILD));
    eachHeaderPair(c, (h, b) => withEpisodes.has(h.CHILD) && b.MOTHER === '1' && str(h, 'MOTHER') !== '1');
  }),

  /**
   * 208: Unique Pupil Number (UPN) for the current year disagrees with the Unique Pupil Number (UPN)
   * already recorded for this child. (A change from blank or UN1 to UN2-UN5, or from unknown to a
   * real UPN, is allowed.)
   */
  rule('208', ['header', 'last:header'], (c) =>
    eachHeaderPair(c, (h, b) => {
      const nullNow = h.UPN === null;
      const nullBefore = b.UPN === null;
      const now = str(h, 'UPN');
      const before = str(b, 'UPN');
      const different = now !== before && !(nullNow && nullBefore);
      const validUnknownChange = (before === 'UN1' || nullBefore) && UPN_UN2_TO_5.has(now);
      const unknownToKnown = (UPN_UNKNOWN.has(before) || nullBefore) && !(UPN_UNKNOWN.has(now) || nullNow);
      return different && !validUnknownChange && !unknownToKnown;
    }),
  ),

  /** 624: Date of birth of the first child contradicts the date of birth of the first child previously recorded. */
  rule('624', ['header', 'last:header'], (c) => eachHeaderPair(c, (h, b) => has(b, 'MC_DOB') && text(h, 'MC_DOB') !== text(b, 'MC_DOB'))),

  /**
   * 626: Child was reported as a mother but the date of birth of the first child is before the
   * current year which contradicts with the mother status recorded last year.
   */
  rule('626', ['header', 'last:header'], (c) =>
    eachHeaderPair(c, (h, b) => h.MC_DOB !== null && numeric(h.MOTHER) === 1 && numeric(b.MOTHER) === 0 && h.MC_DOB < c.start),
  ),

  /**
   * 205A: Child identified as UASC last year is no longer UASC this year, but date UASC ceased in
   * both years does not support this.
   */
  rule('205A', ['uasc', 'last:uasc'], (c) => {
    const from = addYears(c.start, -1);
    const to = addYears(c.end, -1);
    eachUascComparison(c, (u, status, before, statusBefore) => {
      const lastYearOnly = status !== '1' && statusBefore === '1';
      const ceasedLastYear = before?.DUC != null && before.DUC >= from && before.DUC <= to;
      return lastYearOnly && (has(u, 'DUC') || !ceasedLastYear);
    });
  }),

  /**
   * 205B: Child previously identified as UASC is also UASC this year, but date UASC ceased in both
   * years does not support this.
   */
  rule('205B', ['uasc', 'last:uasc'], (c) => {
    eachUascComparison(c, (u, status, before, statusBefore) => {
      if (!(status === '1' && statusBefore === '1')) return false;
      const ceasedThisYear = u.DUC !== null && u.DUC >= c.start && u.DUC <= c.end;
      const eighteenth = before?.DOB != null ? addYears(before.DOB, 18) : null;
      const previousIsEighteenth = before?.DUC != null && before.DUC === eighteenth;
      const sameAsLastYear = u.DUC !== null && before?.DUC != null && u.DUC === before.DUC;
      return (!ceasedThisYear && !sameAsLastYear) || !previousIsEighteenth;
    });
  }),

  /** 205C: Child not identified as UASC either this year or last year but date UASC ceased has been provided. */
  rule('205C', ['uasc', 'last:uasc'], (c) => {
    eachUascComparison(c, (u, status, before, statusBefore) => {
      const never = (status === '0' || status === null) && (statusBefore === '0' || statusBefore === null);
      return never && (u.DUC !== null || before?.DUC != null);
    });
  }),

  /** 205D: Child identified as UASC this year but not identified as UASC status provided for the child last year. */
  rule('205D', [], (c) => {
    const current = uascStatuses(c.current);
    const previous = c.previous ? uascStatuses(c.previous) : null;
    if (!current || !previous) return;
    const before = statusesByChild(previous);
    for (const s of current) {
      if (s.uasc !== '1') continue;
      if ((before.get(s.child) ?? []).some((b) => b.uasc !== '1')) {
        if (s.header) c.flag(s.header);
        else for (const u of c.current.uasc ?? []) if (u.CHILD === s.child) c.flag(u);
      }
    }
  }),

  /** 348: Care leaver has previously been reported as having died. */
  rule('348', ['oc3', 'last:oc3'], (c) => {
    const previous = c.previousChildren();
    for (const o of c.rows('oc3')) {
      const died = (o.CHILD !== null ? (previous.get(o.CHILD)?.oc3 ?? []) : []).some((b) => b.IN_TOUCH === 'DIED');
      if (died && o.IN_TOUCH !== 'DIED') c.flag(o);
    }
  }),

  /**
   * 452: Contradiction between local authority of placement code in the last episode of the previous
   * year and in the first episode of the current year.
   */
  rule('452', ['episodes', 'last:episodes', 'postcodes'], (c) =>
    eachCarriedOver(
      c,
      (first, last) =>
        first.RNE !== null && first.RNE === last.RNE && !has(last, 'DEC') && String(c.placement(first).la ?? 'nan') !== String(c.placement(last).la ?? 'nan'),
    ),
  ),

  /** 453: Contradiction between placement distance in the last episode of the previous year and in the first episode of the current year. */
  rule('453', ['episodes', 'last:episodes', 'postcodes'], (c) => distanceChanged(c, true)),

  /**
   * 502: Last year's record ended with an open episode. The date on which that episode started does
   * not match the start date of the first episode on this year’s record.
   */
  rule('502', ['episodes', 'last:episodes'], (c) => {
    const previous = c.previousChildren();
    for (const child of c.children().values()) {
      const first = earliest(child.episodes, (e) => e.DECOM);
      if (!first) continue;
      const open = (previous.get(child.id)?.episodes ?? []).filter((e) => !has(e, 'DEC'));
      if (open.some((e) => e.DECOM === null || e.DECOM !== first.DECOM)) c.flag(first);
    }
  }),

  /** 503A: The reason for new episode in the first episode does not match open episode at end of last year. */
  rule('503A', ['episodes', 'last:episodes'], (c) => differentFromLastYear(c, 'RNE')),
  /** 503B: The legal status in the first episode does not match open episode at end of last year. */
  rule('503B', ['episodes', 'last:episodes'], (c) => differentFromLastYear(c, 'LS')),
  /** 503C: The category of need in the first episode does not match open episode at end of last year. */
  rule('503C', ['episodes', 'last:episodes'], (c) => differentFromLastYear(c, 'CIN')),
  /** 503D: The placement type in the first episode does not match open episode at end of last year. */
  rule('503D', ['episodes', 'last:episodes'], (c) => differentFromLastYear(c, 'PLACE')),
  /** 503E: The placement provider in the first episode does not match open episode at end of last year. */
  rule('503E', ['episodes', 'last:episodes'], (c) => differentFromLastYear(c, 'PLACE_PROVIDER')),
  /** 503F: The Ofsted URN in the first episode does not match open episode at end of last year. */
  rule('503F', ['episodes', 'last:episodes'], (c) => differentFromLastYear(c, 'URN')),
  /** 503G: The distance in first episode does not match open episode at end of last year. */
  rule('503G', ['episodes', 'last:episodes', 'postcodes'], (c) => distanceChanged(c, false)),

  /** 503H: The placement LA in first episode does not match open episode at end of last year. */
  rule('503H', ['episodes', 'last:episodes', 'postcodes'], (c) =>
    eachCarriedOver(c, (first, last) => last.DEC === null && String(c.placement(first).la ?? 'nan') !== String(c.placement(last).la ?? 'nan')),
  ),

  /** 503J: The placement location in first episode does not match open episode at end of last year. */
  rule('503J', ['episodes', 'last:episodes', 'postcodes'], (c) =>
    eachCarriedOver(
      c,
      (first, last) => last.DEC === null && String(c.placement(first).location ?? 'nan') !== String(c.placement(last).location ?? 'nan'),
    ),
  ),

  /**
   * 559: Date of decision that a child should be placed for adoption was not in the current year but
   * the date of the decision that the child should be placed for adoption was not completed in a
   * previous return.
   */
  rule('559', ['placedAdoption', 'last:placedAdoption'], (c) => {
    const previous = c.previousChildren();
    for (const p of c.rows('placedAdoption')) {
      if (p.DATE_PLACED === null || p.DATE_PLACED >= c.start) continue;
      const before = p.CHILD !== null ? (previous.get(p.CHILD)?.placedAdoption ?? []) : [];
      if (before.length === 0 || before.some((b) => b.DATE_PLACED === null)) c.flag(p);
    }
  }),

  /**
   * 560: Date of decision that the child should be placed for adoption this year is different from
   * that recorded last year but the decision to place the child for adoption did not change.
   */
  rule('560', ['placedAdoption', 'last:placedAdoption'], (c) => {
    const previous = c.previousChildren();
    for (const p of c.rows('placedAdoption')) {
      const before = p.CHILD !== null ? (previous.get(p.CHILD)?.placedAdoption ?? []) : [];
      const changed = before.some((b) => has(b, 'DATE_PLACED') && !has(b, 'DATE_PLACED_CEASED') && text(p, 'DATE_PLACED') !== text(b, 'DATE_PLACED'));
      if (changed) c.flag(p);
    }
  }),

  /**
   * 561: Date of the decision that the child should be placed for adoption this year is the same as
   * that recorded last year but records show that the decision changed, and the child should no
   * longer be placed for adoption last year.
   */
  rule('561', ['placedAdoption', 'last:placedAdoption'], (c) => {
    const previous = c.previousChildren();
    for (const p of c.rows('placedAdoption')) {
      const placed = text(p, 'DATE_PLACED');
      if (placed === null) continue;
      const before = p.CHILD !== null ? (previous.get(p.CHILD)?.placedAdoption ?? []) : [];
      if (before.some((b) => text(b, 'DATE_PLACED') === placed && (b.REASON_PLACED_CEASED !== null || has(b, 'DATE_PLACED_CEASED')))) c.flag(p);
    }
  }),

  // Differs from data-to-insight: it compares dates as dd/mm/yyyy text and then matches rows by the
  // merged table's positions rather than the decision rows' own, flagging arbitrary rows.
  /**
   * 584: Date of decision that the child should be placed for adoption this year is different from
   * that recorded last year, but the decision to placed the child for adoption changed and the child
   * should no longer be placed for adoption. (A decision this year that is blank, or not after a
   * decision that ceased last year.)
   */
  rule('584', ['placedAdoption', 'last:placedAdoption'], (c) => {
    const previous = c.previousChildren();
    for (const p of c.rows('placedAdoption')) {
      const ceased = (p.CHILD !== null ? (previous.get(p.CHILD)?.placedAdoption ?? []) : []).filter(
        (b) => has(b, 'DATE_PLACED_CEASED') || b.REASON_PLACED_CEASED !== null,
      );
      if (ceased.length === 0) continue;
      if (!has(p, 'DATE_PLACED') || ceased.some((b) => p.DATE_PLACED !== null && b.DATE_PLACED !== null && p.DATE_PLACED <= b.DATE_PLACED)) c.flag(p);
    }
  }),

  /**
   * 562: Episode commenced before the start of the current collection year but there is a missing
   * continuous episode in the previous year. (The first such episode must match last year's latest
   * episode.)
   */
  rule('562', ['episodes', 'last:episodes'], (c) => {
    const previous = c.previousChildren();
    for (const child of c.children().values()) {
      const first = earliest(
        child.episodes.filter((e) => e.DECOM !== null && e.DECOM < c.start),
        (e) => e.DECOM,
      );
      if (!first) continue;
      const last = latest(previous.get(child.id)?.episodes ?? [], (e) => e.DECOM);
      if (!last || last.DECOM !== first.DECOM) c.flag(first);
    }
  }),

  /**
   * 576: There is an open missing/away from placement without authorisation period in last year’s
   * return and there is no corresponding period recorded at the start of this year.
   */
  rule('576', ['missing', 'last:missing'], (c) => {
    const previous = c.previousChildren();
    for (const child of c.children().values()) {
      if (child.missing.length === 0) continue;
      const first = earliest(child.missing, (m) => m.MIS_START ?? '2099-01-01') ?? child.missing[0];
      if (!first) continue;
      const start = first.MIS_START ?? '2099-01-01';
      const open = (previous.get(child.id)?.missing ?? []).filter((m) => !has(m, 'MIS_END') && m.MIS_START !== null);
      if (open.some((m) => m.MIS_START !== start)) c.flag(first);
    }
  }),

  /**
   * NoE: This child has no episodes loaded for previous year even though child started to be looked
   * after before this current year.
   */
  rule('NoE', ['episodes', 'last:episodes'], (c) => {
    const previous = c.previousChildren();
    for (const e of c.rows('episodes')) {
      if (e.DECOM === null || e.DECOM >= c.start) continue;
      if (e.CHILD === null || (previous.get(e.CHILD)?.episodes.length ?? 0) === 0) c.flag(e);
    }
  }),

  /**
   * 1000: This child is recorded as having died in care and therefore should not have the care leaver
   * information completed. [NOTE: This only tests the current and previous year data loaded into the
   * tool] (An episode ended E2 this year or last.)
   */
  rule('1000', ['episodes', 'oc3'], (c) => {
    const died = new Set<string | null>();
    for (const e of c.rows('episodes')) if (e.REC === 'E2') died.add(e.CHILD);
    for (const e of c.previous?.episodes ?? []) if (e.REC === 'E2') died.add(e.CHILD);
    for (const o of c.rows('oc3')) if (died.has(o.CHILD)) c.flag(o);
  }),

  /**
   * 1001: The episodes recorded for this young person suggest they are not a relevant or a former
   * relevant child and therefore should not have care leaver information completed. (Over this year
   * and last, fewer than 13 weeks looked after from age 14 including a day from age 16, or the latest
   * episode was an adoption.)
   */
  rule('1001', ['episodes', 'oc3', 'header', 'last:episodes'], (c) => {
    const previous = c.previous?.episodes ?? [];
    if (c.rows('episodes').length === 0 || c.rows('oc3').length === 0 || c.rows('header').length === 0 || previous.length === 0) return;
    const previousByChild = c.previousChildren();
    const totals = new Map<string, { from14: number; from16: number }>();
    const adopted = new Set<string>();
    for (const child of c.children().values()) {
      // This year's and last year's episodes, the same episode once (the closed copy if one is open).
      const all = byStart([...child.episodes, ...(previousByChild.get(child.id)?.episodes ?? [])]);
      const unique = new Map<string, EpisodeRow>();
      for (const e of [...all].sort((a, b) => compareNullsLast(a.DEC, b.DEC))) {
        const key = e.DECOM ?? '';
        if (!unique.has(key)) unique.set(key, e);
      }
      const episodes = [...unique.values()];
      const lastEpisode = latest(episodes, (e) => e.DECOM);
      if (lastEpisode && isIn(lastEpisode.REC, codes('E11', 'E12'))) adopted.add(child.id);
      const header = child.header.find((h) => h.DOB !== null && addYears(h.DOB, 20) > c.end);
      if (!header?.DOB) continue;
      const dob14 = addYears(header.DOB, 14);
      const dob16 = addYears(header.DOB, 16);
      let from14 = 0;
      let from16 = 0;
      for (const e of episodes) {
        if (isIn(e.LS, RESPITE)) continue;
        const end = e === lastEpisode && e.DEC === null ? c.end : e.DEC;
        if (end === null) continue;
        const start14 = e.DECOM !== null && e.DECOM > dob14 ? e.DECOM : dob14;
        const start16 = e.DECOM !== null && e.DECOM > dob16 ? e.DECOM : dob16;
        from14 += Math.max(0, daysBetween(start14, end));
        from16 += Math.max(0, daysBetween(start16, end));
      }
      totals.set(child.id, { from14, from16 });
    }
    for (const o of c.rows('oc3')) {
      const total = o.CHILD !== null ? totals.get(o.CHILD) : undefined;
      const relevant = total !== undefined && total.from14 >= 91 && total.from16 >= 1;
      if ((o.CHILD !== null && adopted.has(o.CHILD)) || !relevant) c.flag(o);
    }
  }),

  /**
   * 1002: This child has no previous episodes of care, therefore should not have care leaver
   * information recorded. [NOTE: This tool can only test the current and previous year data loaded
   * into the tool - this check may generate false positives if a child had episodes prior to last
   * year's collection.]
   */
  rule('1002', ['episodes', 'oc3', 'last:episodes'], (c) => {
    const withEpisodes = new Set([...c.rows('episodes'), ...c.lastRows('episodes')].map((e) => e.CHILD));
    for (const o of c.rows('oc3')) if (!withEpisodes.has(o.CHILD)) c.flag(o);
  }),

  /**
   * 1010: This child has no episodes loaded for current year even though there was an open episode of
   * care at the end of the previous year, and care leaver data has been entered.
   */
  rule('1010', ['episodes', 'last:episodes', 'oc3'], (c) => {
    const openLastYear = new Set<string>();
    for (const child of c.previousChildren().values()) {
      const sorted = c.episodesByStart(child).filter((e) => e.DECOM !== null);
      const last = sorted[sorted.length - 1];
      if (last && !has(last, 'DEC')) openLastYear.add(child.id);
    }
    const withEpisodes = new Set(c.rows('episodes').map((e) => e.CHILD));
    for (const o of c.rows('oc3')) if (o.CHILD !== null && !withEpisodes.has(o.CHILD) && openLastYear.has(o.CHILD)) c.flag(o);
  }),
];

function compareNullsLast(a: IsoDate | null, b: IsoDate | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
