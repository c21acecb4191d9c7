/**
 * Rules joining a child's episodes to their details (header.csv): age at the start or end of an
 * episode, the UPN and mother status of a looked-after child.
 */
import { addDays } from '../../../../core/dates.ts';
import type { EpisodeRow, HeaderRow } from '../model.ts';
import { codes, has, isIn, latest, earliest } from './helpers.ts';
import { rule, type RuleContext, type RuleDef } from './engine.ts';
import { RESPITE } from './episodes.ts';

/** Calls `check` for each episode with each header row of its child; flags the episode (and the header row if asked). */
function eachEpisodeWithHeader(
  c: RuleContext,
  check: (episode: EpisodeRow, header: HeaderRow) => boolean,
  flagHeader = false,
): void {
  for (const child of c.children().values()) {
    for (const e of child.episodes) {
      for (const h of child.header) {
        if (!check(e, h)) continue;
        c.flag(e);
        if (flagHeader) c.flag(h);
      }
    }
  }
}

/** The placement needs the child to be at least `years` old when it starts (closed episodes with a known DOB). */
function tooYoungFor(c: RuleContext, place: string, years: number): void {
  eachEpisodeWithHeader(c, (e, h) => {
    if (e.PLACE !== place || e.DECOM === null || e.DEC === null) return false;
    const birthday = c.birthday(h.DOB, years);
    return birthday !== null && e.DECOM < birthday;
  });
}

/** The temporary placement may last at most `days` (closed episodes of a child with a known DOB). */
function tooLong(c: RuleContext, place: string, days: number): void {
  eachEpisodeWithHeader(c, (e, h) => e.PLACE === place && e.DECOM !== null && e.DEC !== null && h.DOB !== null && e.DEC > addDays(e.DECOM, days));
}

export const episodeHeaderRules: RuleDef[] = [
  /**
   * 210: Children looked after for more than a week at 31 March should not have an unknown Unique
   * Pupil Number (UPN) code of UN4. (UN4 with an episode starting on or after 24 March.)
   */
  rule('210', ['header', 'episodes'], (c) => {
    const reference = `${c.end.slice(0, 4)}-03-24`;
    eachEpisodeWithHeader(c, (e, h) => h.UPN === 'UN4' && e.DECOM !== null && e.DECOM >= reference, true);
  }),

  /**
   * 234: A child aged under 10 can not change placement due to being admitted to custody.
   * (REASON_PLACE_CHANGE CUSTOD before the 10th birthday.)
   */
  rule('234', ['header', 'episodes'], (c) => {
    eachEpisodeWithHeader(c, (e, h) => {
      if (e.REASON_PLACE_CHANGE !== 'CUSTOD' || e.DECOM === null) return false;
      const tenth = c.birthday(h.DOB, 10);
      return tenth !== null && tenth > e.DECOM;
    }, true);
  }),

  /** 302: First episode starts before child was born. */
  rule('302', ['header', 'episodes'], (c) => {
    for (const child of c.children().values()) {
      const first = earliest(child.episodes, (e) => e.DECOM);
      if (!first) continue;
      for (const h of child.header) {
        if (h.DOB !== null && h.DOB > (first.DECOM as string)) {
          c.flag(first);
          c.flag(h);
        }
      }
    }
  }),

  /** 352: Child who started to be looked after was aged 18 or over. (RNE S on or after the 18th birthday.) */
  rule('352', ['header', 'episodes'], (c) => {
    eachEpisodeWithHeader(c, (e, h) => {
      if (e.RNE !== 'S' || e.DECOM === null) return false;
      const eighteenth = c.birthday(h.DOB, 18);
      return eighteenth !== null && eighteenth <= e.DECOM;
    });
  }),

  /** 358: Child with this legal status should not be under 10. (J1-J3 starting on or before the 10th birthday.) */
  rule('358', ['header', 'episodes'], (c) => {
    const youthJustice = codes('J1', 'J2', 'J3');
    eachEpisodeWithHeader(c, (e, h) => {
      if (!isIn(e.LS, youthJustice) || e.DECOM === null) return false;
      const tenth = c.birthday(h.DOB, 10);
      return tenth !== null && tenth >= e.DECOM;
    }, true);
  }),

  /**
   * 359: Child being looked after following 18th birthday must be accommodated under section 20(5)
   * of the Children Act 1989 in a community home. (An open episode of a child 18 before 31 March
   * must be LS V2 with PLACE K2.)
   */
  rule('359', ['header', 'episodes'], (c) => {
    eachEpisodeWithHeader(c, (e, h) => {
      if (has(e, 'DEC') || (e.LS === 'V2' && e.PLACE === 'K2')) return false;
      const eighteenth = c.birthday(h.DOB, 18);
      return eighteenth !== null && eighteenth < c.end;
    });
  }),

  /** 371: Child in supported accomodation not subject to children’s homes regulations should be at least 16. (K3.) */
  rule('371', ['header', 'episodes'], (c) => tooYoungFor(c, 'K3', 16)),

  /** 372: Child in youth custody or prison should be at least 10. (R5.) */
  rule('372', ['header', 'episodes'], (c) => tooYoungFor(c, 'R5', 10)),

  /** 373: Child placed in a school should be at least 4 years old. (S1.) */
  rule('373', ['header', 'episodes'], (c) => tooYoungFor(c, 'S1', 4)),

  /** 374: Child in residential employment should be at least 14 years old. (P3.) */
  rule('374', ['header', 'episodes'], (c) => tooYoungFor(c, 'P3', 14)),

  /** 375: Hospitalisation coded as a temporary placement exceeds six weeks. (T1 over 42 days.) */
  rule('375', ['header', 'episodes'], (c) => tooLong(c, 'T1', 42)),

  /** 376: Temporary placements coded as being due to holiday of usual foster carer(s) cannot exceed three weeks. (T3.) */
  rule('376', ['header', 'episodes'], (c) => tooLong(c, 'T3', 21)),

  /** 379: Temporary placements for unspecified reason (placement code T4) cannot exceed seven days. */
  rule('379', ['header', 'episodes'], (c) => tooLong(c, 'T4', 7)),

  /** 386: Reason episode ceased is adopted but child has reached age 18. (E11/E12 on or after the 18th birthday.) */
  rule('386', ['header', 'episodes'], (c) => {
    eachEpisodeWithHeader(c, (e, h) => {
      if ((e.REC !== 'E11' && e.REC !== 'E12') || e.DEC === null) return false;
      const eighteenth = c.birthday(h.DOB, 18);
      return eighteenth !== null && eighteenth <= e.DEC;
    });
  }),

  /**
   * 387: Reason episode ceased is child moved into independent living arrangement, but the child is
   * aged under 14. (E5/E6 unless the 14th birthday is on or before DEC.)
   */
  rule('387', ['episodes', 'header'], (c) => {
    eachEpisodeOrOrphan(c, (e) => (e.REC === 'E5' || e.REC === 'E6') && e.DEC !== null, (e, h) => {
      const fourteenth = c.birthday(h?.DOB ?? null, 14);
      return !(fourteenth !== null && e.DEC !== null && fourteenth <= e.DEC);
    });
  }),

  /**
   * 389: Reason episode ceased is that child transferred to care of adult social care services, but
   * child is aged under 16. (E7 unless the 16th birthday is on or before DEC.)
   */
  rule('389', ['episodes', 'header'], (c) => {
    eachEpisodeOrOrphan(c, (e) => e.REC === 'E7', (e, h) => {
      const sixteenth = c.birthday(h?.DOB ?? null, 16);
      return !(sixteenth !== null && e.DEC !== null && sixteenth <= e.DEC);
    });
  }),

  /** 393: Child is looked after but mother field is not completed. (Girls with an episode other than respite.) */
  rule('393', ['header', 'episodes'], (c) => {
    const lookedAfter = new Set(c.rows('episodes').filter((e) => !isIn(e.LS, RESPITE)).map((e) => e.CHILD));
    for (const h of c.rows('header')) if (h.SEX === 'F' && h.MOTHER === null && lookedAfter.has(h.CHILD)) c.flag(h);
  }),

  /** 407: Reason episode ceased is Special Guardianship Order, but child has reached age 18. (E45-E48 after the 18th birthday.) */
  rule('407', ['header', 'episodes'], (c) => {
    const sgo = codes('E45', 'E46', 'E47', 'E48');
    eachEpisodeWithHeader(c, (e, h) => {
      if (!isIn(e.REC, sgo) || e.DEC === null) return false;
      const eighteenth = c.birthday(h.DOB, 18);
      return eighteenth !== null && eighteenth < e.DEC;
    }, true);
  }),

  /** 442: Unique Pupil Number (UPN) field is not completed. (For a child with an episode other than respite.) */
  rule('442', ['header', 'episodes'], (c) => {
    for (const child of c.children().values()) {
      if (!child.episodes.some((e) => !isIn(e.LS, RESPITE))) continue;
      for (const h of child.header) if (h.UPN === null) c.flag(h);
    }
  }),

  /**
   * 460: Reason episode ceased is that child stayed with current carers at age 18 (or above), but
   * child is aged under 18. (E17 before the 18th birthday.)
   */
  rule('460', ['header', 'episodes'], (c) => {
    eachEpisodeWithHeader(c, (e, h) => {
      if (e.REC !== 'E17' || e.DEC === null) return false;
      const eighteenth = c.birthday(h.DOB, 18);
      return eighteenth !== null && eighteenth > e.DEC;
    });
  }),

  /**
   * 607: Child ceased to be looked after in the year, but mother field has not been completed. (A
   * girl's episode other than respite ending in the year with REC other than X1.)
   */
  rule('607', ['header', 'episodes'], (c) => {
    eachEpisodeWithHeader(
      c,
      (e, h) =>
        e.DEC !== null &&
        e.REC !== null &&
        e.REC !== 'X1' &&
        !isIn(e.LS, RESPITE) &&
        e.DEC >= c.start &&
        e.DEC <= c.end &&
        h.SEX === 'F' &&
        h.MOTHER === null,
      true,
    );
  }),

  /**
   * 625: Date of birth of the first child is beyond the end of this reporting year or the date the
   * child ceased to be looked after. (MC_DOB after 31 March or after the latest DEC.)
   */
  rule('625', ['header', 'episodes'], (c) => {
    for (const child of c.children().values()) {
      const last = latest(child.episodes, (e) => e.DEC);
      if (!last) continue;
      for (const h of child.header) {
        if (h.MC_DOB !== null && (h.MC_DOB > c.end || h.MC_DOB > (last.DEC as string))) {
          c.flag(h);
          c.flag(last);
        }
      }
    }
  }),

];

/**
 * Like {@link eachEpisodeWithHeader}, but an episode whose child has no header row is checked once
 * with no header (an unknown date of birth), as a left join does.
 */
function eachEpisodeOrOrphan(
  c: RuleContext,
  relevant: (episode: EpisodeRow) => boolean,
  check: (episode: EpisodeRow, header: HeaderRow | undefined) => boolean,
): void {
  for (const e of c.rows('episodes')) {
    if (!relevant(e)) continue;
    const headers = c.child(e.CHILD)?.header ?? [];
    if (headers.length === 0) {
      if (check(e, undefined)) c.flag(e);
      continue;
    }
    for (const h of headers) {
      if (check(e, h)) {
        c.flag(e);
        break;
      }
    }
  }
}
