/**
 * Rules on the sequence of a child's episodes: how each episode follows the one before (dates,
 * reasons for new episode and for ceasing), and how long short legal statuses and respite last.
 * "Previous" and "next" are in date order (DECOM; episodes without a valid DECOM last).
 */
import { daysBetween } from '../dates.ts';
import type { EpisodeRow, IsoDate } from '../model.ts';
import { byStart, codes, earliest, has, isIn, sameText } from './helpers.ts';
import { rule, type RuleContext, type RuleDef } from './engine.ts';
import { TEMPORARY } from './episodes.ts';

/** Calls `check` with each episode and the one before it (same child, date order). */
function eachWithPrevious(c: RuleContext, check: (episode: EpisodeRow, previous: EpisodeRow) => boolean): void {
  for (const child of c.children().values()) {
    const sorted = c.episodesByStart(child);
    for (let i = 1; i < sorted.length; i += 1) {
      const episode = sorted[i] as EpisodeRow;
      if (check(episode, sorted[i - 1] as EpisodeRow)) c.flag(episode);
    }
  }
}

/** Values equal as the open validators compare cells: a blank never equals anything. */
function same(a: string | null, b: string | null): boolean {
  return a !== null && a === b;
}

/**
 * Flags runs of a short legal status lasting longer than allowed (361, 362): consecutive
 * episodes with the status, each starting the day the one before it ended, count as one run from
 * the first DECOM to the last DEC (an open episode ends on 31 March).
 */
function overlongStatus(c: RuleContext, status: string, maxDays: number): void {
  for (const child of c.children().values()) {
    const sorted = c.episodesByStart(child);
    let run: EpisodeRow[] = [];
    let continues = false;
    for (let i = 0; i < sorted.length; i += 1) {
      const e = sorted[i] as EpisodeRow;
      if (e.LS !== status) continue;
      if (!continues) {
        flagRunOver(c, run, maxDays);
        run = [];
      }
      run.push(e);
      // Whether the next episode with this status joins the run: this one flows into the episode after it.
      const next = sorted[i + 1];
      continues = next !== undefined && next.DECOM !== null && (e.DEC ?? c.end) === next.DECOM;
    }
    flagRunOver(c, run, maxDays);
  }
}

/** Flags a run of episodes lasting from its first DECOM to its last DEC (open: 31 March) more than `maxDays`. */
function flagRunOver(c: RuleContext, run: EpisodeRow[], maxDays: number): void {
  if (run.length === 0) return;
  let first: IsoDate | null = null;
  let last: IsoDate | null = null;
  for (const e of run) {
    if (e.DECOM !== null && (first === null || e.DECOM < first)) first = e.DECOM;
    const end = e.DEC ?? c.end;
    if (last === null || end > last) last = end;
  }
  if (first !== null && last !== null && daysBetween(first, last) > maxDays) c.flagAll(run);
}

/**
 * Flags periods of a short legal status lasting longer than allowed (363, 364): episodes with the
 * status, grouped while each starts no later than the previous one ended; the days of its episodes
 * (an open one ends on 31 March) are summed.
 */
function overlongPeriod(c: RuleContext, status: string, maxDays: number): void {
  for (const child of c.children().values()) {
    let period: EpisodeRow[] = [];
    let days = 0;
    let previousEnd: IsoDate | null = null;
    for (const e of c.episodesByStart(child)) {
      if (e.LS !== status || e.DECOM === null) continue;
      const start = e.DECOM;
      const end = has(e, 'DEC') ? e.DEC : c.end;
      if (period.length > 0 && previousEnd !== null && start > previousEnd) {
        if (days > maxDays) c.flagAll(period);
        period = [];
        days = 0;
      }
      period.push(e);
      if (end !== null) days += daysBetween(start, end);
      previousEnd = end;
    }
    if (days > maxDays) c.flagAll(period);
  }
}

const LEAVES_CARE = codes(
  'E2', 'E3', 'E4A', 'E4B', 'E5', 'E6', 'E7', 'E8', 'E9', 'E11', 'E12', 'E13', 'E14', 'E15', 'E16', 'E17',
  'E41', 'E45', 'E46', 'E47', 'E48',
);

export const episodeSequenceRules: RuleDef[] = [
  /** 142: A new episode has started, but the previous episode has not ended. (Every episode but the latest needs DEC and REC.) */
  rule('142', ['episodes'], (c) => {
    for (const child of c.children().values()) {
      const sorted = c.episodesByStart(child);
      for (const e of sorted.slice(0, -1)) if (e.DECOM !== null && (e.DEC === null || e.REC === null)) c.flag(e);
    }
  }),

  /**
   * 199: Episode information shows child has been previously adopted from care. [NOTE: This only
   * tests the current and previous year data loaded into the tool] (Any episode after an adoption,
   * REC E11/E12, in this or last year's episodes.)
   */
  rule('199', ['episodes'], (c) => {
    const previous = c.previousChildren();
    for (const child of c.children().values()) {
      const before = previous.get(child.id)?.episodes ?? [];
      const current = before.length === 0 ? null : new Set<EpisodeRow>(child.episodes);
      const all = current ? byStart([...before, ...child.episodes]) : c.episodesByStart(child);
      let adoptions = 0;
      for (const e of all) {
        if (e.DECOM === null) continue;
        const adopted = e.REC === 'E11' || e.REC === 'E12';
        if (adopted) adoptions += 1;
        if (adoptions > 0 && !(adopted && adoptions === 1) && (current === null || current.has(e))) c.flag(e);
      }
    }
  }),

  /**
   * 225: Reason for placement change must be recorded. (An episode ending X1 in a placement that is
   * not temporary, followed by a change of placement (RNE P, B, T or U) to one that is not
   * temporary, needs REASON_PLACE_CHANGE.)
   */
  rule('225', ['episodes'], (c) => {
    const placeChange = codes('P', 'B', 'T', 'U');
    for (const child of c.children().values()) {
      const sorted = c.episodesByStart(child);
      for (let i = 0; i + 1 < sorted.length; i += 1) {
        const e = sorted[i] as EpisodeRow;
        const next = sorted[i + 1] as EpisodeRow;
        if (e.REC === 'X1' && e.REASON_PLACE_CHANGE === null && !isIn(e.PLACE, TEMPORARY) && isIn(next.RNE, placeChange) && !isIn(next.PLACE, TEMPORARY)) {
          c.flag(e);
        }
      }
    }
  }),

  /**
   * 226: Reason for placement change is not required for temporary placements. (With PLACE T0-T4,
   * REASON_PLACE_CHANGE must be blank in this episode and the one before.)
   */
  rule('226', ['episodes'], (c) => {
    for (const child of c.children().values()) {
      let previousReason: string | null = null;
      for (const e of c.episodesByStart(child)) {
        if (isIn(e.PLACE, TEMPORARY) && (e.REASON_PLACE_CHANGE !== null || previousReason !== null)) c.flag(e);
        previousReason = e.REASON_PLACE_CHANGE;
      }
    }
  }),

  /**
   * 336: Child does not have a foster placement immediately prior to being placed for adoption.
   * (An A3 or A4 placement that is not the child's first episode must follow A3-A6 or U1-U6.)
   */
  rule('336', ['episodes'], (c) => {
    const adoption = codes('A3', 'A4');
    const foster = codes('A3', 'A4', 'A5', 'A6', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6');
    for (const child of c.children().values()) {
      const sorted = c.episodesByStart(child);
      const first = earliest(sorted, (e) => e.DECOM) ?? sorted[0];
      sorted.forEach((e, i) => {
        if (e !== first && isIn(e.PLACE, adoption) && !isIn(sorted[i - 1]?.PLACE ?? null, foster)) c.flag(e);
      });
    }
  }),

  /**
   * 357: If this is the first episode ever for this child, reason for new episode must be S. Check
   * whether there is an episode immediately preceding this one, which has been left out. If not the
   * reason for new episode code must be amended to S. (The child's earliest episode, when it starts
   * in the collection year.)
   */
  rule('357', ['episodes'], (c) => {
    for (const child of c.children().values()) {
      const first = earliest(child.episodes, (e) => e.DECOM);
      if (first && (first.DECOM as IsoDate) >= c.start && first.RNE !== 'S') c.flag(first);
    }
  }),

  /** 361: Police protection legal status lasted longer than maximum 72 hours allowed in the Children Act 1989. (L1 over 3 days.) */
  rule('361', ['episodes'], (c) => overlongStatus(c, 'L1', 3)),

  /** 362: Emergency protection order (EPO) lasted longer than 21 days. (L2.) */
  rule('362', ['episodes'], (c) => overlongStatus(c, 'L2', 21)),

  // 363 and 364 group episodes in date order per child; data-to-insight sorts them but drops the
  // result (file order), which is the same for files in the usual order.
  /** 363: Child assessment order (CAO) lasted longer than 7 days allowed in the Children Act 1989. (L3.) */
  rule('363', ['episodes'], (c) => overlongPeriod(c, 'L3', 7)),

  /**
   * 364: Sections 41-46 of Police and Criminal Evidence (PACE; 1984) severely limits the time a child
   * can be detained in custody in Local Authority (LA) accommodation. (J2 over 21 days.)
   */
  rule('364', ['episodes'], (c) => overlongPeriod(c, 'J2', 21)),

  /**
   * 367: The maximum amount of respite care allowable is 75 days in any 12-month period. (Days of V3
   * episodes within the collection year, summed per child.)
   */
  rule('367', ['episodes'], (c) => {
    for (const child of c.children().values()) {
      const counted: EpisodeRow[] = [];
      let total = 0;
      for (const e of child.episodes) {
        if (e.LS !== 'V3' || !has(e, 'DECOM') || e.DECOM === null) continue;
        let end = e.DEC;
        if (!has(e, 'DEC') || (end !== null && end > c.end)) end = c.end;
        if (end === null) continue;
        const start = e.DECOM < c.start ? c.start : e.DECOM;
        const days = daysBetween(start, end);
        if (days > 0) {
          counted.push(e);
          total += days;
        }
      }
      if (total > 75) c.flagAll(counted);
    }
  }),

  /**
   * 383: A child in a temporary placement must subsequently return to his/her normal placement.
   * (After a temporary placement, the next episode must have RNE P and the placement type and
   * postcode of the episode before the temporary one.)
   */
  rule('383', ['episodes'], (c) => {
    for (const child of c.children().values()) {
      const sorted = c.episodesByStart(child);
      for (let i = 2; i < sorted.length; i += 1) {
        const e = sorted[i] as EpisodeRow;
        const temporary = sorted[i - 1] as EpisodeRow;
        const before = sorted[i - 2] as EpisodeRow;
        if (isIn(temporary.PLACE, TEMPORARY) && (e.RNE !== 'P' || !same(e.PLACE, before.PLACE) || !same(e.PL_POST, before.PL_POST))) {
          c.flag(e);
        }
      }
    }
  }),

  /**
   * 388: Reason episode ceased is coded new episode begins, but there is no continuation episode.
   * (REC X1 needs a next episode starting on DEC; another REC must not be followed by one that does;
   * the latest episode cannot end X1.) An episode with no valid DECOM sorts first, as the open
   * validators read it as 1 January 1901.
   */
  rule('388', ['episodes'], (c) => {
    const unknownStart = '1901-01-01';
    for (const child of c.children().values()) {
      const sorted = [...child.episodes].sort((a, b) => ((a.DECOM ?? unknownStart) < (b.DECOM ?? unknownStart) ? -1 : (a.DECOM ?? unknownStart) > (b.DECOM ?? unknownStart) ? 1 : 0));
      sorted.forEach((e, i) => {
        const next = sorted[i + 1];
        if (next === undefined) {
          if (e.DEC !== null && e.REC === 'X1') c.flag(e);
          return;
        }
        const nextStart = next.DECOM ?? unknownStart;
        if (e.DEC === null) return;
        if (e.REC === 'X1' && e.DEC !== nextStart) c.flag(e);
        else if (e.REC !== null && e.REC !== 'X1' && e.DEC === nextStart) c.flag(e);
      });
    }
  }),

  /** 431: The reason for new episode is started to be looked after, but the previous episode ended on the same day. */
  rule('431', ['episodes'], (c) =>
    eachWithPrevious(c, (e, previous) => e.RNE === 'S' && e.DECOM !== null && previous.DEC !== null && e.DECOM <= previous.DEC),
  ),

  /**
   * 432: The child ceased to be looked after at the end of the previous episode but the reason for
   * the new episode is not started to be looked after.
   */
  rule('432', ['episodes'], (c) => eachWithPrevious(c, (e, previous) => isIn(previous.REC, LEAVES_CARE) && e.RNE !== 'S')),

  /**
   * 433: The reason for new episode suggests that this is a continuation episode, but the episode
   * does not start on the same day as the last episode finished. (Compared as written.)
   */
  rule('433', ['episodes'], (c) => {
    const continuing = codes('P', 'L', 'T', 'U', 'B');
    for (const child of c.children().values()) {
      // Ordered by DECOM, then DEC.
      const sorted = [...child.episodes].sort((a, b) => compareNullsLast(a.DECOM, b.DECOM) || compareNullsLast(a.DEC, b.DEC));
      for (let i = 1; i < sorted.length; i += 1) {
        const e = sorted[i] as EpisodeRow;
        const previous = sorted[i - 1] as EpisodeRow;
        if (isIn(e.RNE, continuing) && (!has(previous, 'DEC') || !has(e, 'DECOM') || !sameText(previous, 'DEC', e, 'DECOM'))) c.flag(e);
      }
    }
  }),

  /**
   * 434: Reason for new episode is that child's legal status has changed but not the placement, but
   * this is not reflected in the episode data. (RNE L needs a new LS and the same placement type,
   * postcode, URN and provider.)
   */
  rule('434', ['episodes'], (c) =>
    eachWithPrevious(
      c,
      (e, previous) =>
        e.RNE === 'L' &&
        (same(e.LS, previous.LS) ||
          e.PLACE !== previous.PLACE ||
          e.PL_POST !== previous.PL_POST ||
          e.URN !== previous.URN ||
          e.PLACE_PROVIDER !== previous.PLACE_PROVIDER),
    ),
  ),

  /**
   * 435: Reason for new episode is that child’s placement has changed but not the legal status, but
   * this is not reflected in the episode data recorded. (RNE P or T needs the same LS and a change
   * of placement type, postcode, URN or provider.)
   */
  rule('435', ['episodes'], (c) =>
    eachWithPrevious(
      c,
      (e, previous) =>
        (e.RNE === 'P' || e.RNE === 'T') &&
        (!same(e.LS, previous.LS) ||
          (same(e.PLACE, previous.PLACE) &&
            same(e.PL_POST, previous.PL_POST) &&
            same(e.URN, previous.URN) &&
            same(e.PLACE_PROVIDER, previous.PLACE_PROVIDER))),
    ),
  ),

  /**
   * 436: Reason for new episode is that both child’s placement and legal status have changed, but
   * this is not reflected in the episode data. (RNE U or B needs a new LS and a change of placement
   * type, postcode, URN or provider; blanks compare equal.)
   */
  rule('436', ['episodes'], (c) =>
    eachWithPrevious(
      c,
      (e, previous) =>
        (e.RNE === 'U' || e.RNE === 'B') &&
        (e.LS === previous.LS ||
          (e.PLACE === previous.PLACE &&
            e.PL_POST === previous.PL_POST &&
            e.URN === previous.URN &&
            e.PLACE_PROVIDER === previous.PLACE_PROVIDER)),
    ),
  ),

  /** 437: Reason episode ceased is child has died or is aged 18 or over but there are further episodes. (REC E2 or E15.) */
  rule('437', ['episodes'], (c) => {
    for (const child of c.children().values()) {
      const sorted = c.episodesByStart(child);
      sorted.slice(0, -1).forEach((e) => {
        if (e.DECOM !== null && (e.REC === 'E2' || e.REC === 'E15')) c.flag(e);
      });
    }
  }),

  /** 501: A new episode has started before the end date of the previous episode. */
  rule('501', ['episodes'], (c) =>
    eachWithPrevious(c, (e, previous) => e.DECOM !== null && previous.DEC !== null && e.DECOM < previous.DEC),
  ),

  /**
   * 504: The category of need code differs from that reported at start of current period of being
   * looked after. (An episode continuing the previous one, REC X1 ending on its DECOM, keeps its CIN.)
   */
  rule('504', ['episodes'], (c) =>
    eachWithPrevious(c, (e, previous) => previous.REC === 'X1' && previous.DEC !== null && previous.DEC === e.DECOM && !same(e.CIN, previous.CIN)),
  ),
];

function compareNullsLast(a: IsoDate | null, b: IsoDate | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
